package net.udp;

/**
 * What a socket can be asked to learn about each datagram it receives, beyond its payload and
 * sender: the facts a QUIC stack, a media server or a multi-homed server needs, which the
 * operating system hands over with the datagram when asked ({@link
 * UdpSocketSettings#setReceiveMetadata(java.util.Set)}) and the receive callback reads from a
 * {@link ReceivedMetadata}.
 *
 * <p>A provider tells which it can collect in {@link UdpSocketInfo#receiveMetadata()}: the epoll
 * provider collects all of them; the nio provider, over {@link java.nio.channels.DatagramChannel},
 * none, as the JDK hands over no control messages.
 */
public enum UdpMetadata {
  /**
   * The local address the datagram was sent to, and the index of the interface it arrived on
   * ({@code IP_PKTINFO}, {@code IPV6_RECVPKTINFO}): a server bound to the wildcard address answers
   * from the address it was reached at.
   */
  DESTINATION,

  /**
   * The ECN codepoint of the datagram's IP header ({@code IP_RECVTOS}, {@code IPV6_RECVTCLASS}):
   * 0 not ECN-capable, 1 ECT(1), 2 ECT(0), 3 CE (congestion experienced), as RFC 3168 numbers
   * them; QUIC's congestion control counts them (RFC 9000, section 13.4).
   */
  ECN,

  /**
   * The TTL (IPv4) or hop limit (IPv6) the datagram arrived with ({@code IP_RECVTTL}, {@code
   * IPV6_RECVHOPLIMIT}).
   */
  HOP_LIMIT,

  /**
   * The time the kernel received the datagram ({@code SO_TIMESTAMPNS}), so that round-trip and
   * jitter estimates leave out the time the datagram waited for the event loop. Linux stamps
   * datagrams as they arrive only while some socket of the system asks for it, and starts a few
   * milliseconds after the first one does: a datagram that arrived before then is stamped when it
   * is read.
   */
  RECEIVE_TIME
}
