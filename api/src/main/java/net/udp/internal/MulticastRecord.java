package net.udp.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.udp.UdpMulticastInfo;
import org.jspecify.annotations.Nullable;

/**
 * The {@link UdpMulticastInfo} snapshot.
 *
 * @param networkInterface the outgoing interface, or {@code null} for the operating system's choice
 * @param ttl the TTL and hop limit, 0 to 255
 * @param loopback whether the host's own members receive what is sent
 * @param memberships the groups joined
 */
public record MulticastRecord(@Nullable String networkInterface, int ttl, boolean loopback, List<UdpMulticastInfo.Membership> memberships)
    implements UdpMulticastInfo {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if {@code ttl} is outside 0..255
   */
  public MulticastRecord {
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("ttl must be 0 to 255, not " + ttl);
    }
    memberships = List.copyOf(memberships);
  }

  /**
   * The settings by their names in {@link UdpMulticastInfo}.
   *
   * @return for example {@code UdpMulticastInfo[networkInterface=default, ttl=1, loopback=true, memberships=[]]}
   */
  @Override
  public String toString() {
    String nif = networkInterface;
    return "UdpMulticastInfo[networkInterface=" + (nif == null ? "default" : nif) + ", ttl=" + ttl + ", loopback=" + loopback
        + ", memberships=" + memberships + "]";
  }

  /**
   * The {@link UdpMulticastInfo.Membership} snapshot.
   *
   * @param group the group
   * @param networkInterface the interface joined on
   * @param source the one source, or {@code null}
   * @param blocked the blocked sources
   */
  public record MembershipRecord(InetAddress group, String networkInterface, @Nullable InetAddress source, Set<InetAddress> blocked)
      implements UdpMulticastInfo.Membership {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if {@code group}, {@code networkInterface} or {@code blocked} is null
     */
    public MembershipRecord {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(networkInterface, "networkInterface");
      blocked = Set.copyOf(blocked);
    }

    /**
     * The membership as a user names it.
     *
     * @return for example {@code 239.1.2.3 on eth0 from 10.0.0.1}
     */
    @Override
    public String toString() {
      InetAddress from = source;
      return group.getHostAddress() + " on " + networkInterface + (from == null ? "" : " from " + from.getHostAddress())
          + (blocked.isEmpty() ? "" : " blocking " + blocked.stream().map(InetAddress::getHostAddress).sorted().toList());
    }
  }
}
