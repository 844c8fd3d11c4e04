package net.udp.testkit.plain;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpMembership;
import net.udp.UdpMulticastInfo;
import org.jspecify.annotations.Nullable;

/**
 * Multicast for the {@link PlainSocket}, on the JDK's {@link MembershipKey}: the settings, applied
 * to each open, and the memberships of the current open. Guarded by the socket's lock.
 */
final class PlainMulticast {
  private final Object lock;
  private @Nullable NetworkInterface out;
  private int ttl = 1;
  private boolean loopback = true;
  private final List<Member> members = new ArrayList<>();

  PlainMulticast(Object lock) {
    this.lock = lock;
  }

  /** Applies what differs from the defaults to a new channel. */
  void applyTo(DatagramChannel channel) throws IOException {
    if (out != null) {
      channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, out);
    }
    if (ttl != 1) {
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }
    if (!loopback) {
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
    }
  }

  void outgoing(@Nullable NetworkInterface nif) {
    out = nif;
  }

  void ttl(int hops) {
    ttl = hops;
  }

  void loopback(boolean enabled) {
    loopback = enabled;
  }

  /**
   * Joins on the current open, after checking the arguments as the API says.
   *
   * @param l the current open, or {@code null} when the socket is not bound
   * @param problem why the socket cannot carry an address's version, or {@code null} when it can
   */
  UdpMembership join(@Nullable PlainLife l, String groupText, @Nullable String networkInterface, @Nullable String sourceText,
      java.util.function.@Nullable Function<InetAddress, @Nullable String> problem) {
    String operation = "join " + groupText + (networkInterface == null ? "" : " on " + networkInterface);
    InetAddress group = literal(operation, Objects.requireNonNull(groupText, "group"));
    if (!group.isMulticastAddress()) {
      throw new IllegalArgumentException(operation + ": " + groupText + " is not a multicast address");
    }
    InetAddress source = sourceText == null ? null : literal(operation, sourceText);
    if (source != null && (source instanceof Inet4Address) != (group instanceof Inet4Address)) {
      throw new IllegalArgumentException(operation + ": the source is not of the group's IP version");
    }
    NetworkInterface nif = networkInterface == null ? route(operation, group) : named(operation, networkInterface);
    if (l == null || problem == null) {
      throw new IllegalStateException(operation + ": the socket is not bound (or closed)");
    }
    String why = problem.apply(group);
    if (why != null) {
      throw new UdpException(operation + ": " + why);
    }
    for (Member m : members) {
      if (m.group.equals(group) && m.nif.equals(nif) && Objects.equals(m.source, source)) {
        throw new IllegalStateException(operation + ": the socket is already a member");
      }
    }
    try {
      MembershipKey key = source == null ? l.channel.join(group, nif) : l.channel.join(group, nif, source);
      Member m = new Member(l, key, group, nif, source);
      members.add(m);
      return m;
    } catch (IOException e) {
      throw new UdpException(operation + ": " + e.getMessage(), e);
    }
  }

  /** The open ended: so did its memberships. */
  void retire() {
    for (Member m : members) {
      m.valid = false;
    }
    members.clear();
  }

  UdpMulticastInfo describe(@Nullable PlainLife l) {
    int hops = ttl;
    boolean loop = loopback;
    if (l != null) {
      try {
        hops = l.channel.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
        loop = l.channel.getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
      } catch (IOException e) {
        // closing: the settings as asked
      }
    }
    List<UdpMulticastInfo.Membership> now = new ArrayList<>();
    for (Member m : members) {
      now.add(UdpMulticastInfo.Membership.of(m.group, m.nif.getName(), m.source, m.blocked));
    }
    NetworkInterface nif = out;
    return UdpMulticastInfo.of(nif == null ? null : nif.getName(), hops, loop, now);
  }

  /** The interface the route to a group takes: the one holding the source address of a socket connected to it. */
  static NetworkInterface route(String operation, InetAddress group) {
    try (DatagramChannel probe = DatagramChannel.open(group instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
      probe.connect(new InetSocketAddress(group, 9));
      NetworkInterface nif = NetworkInterface.getByInetAddress(((InetSocketAddress) Objects.requireNonNull(probe.getLocalAddress())).getAddress());
      if (nif == null) {
        throw new UdpException(operation + ": no interface holds the route's source address");
      }
      return nif;
    } catch (IOException e) {
      throw new UdpException(operation + ": no route to the group: " + e.getMessage(), e);
    }
  }

  /** An interface by name, that can multicast. */
  static NetworkInterface named(String operation, String name) {
    try {
      NetworkInterface nif = NetworkInterface.getByName(name);
      if (nif == null) {
        throw new IllegalArgumentException(operation + ": no network interface is named " + name);
      }
      if (!nif.isUp() || !nif.supportsMulticast()) {
        throw new UdpException(operation + ": " + name + " cannot multicast");
      }
      return nif;
    } catch (java.net.SocketException e) {
      throw new UdpException(operation + ": " + name + ": " + e.getMessage(), e);
    }
  }

  /** An IP literal, or a bad argument. */
  static InetAddress literal(String operation, String text) {
    InetSocketAddress a = Udp.parseAddress(text, 0).orElse(null);
    if (a == null || a.isUnresolved()) {
      throw new IllegalArgumentException(operation + ": \"" + text + "\" is not an IP literal");
    }
    return a.getAddress();
  }

  /** One membership, valid until dropped or its open ends. */
  private final class Member implements UdpMembership {
    final PlainLife life;
    final MembershipKey key;
    final InetAddress group;
    final NetworkInterface nif;
    final @Nullable InetAddress source;
    final Set<InetAddress> blocked = new LinkedHashSet<>(); // guarded by lock
    volatile boolean valid = true;

    Member(PlainLife life, MembershipKey key, InetAddress group, NetworkInterface nif, @Nullable InetAddress source) {
      this.life = life;
      this.key = key;
      this.group = group;
      this.nif = nif;
      this.source = source;
    }

    @Override
    public InetAddress group() {
      return group;
    }

    @Override
    public String networkInterface() {
      return nif.getName();
    }

    @Override
    public @Nullable InetAddress source() {
      return source;
    }

    @Override
    public Set<InetAddress> blocked() {
      synchronized (lock) {
        return Set.copyOf(blocked);
      }
    }

    @Override
    public boolean isValid() {
      return valid;
    }

    @Override
    public UdpMembership block(String text) {
      InetAddress s = checked("block " + text, text);
      synchronized (lock) {
        if (source != null) {
          throw new IllegalStateException("block " + text + ": a source-specific membership has nothing to block");
        }
        try {
          key.block(s);
        } catch (IOException e) {
          throw new UdpException("block " + text + ": " + e.getMessage(), e);
        }
        blocked.add(s);
      }
      return this;
    }

    @Override
    public UdpMembership unblock(String text) {
      InetAddress s = checked("unblock " + text, text);
      synchronized (lock) {
        if (!blocked.remove(s)) {
          throw new IllegalStateException("unblock " + text + ": not blocked");
        }
        key.unblock(s);
      }
      return this;
    }

    @Override
    public void drop() {
      synchronized (lock) {
        if (valid) {
          valid = false;
          key.drop();
          members.remove(this);
        }
      }
    }

    private InetAddress checked(String operation, String text) {
      InetAddress s = literal(operation, text);
      if ((s instanceof Inet4Address) != (group instanceof Inet4Address)) {
        throw new IllegalArgumentException(operation + ": not of the group's IP version");
      }
      if (!valid || !life.open) {
        throw new IllegalStateException(operation + ": the membership has ended");
      }
      return s;
    }
  }
}
