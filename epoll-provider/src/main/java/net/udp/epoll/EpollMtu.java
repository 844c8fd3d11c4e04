package net.udp.epoll;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Don't-fragment and the path MTU: {@code IP_MTU_DISCOVER} and {@code IPV6_DONTFRAG} to set the
 * bit, {@code IP_MTU} and {@code IPV6_MTU} to read what the kernel knows of a path. An IPv6 socket
 * gets the IPv4 option too, for the IPv4 peers of a dual-stack one.
 */
final class EpollMtu {
  private EpollMtu() {}

  static void dontFragment(int fd, boolean ipv6, boolean enabled) throws IOException {
    // WANT, the kernel's default for UDP, fragments what does not fit; DO refuses to, with EMSGSIZE.
    EpollOptions.setInt(fd, Linux.IPPROTO_IP, Linux.IP_MTU_DISCOVER, enabled ? Linux.IP_PMTUDISC_DO : Linux.IP_PMTUDISC_WANT);
    if (ipv6) {
      EpollOptions.setInt(fd, Linux.IPPROTO_IPV6, Linux.IPV6_MTU_DISCOVER, enabled ? Linux.IP_PMTUDISC_DO : Linux.IP_PMTUDISC_WANT);
      EpollOptions.setInt(fd, Linux.IPPROTO_IPV6, Linux.IPV6_DONTFRAG, enabled ? 1 : 0);
    }
  }

  /** The path MTU of a connected descriptor; -1 when it has none (not connected). */
  static int pathMtu(int fd, boolean ipv6) {
    try {
      return ipv6 ? EpollOptions.getInt(fd, Linux.IPPROTO_IPV6, Linux.IPV6_MTU) : EpollOptions.getInt(fd, Linux.IPPROTO_IP, Linux.IP_MTU);
    } catch (IOException e) {
      return -1; // ENOTCONN
    }
  }

  /**
   * The path MTU to an address, read on a descriptor of its own that is connected there and closed
   * again: connecting a UDP socket sends nothing, and the socket that failed stays as it was.
   */
  static int pathMtuTo(InetSocketAddress target) {
    if (target.isUnresolved()) {
      return -1;
    }
    boolean six = target.getAddress() instanceof Inet6Address;
    Scratch s = Scratch.get();
    int fd = Libc.socket(s.errno, six ? Linux.AF_INET6 : Linux.AF_INET, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      return -1;
    }
    try {
      int length = Sockaddrs.encode(target, six, s.address);
      return Libc.connect(s.errno, fd, s.address, length) < 0 ? -1 : pathMtu(fd, six);
    } finally {
      Libc.close(s.errno, fd);
    }
  }
}
