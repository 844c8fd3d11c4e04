package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * The control messages a datagram is sent with when it carries an ECN codepoint ({@code IP_TOS},
 * {@code IPV6_TCLASS}) or a source address ({@code IP_PKTINFO}, {@code IPV6_PKTINFO}), written
 * into a buffer the caller owns. An IPv4 destination gets the IPv4 messages, on an IPv6 socket
 * too (the kernel sends to an IPv4-mapped address the IPv4 way). One per ring: it keeps the raw
 * bytes of the last source address, so that replies from one address allocate nothing. Used by
 * one thread at a time, as its ring is.
 */
final class SendControls {
  private @Nullable InetAddress lastSource;
  private byte[] lastRaw = new byte[0];

  /** Room for both messages: a TOS (24 bytes with its header) and an in6_pktinfo (40). */
  static final long SPACE = 64;

  private static final long INT_LENGTH = Linux.CMSG_DATA + 4;
  private static final long PKTINFO4_LENGTH = Linux.CMSG_DATA + 12; // struct in_pktinfo
  private static final long PKTINFO6_LENGTH = Linux.CMSG_DATA + 20; // struct in6_pktinfo

  /**
   * Whether a source address can go with a destination: both IPv4, or both IPv6.
   *
   * @param ipv4 whether the destination is an IPv4 address
   * @param source the address to send from, or {@code null}
   * @return {@code true} when it can, or there is none
   */
  static boolean fits(boolean ipv4, @Nullable InetAddress source) {
    return source == null || (source instanceof Inet4Address) == ipv4;
  }

  /**
   * Writes the messages at {@code at}; the source, if any, {@linkplain #fits fits}.
   *
   * @param ipv4 whether the destination is an IPv4 address
   * @param ecn 0 to 3, or -1 for none
   * @param source the address to send from, or {@code null}
   * @return the bytes written, each message rounded up to 8; 0 for none
   */
  @SuppressWarnings("ReferenceEquality") // the same address object as last time: its bytes are known
  long write(MemorySegment controls, long at, boolean ipv4, int ecn, @Nullable InetAddress source) {
    long used = 0;
    if (ecn >= 0) {
      header(controls, at, INT_LENGTH, ipv4 ? Linux.IPPROTO_IP : Linux.IPPROTO_IPV6, ipv4 ? Linux.IP_TOS : Linux.IPV6_TCLASS);
      controls.set(JAVA_INT, at + Linux.CMSG_DATA, ecn);
      used += align(INT_LENGTH);
    }
    if (source != null) {
      long c = at + used;
      if (source != lastSource) {
        lastRaw = source.getAddress();
        lastSource = source;
      }
      byte[] raw = lastRaw;
      if (ipv4) {
        header(controls, c, PKTINFO4_LENGTH, Linux.IPPROTO_IP, Linux.IP_PKTINFO);
        controls.asSlice(c + Linux.CMSG_DATA, 12).fill((byte) 0); // any interface; the kernel fills ipi_addr
        MemorySegment.copy(raw, 0, controls, JAVA_BYTE, c + Linux.CMSG_DATA + 4, 4); // ipi_spec_dst
        used += align(PKTINFO4_LENGTH);
      } else {
        header(controls, c, PKTINFO6_LENGTH, Linux.IPPROTO_IPV6, Linux.IPV6_PKTINFO);
        controls.asSlice(c + Linux.CMSG_DATA, 20).fill((byte) 0);
        MemorySegment.copy(raw, 0, controls, JAVA_BYTE, c + Linux.CMSG_DATA, 16); // ipi6_addr; ipi6_ifindex 0
        used += align(PKTINFO6_LENGTH);
      }
    }
    return used;
  }

  private static void header(MemorySegment controls, long at, long length, int level, int type) {
    controls.set(JAVA_LONG, at, length);
    controls.set(JAVA_INT, at + Linux.CMSG_LEVEL, level);
    controls.set(JAVA_INT, at + Linux.CMSG_TYPE, type);
  }

  private static long align(long length) {
    return (length + 7) & ~7L;
  }
}
