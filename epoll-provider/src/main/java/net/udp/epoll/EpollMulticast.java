package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import net.udp.provider.OsSocket;
import org.jspecify.annotations.Nullable;

/**
 * Multicast on an epoll socket, through the protocol-independent options ({@code MCAST_JOIN_GROUP}
 * and its family, which take an interface index and a {@code sockaddr_storage}) and the
 * per-version settings. An IPv4 group on a dual-stack IPv6 socket is joined at the IPv4 level,
 * which Linux allows on IPv6 sockets; the settings are set for both versions on such a socket.
 * Called under the socket's state lock, as the kit's other calls.
 */
final class EpollMulticast {
  private EpollMulticast() {}

  static OsSocket.Membership join(int fd, InetAddress group, NetworkInterface nif, @Nullable InetAddress source) throws IOException {
    int level = level(group);
    int index = nif.getIndex();
    if (source == null) {
      request(fd, level, Linux.MCAST_JOIN_GROUP, index, group, null);
    } else {
      request(fd, level, Linux.MCAST_JOIN_SOURCE_GROUP, index, group, source);
    }
    return new OsSocket.Membership() {
      @Override
      public void block(InetAddress blocked) throws IOException {
        request(fd, level, Linux.MCAST_BLOCK_SOURCE, index, group, blocked);
      }

      @Override
      public void unblock(InetAddress blocked) throws IOException {
        request(fd, level, Linux.MCAST_UNBLOCK_SOURCE, index, group, blocked);
      }

      @Override
      public void drop() throws IOException {
        if (source == null) {
          request(fd, level, Linux.MCAST_LEAVE_GROUP, index, group, null);
        } else {
          request(fd, level, Linux.MCAST_LEAVE_SOURCE_GROUP, index, group, source);
        }
      }
    };
  }

  static void setInterface(int fd, boolean ipv6, NetworkInterface nif) throws IOException {
    Scratch s = Scratch.get();
    if (ipv6) {
      EpollOptions.setInt(s, fd, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_IF, nif.getIndex());
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mreqn = arena.allocate(Linux.IP_MREQN);
      mreqn.set(JAVA_INT, Linux.IMR_IFINDEX, nif.getIndex());
      if (Libc.setsockopt(s.errno, fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_IF, mreqn, (int) Linux.IP_MREQN.byteSize()) < 0 && !ipv6) {
        throw Errors.exception(Libc.errno(s.errno)); // on an IPv6-only socket the IPv4 side may refuse: it carries none
      }
    }
  }

  static void setTtl(int fd, boolean ipv6, int hops) throws IOException {
    setBoth(fd, ipv6, Linux.IP_MULTICAST_TTL, Linux.IPV6_MULTICAST_HOPS, hops);
  }

  static void setLoopback(int fd, boolean ipv6, boolean enabled) throws IOException {
    setBoth(fd, ipv6, Linux.IP_MULTICAST_LOOP, Linux.IPV6_MULTICAST_LOOP, enabled ? 1 : 0);
  }

  static int ttl(int fd, boolean ipv6) throws IOException {
    return ipv6 ? EpollOptions.getInt(fd, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_HOPS) : EpollOptions.getInt(fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_TTL);
  }

  static boolean loopback(int fd, boolean ipv6) throws IOException {
    int value = ipv6 ? EpollOptions.getInt(fd, Linux.IPPROTO_IPV6, Linux.IPV6_MULTICAST_LOOP) : EpollOptions.getInt(fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_LOOP);
    return value != 0;
  }

  /** Sets an IPv6 option on an IPv6 socket and, best effort there, its IPv4 twin (a dual-stack socket sends both). */
  private static void setBoth(int fd, boolean ipv6, int ipv4Option, int ipv6Option, int value) throws IOException {
    Scratch s = Scratch.get();
    if (ipv6) {
      EpollOptions.setInt(s, fd, Linux.IPPROTO_IPV6, ipv6Option, value);
      s.value.set(JAVA_INT, 0, value);
      var _ = Libc.setsockopt(s.errno, fd, Linux.IPPROTO_IP, ipv4Option, s.value, 4); // refused only where IPv4 is not carried
    } else {
      EpollOptions.setInt(s, fd, Linux.IPPROTO_IP, ipv4Option, value);
    }
  }

  private static int level(InetAddress group) {
    return group instanceof Inet4Address ? Linux.IPPROTO_IP : Linux.IPPROTO_IPV6;
  }

  /** A {@code group_req} or, with a source, a {@code group_source_req}, set as an option. */
  private static void request(int fd, int level, int option, int index, InetAddress group, @Nullable InetAddress source) throws IOException {
    Scratch s = Scratch.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment req;
      if (source == null) {
        req = arena.allocate(Linux.GROUP_REQ);
        req.set(JAVA_INT, 0, index);
        Sockaddrs.encode(new InetSocketAddress(group, 0), group instanceof Inet6Address, req.asSlice(Linux.GR_GROUP));
      } else {
        req = arena.allocate(Linux.GROUP_SOURCE_REQ);
        req.set(JAVA_INT, 0, index);
        Sockaddrs.encode(new InetSocketAddress(group, 0), group instanceof Inet6Address, req.asSlice(Linux.GSR_GROUP));
        Sockaddrs.encode(new InetSocketAddress(source, 0), source instanceof Inet6Address, req.asSlice(Linux.GSR_SOURCE));
      }
      if (Libc.setsockopt(s.errno, fd, level, option, req, (int) req.byteSize()) < 0) {
        throw Errors.exception(Libc.errno(s.errno));
      }
    }
  }
}
