package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import net.udp.provider.OpenRequest;

/** Socket options of the epoll provider's descriptors: {@code setsockopt} and {@code getsockopt} of ints. */
final class EpollOptions {
  private EpollOptions() {}

  /** Sets what an open request asks for, before the descriptor is bound. */
  static void configure(Scratch s, int fd, OpenRequest request) throws IOException {
    if (request.family() == StandardProtocolFamily.INET6) {
      setInt(s, fd, Linux.IPPROTO_IPV6, Linux.IPV6_V6ONLY, request.ipv6Only() ? 1 : 0);
    }
    if (request.reusePort()) {
      setInt(s, fd, Linux.SOL_SOCKET, Linux.SO_REUSEPORT, 1);
    }
    setInt(s, fd, Linux.SOL_SOCKET, Linux.SO_BROADCAST, request.broadcast() ? 1 : 0);
    if (request.socketReceiveBuffer() > 0) {
      setInt(s, fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, request.socketReceiveBuffer());
    }
    if (request.socketSendBuffer() > 0) {
      setInt(s, fd, Linux.SOL_SOCKET, Linux.SO_SNDBUF, request.socketSendBuffer());
    }
    setInt(s, fd, Linux.SOL_SOCKET, Linux.SO_RXQ_OVFL, 1);
  }

  /**
   * Turns generic receive offload ({@code UDP_GRO}) on or off.
   *
   * @return whether the descriptor now receives that way: {@code false} on a kernel without the
   *     option (before 5.0), where datagrams come one at a time as they did
   */
  static boolean receiveOffload(int fd, boolean enabled) throws IOException {
    Scratch s = Scratch.get();
    s.value.set(JAVA_INT, 0, enabled ? 1 : 0);
    if (Libc.setsockopt(s.errno, fd, Linux.SOL_UDP, Linux.UDP_GRO, s.value, 4) < 0) {
      int errno = Libc.errno(s.errno);
      if (errno != Linux.ENOPROTOOPT) {
        throw Errors.exception(errno);
      }
      return false;
    }
    return enabled;
  }

  static void setInt(int fd, int level, int option, int value) throws IOException {
    setInt(Scratch.get(), fd, level, option, value);
  }

  static void setInt(Scratch s, int fd, int level, int option, int value) throws IOException {
    s.value.set(JAVA_INT, 0, value);
    if (Libc.setsockopt(s.errno, fd, level, option, s.value, 4) < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
  }

  static int getInt(int fd, int level, int option) throws IOException {
    Scratch s = Scratch.get();
    s.length.set(JAVA_INT, 0, 4);
    if (Libc.getsockopt(s.errno, fd, level, option, s.value, s.length) < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
    return s.value.get(JAVA_INT, 0);
  }
}
