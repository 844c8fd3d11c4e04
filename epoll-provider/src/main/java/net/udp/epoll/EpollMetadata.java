package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import net.udp.ReceivedMetadata;
import net.udp.UdpMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of the datagram a socket is delivering, read from the control messages {@code
 * recvmmsg} attached to it: one object per socket, refilled for each datagram and handed to the
 * callback as a view, so that nothing is allocated per datagram. The destination address is kept
 * by its raw bytes, as senders are: a server is reached at few addresses. Event-loop thread only.
 */
final class EpollMetadata implements ReceivedMetadata {
  private volatile Set<UdpMetadata> enabled = EnumSet.noneOf(UdpMetadata.class); // set under the kit's lock, read by the loop
  private final byte[] raw4 = new byte[4];
  private final byte[] raw6 = new byte[16];
  private @Nullable InetAddress last;
  private final byte[] lastRaw = new byte[16];
  private int lastLength;

  private @Nullable InetAddress destination;
  private int interfaceIndex = -1;
  private int ecn = -1;
  private int hopLimit = -1;
  private long receiveTime = -1;

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

  boolean any() {
    return !enabled.isEmpty();
  }

  /** What the socket collects. */
  Set<UdpMetadata> enabled() {
    return enabled;
  }

  /** Reads datagram {@code i}'s control messages. */
  void read(ReceiveRing ring, int i) {
    Set<UdpMetadata> enabled = this.enabled;
    destination = null;
    interfaceIndex = -1;
    ecn = -1;
    hopLimit = -1;
    receiveTime = -1;
    MemorySegment c = ring.controls();
    if (enabled.contains(UdpMetadata.DESTINATION)) {
      long at = ring.control(i, Linux.IPPROTO_IP, Linux.IP_PKTINFO);
      if (at >= 0) { // struct in_pktinfo: ifindex, spec_dst, addr (the header's destination)
        interfaceIndex = c.get(JAVA_INT, at);
        MemorySegment.copy(c, JAVA_BYTE, at + 8, raw4, 0, 4);
        destination = address(raw4);
      } else if ((at = ring.control(i, Linux.IPPROTO_IPV6, Linux.IPV6_PKTINFO)) >= 0) { // in6_pktinfo: addr, ifindex
        MemorySegment.copy(c, JAVA_BYTE, at, raw6, 0, 16);
        interfaceIndex = c.get(JAVA_INT, at + 16);
        destination = address(raw6);
      }
    }
    if (enabled.contains(UdpMetadata.ECN)) {
      long at = ring.control(i, Linux.IPPROTO_IP, Linux.IP_TOS);
      if (at >= 0) {
        ecn = c.get(JAVA_BYTE, at) & 3;
      } else if ((at = ring.control(i, Linux.IPPROTO_IPV6, Linux.IPV6_TCLASS)) >= 0) {
        ecn = c.get(JAVA_INT, at) & 3;
      }
    }
    if (enabled.contains(UdpMetadata.HOP_LIMIT)) {
      long at = ring.control(i, Linux.IPPROTO_IP, Linux.IP_TTL);
      if (at < 0) {
        at = ring.control(i, Linux.IPPROTO_IPV6, Linux.IPV6_HOPLIMIT);
      }
      hopLimit = at < 0 ? -1 : c.get(JAVA_INT, at);
    }
    if (enabled.contains(UdpMetadata.RECEIVE_TIME)) {
      long at = ring.control(i, Linux.SOL_SOCKET, Linux.SO_TIMESTAMPNS);
      receiveTime = at < 0 ? -1 : c.get(JAVA_LONG, at) * 1_000_000_000L + c.get(JAVA_LONG, at + 8);
    }
  }

  /** The address of these raw bytes; IPv4-mapped IPv6 ones as IPv4, as senders are. */
  private InetAddress address(byte[] raw) {
    byte[] bytes = raw;
    int length = raw.length;
    if (length == 16 && isMapped(raw)) {
      System.arraycopy(raw, 12, raw4, 0, 4);
      bytes = raw4;
      length = 4;
    }
    InetAddress cached = last;
    if (cached != null && length == lastLength && Arrays.equals(bytes, 0, length, lastRaw, 0, length)) {
      return cached;
    }
    try {
      InetAddress a = InetAddress.getByAddress(Arrays.copyOf(bytes, length));
      System.arraycopy(bytes, 0, lastRaw, 0, length);
      lastLength = length;
      last = a;
      return a;
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  private static boolean isMapped(byte[] raw) {
    for (int i = 0; i < 10; i++) {
      if (raw[i] != 0) {
        return false;
      }
    }
    return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
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

  @Override
  public String toString() {
    InetAddress d = destination;
    return "ReceivedMetadata[destination=" + (d == null ? "none" : d.getHostAddress()) + ", interface=" + interfaceIndex + ", ecn=" + ecn + ", hopLimit=" + hopLimit + ", receiveTime=" + receiveTime + "]";
  }
}
