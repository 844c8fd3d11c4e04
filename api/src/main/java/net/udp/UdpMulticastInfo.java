package net.udp;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import net.udp.internal.MulticastRecord;
import org.jspecify.annotations.Nullable;

/**
 * A socket's multicast settings and memberships, as {@link UdpSocketInfo#multicast()} shows them:
 * an immutable snapshot.
 */
public interface UdpMulticastInfo {

  /** What a new socket has: the operating system's choice of interface, TTL 1, loopback on, no memberships. */
  UdpMulticastInfo DEFAULT = of(null, 1, true, List.of());

  /**
   * A snapshot.
   *
   * @param networkInterface the interface multicast datagrams leave by, or {@code null} for the
   *     operating system's choice
   * @param ttl the TTL (IPv4) and hop limit (IPv6) of multicast datagrams sent, 0 to 255
   * @param loopback whether this host's own members of a group receive what is sent to it
   * @param memberships the groups joined
   * @return the snapshot
   */
  static UdpMulticastInfo of(@Nullable String networkInterface, int ttl, boolean loopback, List<? extends Membership> memberships) {
    return new MulticastRecord(networkInterface, ttl, loopback, List.copyOf(memberships));
  }

  /**
   * The interface multicast datagrams leave by ({@link UdpSocket#setMulticastInterface}).
   *
   * @return its name, or {@code null} for the operating system's choice
   */
  @Nullable String networkInterface();

  /**
   * The TTL (IPv4) and hop limit (IPv6) of the multicast datagrams the socket sends
   * ({@link UdpSocket#setMulticastTtl}).
   *
   * @return 0 to 255; 1, the default, keeps them on the local network; 0 on this host
   */
  int ttl();

  /**
   * Whether this host's own members of a group receive what the socket sends to it
   * ({@link UdpSocket#setMulticastLoopback}).
   *
   * @return the setting; on by default
   */
  boolean loopback();

  /**
   * The groups the socket is a member of, in the order joined.
   *
   * @return the memberships; empty for a socket that joined none, or is closed
   */
  List<Membership> memberships();

  /** A membership of a multicast group, as it stands. */
  interface Membership {
    /**
     * A snapshot of a membership.
     *
     * @param group the group
     * @param networkInterface the interface joined on
     * @param source the one source of a source-specific membership, or {@code null}
     * @param blocked the sources blocked in an any-source membership
     * @return the snapshot
     */
    static Membership of(InetAddress group, String networkInterface, @Nullable InetAddress source, Set<InetAddress> blocked) {
      return new MulticastRecord.MembershipRecord(group, networkInterface, source, Set.copyOf(blocked));
    }

    /**
     * The group.
     *
     * @return its address
     */
    InetAddress group();

    /**
     * The interface the group was joined on: the one named in {@code join}, or the one the
     * operating system's route to the group takes.
     *
     * @return its name
     */
    String networkInterface();

    /**
     * For a source-specific membership, the one source whose datagrams are delivered.
     *
     * @return the source, or {@code null} for an any-source membership
     */
    @Nullable InetAddress source();

    /**
     * The sources whose datagrams an any-source membership does not deliver.
     *
     * @return the blocked sources; empty when none is, and always for a source-specific membership
     */
    Set<InetAddress> blocked();
  }
}
