package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import net.udp.ReceivedMetadata;
import net.udp.UdpMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of the datagram a socket is delivering, read from the control messages {@code
 * recvmmsg} attached to it, in one pass that also finds the kernel's drop count and the segment
 * size of a coalesced read: one object per socket, refilled for each datagram and handed to the
 * callback as a view, so that nothing is allocated per datagram. The destination address is kept
 * by its raw bytes, as senders are: a server is reached at few addresses. Event-loop thread only.
 */
final class EpollMetadata implements ReceivedMetadata {
  private volatile Set<UdpMetadata> enabled = EnumSet.noneOf(UdpMetadata.class); // set under the kit's lock, read by the loop
  private static final ValueLayout.OfInt BIG_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong BIG_LONG = JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN);

  // The destinations seen last, by their bits: a server is reached at few addresses.
  private @Nullable InetAddress last4;
  private int lastBits4;
  private @Nullable InetAddress last6;
  private long lastHigh6;
  private long lastLow6;

  private @Nullable InetAddress destination;
  private int interfaceIndex = -1;
  private int ecn = -1;
  private int hopLimit = -1;
  private long receiveTime = -1;
  private long drops = -1; // SO_RXQ_OVFL: the socket's count so far, where the kernel attached it
  private int coalesced; // UDP_GRO: the segment size of the read, 0 when it holds one datagram
  private int segmentSize = -1; // what the callback is told: coalesced while delivering its segments

  /** Asks the kernel for the control messages of {@code what}, on both families of a dual-stack socket. */
  static Set<UdpMetadata> enable(int fd, boolean ipv4, boolean ipv6, Set<UdpMetadata> what) throws IOException {
    Set<UdpMetadata> on = EnumSet.noneOf(UdpMetadata.class);
    for (UdpMetadata m : UdpMetadata.values()) {
      int value = what.contains(m) ? 1 : 0;
      switch (m) {
        case DESTINATION -> set(fd, ipv4, Linux.IPPROTO_IP, Linux.IP_PKTINFO, ipv6, Linux.IPV6_RECVPKTINFO, value);
        case ECN -> set(fd, ipv4, Linux.IPPROTO_IP, Linux.IP_RECVTOS, ipv6, Linux.IPV6_RECVTCLASS, value);
        case HOP_LIMIT -> set(fd, ipv4, Linux.IPPROTO_IP, Linux.IP_RECVTTL, ipv6, Linux.IPV6_RECVHOPLIMIT, value);
        case RECEIVE_TIME -> EpollOptions.setInt(fd, Linux.SOL_SOCKET, Linux.SO_TIMESTAMPNS, value);
      }
      if (value == 1) {
        on.add(m);
      }
    }
    return on;
  }

  private static void set(int fd, boolean ipv4, int level4, int option4, boolean ipv6, int option6, int value) throws IOException {
    if (ipv4) {
      EpollOptions.setInt(fd, level4, option4, value);
    }
    if (ipv6) {
      EpollOptions.setInt(fd, Linux.IPPROTO_IPV6, option6, value);
    }
  }

  void enabled(Set<UdpMetadata> what) {
    enabled = what.isEmpty() ? EnumSet.noneOf(UdpMetadata.class) : EnumSet.copyOf(what);
  }

  /** What the socket collects. */
  Set<UdpMetadata> enabled() {
    return enabled;
  }

  /**
   * Reads datagram {@code i}'s control messages, in one pass: the kernel writes only those the
   * socket asked for, so each one found is one wanted.
   */
  void read(ReceiveRing ring, int i) {
    destination = null;
    interfaceIndex = -1;
    ecn = -1;
    hopLimit = -1;
    receiveTime = -1;
    drops = -1;
    coalesced = 0;
    segmentSize = -1;
    MemorySegment c = ring.controls();
    long base = ring.controlOffset(i);
    long length = ring.controlLength(i);
    for (long at = 0; at + Linux.CMSG_DATA < length; ) {
      long m = base + at;
      long cmsgLength = c.get(JAVA_LONG, m);
      if (cmsgLength < Linux.CMSG_DATA) {
        return; // malformed: the kernel never writes this
      }
      int level = c.get(JAVA_INT, m + Linux.CMSG_LEVEL);
      int type = c.get(JAVA_INT, m + Linux.CMSG_TYPE);
      long data = m + Linux.CMSG_DATA;
      long size = cmsgLength - Linux.CMSG_DATA; // what the kernel wrote: a type is read only when it all is there
      if (m + cmsgLength > base + length) {
        return; // cut short (MSG_CTRUNC): what is left is not whole
      }
      if (level == Linux.IPPROTO_IP) {
        switch (type) {
          case Linux.IP_PKTINFO -> { // struct in_pktinfo: ifindex, spec_dst, addr (the header's destination)
            if (size >= 12) {
              interfaceIndex = c.get(JAVA_INT, data);
              destination = v4(c.get(BIG_INT, data + 8));
            }
          }
          case Linux.IP_TOS -> ecn = size >= 1 ? c.get(JAVA_BYTE, data) & 3 : -1;
          case Linux.IP_TTL -> hopLimit = size >= 4 ? c.get(JAVA_INT, data) : -1;
          default -> { }
        }
      } else if (level == Linux.IPPROTO_IPV6) {
        switch (type) {
          case Linux.IPV6_PKTINFO -> { // struct in6_pktinfo: addr, ifindex
            if (size >= 20) {
              destination = v6(c.get(BIG_LONG, data), c.get(BIG_LONG, data + 8));
              interfaceIndex = c.get(JAVA_INT, data + 16);
            }
          }
          case Linux.IPV6_TCLASS -> ecn = size >= 4 ? c.get(JAVA_INT, data) & 3 : -1;
          case Linux.IPV6_HOPLIMIT -> hopLimit = size >= 4 ? c.get(JAVA_INT, data) : -1;
          default -> { }
        }
      } else if (level == Linux.SOL_SOCKET) {
        if (type == Linux.SO_TIMESTAMPNS && size >= 16) {
          receiveTime = c.get(JAVA_LONG, data) * 1_000_000_000L + c.get(JAVA_LONG, data + 8);
        } else if (type == Linux.SO_RXQ_OVFL && size >= 4) {
          drops = c.get(JAVA_INT, data) & 0xffffffffL;
        }
      } else if (level == Linux.SOL_UDP && type == Linux.UDP_GRO && size >= 4) {
        coalesced = c.get(JAVA_INT, data);
      }
      at += (cmsgLength + 7) & ~7L;
    }
  }

  /** The socket's cumulative kernel drop count attached to the datagram read, or -1 when absent. */
  long drops() {
    return drops;
  }

  /**
   * The size of each datagram of the read, when the kernel coalesced several of one sender into it
   * ({@code UDP_GRO}; the last may be shorter).
   *
   * @return the segment size, or 0 when the read holds one datagram
   */
  int coalesced() {
    return coalesced;
  }

  /** From now until the next read, the datagrams delivered are the segments of a coalesced read. */
  void deliveringSegments() {
    segmentSize = coalesced;
  }

  /** The IPv4 address of these bits, the last one again when they are its. */
  private InetAddress v4(int bits) {
    InetAddress cached = last4;
    if (cached != null && bits == lastBits4) {
      return cached;
    }
    InetAddress a = address(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    lastBits4 = bits;
    last4 = a;
    return a;
  }

  /** The address of these 128 bits, IPv4-mapped ones as IPv4, as senders are; the last one again when they are its. */
  private InetAddress v6(long high, long low) {
    if (high == 0 && (low >>> 32) == 0xffffL) {
      return v4((int) low);
    }
    InetAddress cached = last6;
    if (cached != null && high == lastHigh6 && low == lastLow6) {
      return cached;
    }
    byte[] raw = new byte[16];
    for (int k = 0; k < 8; k++) {
      raw[k] = (byte) (high >>> (56 - 8 * k));
      raw[8 + k] = (byte) (low >>> (56 - 8 * k));
    }
    InetAddress a = address(raw);
    lastHigh6 = high;
    lastLow6 = low;
    last6 = a;
    return a;
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  @Override
  public @Nullable InetAddress destination() {
    return destination;
  }

  @Override
  public int interfaceIndex() {
    return interfaceIndex;
  }

  @Override
  public int ecn() {
    return ecn;
  }

  @Override
  public int hopLimit() {
    return hopLimit;
  }

  @Override
  public long receiveTimeNanos() {
    return receiveTime;
  }

  /** Always {@code false}: the kit decides truncation, and tells it. */
  @Override
  public boolean truncated() {
    return false;
  }

  @Override
  public int segmentSize() {
    return segmentSize;
  }

  @Override
  public String toString() {
    InetAddress d = destination;
    return "ReceivedMetadata[destination=" + (d == null ? "none" : d.getHostAddress()) + ", interface=" + interfaceIndex + ", ecn=" + ecn
        + ", hopLimit=" + hopLimit + ", receiveTime=" + receiveTime + ", segmentSize=" + segmentSize + "]";
  }
}
