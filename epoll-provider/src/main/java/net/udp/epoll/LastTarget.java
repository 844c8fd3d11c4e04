package net.udp.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The last destination a sender encoded as a {@code sockaddr}, kept so that the next send to it
 * copies nothing new: a sender mostly sends to the same few peers, and encoding allocates ({@code
 * InetAddress.getAddress()} copies). Used by one thread at a time.
 */
final class LastTarget {
  /** The encoded address, {@code sizeof(struct sockaddr_in6)} bytes. */
  final MemorySegment encoded;

  private @Nullable InetSocketAddress address;
  private boolean onIPv6Socket;
  private int length;

  LastTarget(Arena arena) {
    encoded = arena.allocate(Linux.SOCKADDR_IN6.byteSize(), 8);
  }

  /**
   * Encodes a destination into {@link #encoded}, or finds it there already.
   *
   * @param to the destination
   * @param ipv6Socket whether the sending socket is IPv6 (IPv4 destinations are then mapped)
   * @return the length of the encoded address
   */
  int encode(InetSocketAddress to, boolean ipv6Socket) {
    InetSocketAddress last = address;
    boolean same = last != null && to.equals(last) && scopeId(to) == scopeId(last);
    if (!same || ipv6Socket != onIPv6Socket) {
      length = Sockaddrs.encode(to, ipv6Socket, encoded);
      address = to;
      onIPv6Socket = ipv6Socket;
    }
    return length;
  }

  // Inet6Address.equals ignores the scope id, which the encoded address carries.
  private static int scopeId(InetSocketAddress a) {
    return a.getAddress() instanceof Inet6Address six ? six.getScopeId() : 0;
  }
}
