package net.udp;

/**
 * A socket's membership of a multicast group, returned by {@link UdpSocket#join}: while it is
 * valid, the socket receives the datagrams sent to the group (from any source, but those blocked,
 * or from the one source of a source-specific membership). It ends with {@link #drop()} or when
 * the socket is closed. Safe to use from any thread.
 *
 * {@snippet :
 * UdpSocket socket = Udp.newSocket(callback).reusePort().listen(5353).receive();
 * UdpMembership mdns = socket.join("224.0.0.251", "eth0");
 * mdns.block("192.168.1.13");   // a noisy neighbour
 * // ...
 * mdns.drop();
 * }
 */
public interface UdpMembership extends UdpMulticastInfo.Membership {

  /**
   * Tells whether the membership still holds: not dropped, and its socket not closed since.
   *
   * @return {@code true} while it holds
   */
  boolean isValid();

  /**
   * Stops delivering the datagrams of one source, in an any-source membership.
   *
   * @param source an IP literal of the family of the group
   * @return this membership
   * @throws IllegalArgumentException if {@code source} is not an IP literal of the group's family
   * @throws IllegalStateException if this is a source-specific membership, or no longer valid
   * @throws UnsupportedOperationException if the operating system cannot block sources
   * @throws UdpException if the operating system refuses
   */
  UdpMembership block(String source);

  /**
   * Delivers again the datagrams of a source that {@link #block} stopped.
   *
   * @param source an IP literal blocked before
   * @return this membership
   * @throws IllegalArgumentException if {@code source} is not an IP literal of the group's family
   * @throws IllegalStateException if the source is not blocked, or the membership is no longer valid
   * @throws UdpException if the operating system refuses
   */
  UdpMembership unblock(String source);

  /** Leaves the group: the socket receives its datagrams no more. Idempotent. */
  void drop();
}
