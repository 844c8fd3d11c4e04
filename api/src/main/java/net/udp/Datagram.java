package net.udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A datagram to send: its payload, where it goes, and a tag of the caller's; handed to {@link
 * UdpSocket#send(Datagram, SendCallback)} or {@link UdpSocket#sendAsync(Datagram)}.
 *
 * {@snippet :
 * socket.send(Datagram.of("ping").to("localhost", 9001).tag(7), (tag, failure) -> log(tag, failure));
 * socket.sendAsync(Datagram.of(request).to(server)).join();
 * socket.send(Datagram.of(file).to(peer).segments(1200), onSent); // 1200-byte datagrams, one callback
 * }
 *
 * <p>A datagram is read when {@code send} is called and never after: once {@code send} returns, the
 * caller may change it, its payload buffer included, and send it again. A loop that sends from a
 * callback can therefore keep one {@code Datagram} and allocate nothing per send. Like {@link
 * java.net.DatagramPacket}, it is not safe for use by several threads at once: give each thread its
 * own.
 *
 * <p>A datagram with no destination goes to the address the socket is {@linkplain
 * UdpSocket#connect(String, int) connected} to; on a socket that is not connected its send fails,
 * through its callback.
 */
public final class Datagram {
  /** The largest segment size, in bytes: the largest UDP payload over IPv6 without jumbograms. */
  public static final int MAX_SEGMENT_SIZE = 65_527;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private ByteBuffer payload = EMPTY;
  private @Nullable InetSocketAddress target;
  private long tag = UdpSocket.NO_TAG;
  private int segmentSize;
  private int ecn = -1;
  private @Nullable InetAddress source;

  /** An empty datagram, with no destination and no tag. */
  public Datagram() {}

  /**
   * A datagram of a buffer's remaining bytes.
   *
   * @param payload the buffer; its bytes are read when the datagram is sent, not now
   * @return a new datagram with no destination and no tag
   */
  public static Datagram of(ByteBuffer payload) {
    return new Datagram().payload(payload);
  }

  /**
   * A datagram of an array's bytes.
   *
   * @param payload the bytes; read when the datagram is sent, not now
   * @return a new datagram with no destination and no tag
   */
  public static Datagram of(byte[] payload) {
    return new Datagram().payload(payload);
  }

  /**
   * A datagram of a text's UTF-8 bytes.
   *
   * @param text the text
   * @return a new datagram with no destination and no tag
   */
  public static Datagram of(String text) {
    return new Datagram().payload(text);
  }

  /**
   * Sets the payload to a buffer's remaining bytes, as they are when the datagram is sent. Sending
   * leaves the buffer's position and limit as they were.
   *
   * @param payload the buffer
   * @return this datagram
   */
  public Datagram payload(ByteBuffer payload) {
    this.payload = Objects.requireNonNull(payload, "payload");
    return this;
  }

  /**
   * Sets the payload to an array's bytes.
   *
   * @param payload the bytes
   * @return this datagram
   */
  public Datagram payload(byte[] payload) {
    return payload(ByteBuffer.wrap(Objects.requireNonNull(payload, "payload")));
  }

  /**
   * Sets the payload to a text's UTF-8 bytes.
   *
   * @param text the text
   * @return this datagram
   */
  public Datagram payload(String text) {
    return payload(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends to an address. An {@linkplain InetSocketAddress#createUnresolved unresolved} one is
   * resolved by the socket, off its event loop, choosing the address by {@link
   * UdpSocket#preferIPv(int)}.
   *
   * @param target the destination
   * @return this datagram
   */
  public Datagram to(InetSocketAddress target) {
    this.target = Objects.requireNonNull(target, "target");
    return this;
  }

  /**
   * Sends to a host and port. An IP literal ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}) is
   * used as it is, never looked up; a host name is resolved by the socket when the datagram is
   * sent, off its event loop.
   *
   * @param host a host name or IP literal
   * @param port the destination port, 0 to 65535 (0 is refused by the operating system, which the
   *     send's callback reports)
   * @return this datagram
   * @throws IllegalArgumentException if {@code port} is outside 0..65535, or {@code host} is empty
   *     or neither an IP literal nor a host name
   */
  public Datagram to(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("Datagram.to: the host is empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Datagram.to: port must be 0 to 65535, not " + port);
    }
    this.target = Udp.parseAddress(host, port).orElseThrow(
        () -> new IllegalArgumentException("Datagram.to: \"" + host + "\" is neither an IP address nor a host name"));
    return this;
  }

  /**
   * Sends to the address the socket is connected to: clears the destination, the default.
   *
   * @return this datagram
   */
  public Datagram toPeer() {
    this.target = null;
    return this;
  }

  /**
   * Sets a number of the caller's, handed back to the send's callback.
   *
   * @param tag any number; {@link UdpSocket#NO_TAG}, the default, for none
   * @return this datagram
   */
  public Datagram tag(long tag) {
    this.tag = tag;
    return this;
  }

  /**
   * Sends the payload as consecutive datagrams of {@code size} bytes each, the last one shorter
   * when the payload is not a multiple of it: the same datagrams, in the same order, as that many
   * sends, in as few system calls as the provider can make. The epoll provider, where the kernel
   * and the route allow it, hands up to 64 of them to the kernel at once (UDP generic segmentation
   * offload); {@link UdpSocketInfo#segmentationOffload()} tells whether it does. An empty payload is
   * one empty datagram. The send's callback is told once, for them all: sent when every datagram
   * was, or the first failure.
   *
   * @param size the size of every datagram but the last, 1 to {@value #MAX_SEGMENT_SIZE}; 0, the
   *     default, sends the payload as one datagram
   * @return this datagram
   * @throws IllegalArgumentException if {@code size} is outside 0..{@value #MAX_SEGMENT_SIZE}
   */
  public Datagram segments(int size) {
    if (size < 0 || size > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException("Datagram.segments: size must be 0 to 65527, not " + size);
    }
    this.segmentSize = size;
    return this;
  }

  /**
   * Sets the ECN codepoint of the datagram's IP header (the two low bits of the TOS byte or
   * traffic class), as QUIC marks its packets (RFC 9000, section 13.4): 0 not ECN-capable, 1
   * ECT(1), 2 ECT(0), 3 CE. The epoll provider sends it with the datagram ({@code IP_TOS}, {@code
   * IPV6_TCLASS}); the nio provider sets its channel's TOS byte to it before the send (and back to
   * 0 before one with none). A provider that cannot fails the send, through its callback, rather
   * than send it unmarked.
   *
   * @param codepoint 0 to 3, or -1, the default, for the socket's own
   * @return this datagram
   * @throws IllegalArgumentException if {@code codepoint} is outside -1..3
   */
  public Datagram ecn(int codepoint) {
    if (codepoint < -1 || codepoint > 3) {
      throw new IllegalArgumentException("Datagram.ecn: codepoint must be 0 to 3, or -1 for none, not " + codepoint);
    }
    this.ecn = codepoint;
    return this;
  }

  /**
   * Sends from one of this host's addresses, whatever the socket is bound to ({@code IP_PKTINFO},
   * {@code IPV6_PKTINFO}): a server bound to the wildcard address answers from the address it was
   * reached at ({@link ReceivedMetadata#destination()}), unless that was a multicast group or a
   * broadcast address, which no datagram can come from (the operating system refuses the send).
   * An IPv6 address's scope is not used: the route chooses the interface. A provider that cannot
   * fails the send, through its callback, rather than send it from another address.
   *
   * @param source a local address of the destination's family, or {@code null}, the default, for
   *     the one the operating system chooses
   * @return this datagram
   */
  public Datagram from(@Nullable InetAddress source) {
    this.source = source;
    return this;
  }

  /**
   * The payload buffer, whose remaining bytes are sent.
   *
   * @return the buffer given, or an empty one
   */
  public ByteBuffer payload() {
    return payload;
  }

  /**
   * The destination.
   *
   * @return the address given, or {@code null} for the connected one
   */
  public @Nullable InetSocketAddress target() {
    return target;
  }

  /**
   * The caller's tag.
   *
   * @return the tag, or {@link UdpSocket#NO_TAG}
   */
  public long tag() {
    return tag;
  }

  /**
   * The size the payload is cut into.
   *
   * @return the segment size, or 0 for one datagram
   */
  public int segmentSize() {
    return segmentSize;
  }

  /**
   * The ECN codepoint to send.
   *
   * @return 0 to 3, or -1 for the socket's own
   */
  public int ecn() {
    return ecn;
  }

  /**
   * The source address to send from.
   *
   * @return the address, or {@code null} for the operating system's choice
   */
  public @Nullable InetAddress source() {
    return source;
  }

  /**
   * Describes the datagram for logs: payload length, destination, tag and segment size.
   *
   * @return for example {@code Datagram[4 bytes to 127.0.0.1:9001, tag 7]}
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Datagram[").append(payload.remaining()).append(" bytes to ");
    text.append(target == null ? "the connected peer" : Udp.formatAddress(target));
    if (tag != UdpSocket.NO_TAG) {
      text.append(", tag ").append(tag);
    }
    if (segmentSize > 0) {
      text.append(", in segments of ").append(segmentSize);
    }
    if (ecn >= 0) {
      text.append(", ECN ").append(ecn);
    }
    InetAddress from = source;
    if (from != null) {
      text.append(", from ").append(from.getHostAddress());
    }
    return text.append(']').toString();
  }
}
