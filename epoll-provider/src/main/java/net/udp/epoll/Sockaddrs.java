package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Socket addresses between Java and {@code struct sockaddr}: encoding for bind, connect and
 * send, and decoding received senders through a cache, so that steady traffic from the same peers
 * allocates nothing. A dual-stack (IPv6) socket sees IPv4 peers as IPv4-mapped addresses; they
 * are encoded and decoded as such, and handed to callbacks as plain IPv4 addresses.
 */
final class Sockaddrs {
  private static final int CACHE_SIZE = 512; // a power of two
  private static final short AF_INET = (short) Linux.AF_INET;
  private static final short AF_INET6 = (short) Linux.AF_INET6;

  // Direct-mapped caches, keyed by the raw address bytes and port: loop thread only.
  private final long[] v4Keys = new long[CACHE_SIZE];
  private final @Nullable InetSocketAddress[] v4Values = new InetSocketAddress[CACHE_SIZE];
  private final long[] v6High = new long[CACHE_SIZE];
  private final long[] v6Low = new long[CACHE_SIZE];
  private final long[] v6PortScope = new long[CACHE_SIZE];
  private final @Nullable InetSocketAddress[] v6Values = new InetSocketAddress[CACHE_SIZE];

  /**
   * Encodes an address into {@code out}.
   *
   * @param address a resolved address
   * @param ipv6Socket whether the socket is IPv6 (IPv4 addresses are then written IPv4-mapped)
   * @param out at least {@code sizeof(struct sockaddr_in6)} bytes
   * @return the length to pass with it
   */
  static int encode(InetSocketAddress address, boolean ipv6Socket, MemorySegment out) {
    InetAddress ip = address.getAddress();
    byte[] raw = ip.getAddress();
    out.set(JAVA_BYTE, 2, (byte) (address.getPort() >>> 8)); // network order
    out.set(JAVA_BYTE, 3, (byte) address.getPort());
    if (!ipv6Socket) {
      out.set(JAVA_SHORT_UNALIGNED, 0, AF_INET);
      MemorySegment.copy(raw, 0, out, JAVA_BYTE, 4, 4);
      out.set(JAVA_LONG_UNALIGNED, 8, 0L);
      return (int) Linux.SOCKADDR_IN.byteSize();
    }
    out.set(JAVA_SHORT_UNALIGNED, 0, AF_INET6);
    out.set(JAVA_INT_UNALIGNED, 4, 0);
    if (raw.length == 4) { // IPv4-mapped: ::ffff:a.b.c.d
      out.set(JAVA_LONG_UNALIGNED, 8, 0L);
      out.set(JAVA_BYTE, 16, (byte) 0);
      out.set(JAVA_BYTE, 17, (byte) 0);
      out.set(JAVA_BYTE, 18, (byte) 0xff);
      out.set(JAVA_BYTE, 19, (byte) 0xff);
      MemorySegment.copy(raw, 0, out, JAVA_BYTE, 20, 4);
      out.set(JAVA_INT_UNALIGNED, 24, 0);
    } else {
      MemorySegment.copy(raw, 0, out, JAVA_BYTE, 8, 16);
      out.set(JAVA_INT_UNALIGNED, 24, ((Inet6Address) ip).getScopeId());
    }
    return (int) Linux.SOCKADDR_IN6.byteSize();
  }

  /**
   * Decodes an address without the cache, for the rare calls ({@code getsockname}).
   *
   * @param in a {@code sockaddr_in} or {@code sockaddr_in6}
   * @return the address, IPv4 for IPv4-mapped ones
   */
  static InetSocketAddress decode(MemorySegment in) {
    int port = port(in);
    if (in.get(JAVA_SHORT_UNALIGNED, 0) == AF_INET) {
      return new InetSocketAddress(ipv4(in, 4), port);
    }
    if (isMapped(in, 0)) {
      return new InetSocketAddress(ipv4(in, 20), port);
    }
    return new InetSocketAddress(ipv6(in, 0), port);
  }

  /**
   * Decodes a received sender, from the cache when it was seen before. Loop thread only; reads at
   * an offset rather than a slice, so that a hit allocates nothing.
   *
   * @param names the segment the kernel wrote senders into
   * @param at where this sender starts in it
   * @return the sender
   */
  InetSocketAddress sender(MemorySegment names, long at) {
    int port = ((names.get(JAVA_BYTE, at + 2) & 0xff) << 8) | (names.get(JAVA_BYTE, at + 3) & 0xff);
    short family = names.get(JAVA_SHORT_UNALIGNED, at);
    boolean ipv4 = family == AF_INET;
    if (ipv4 || isMapped(names, at)) {
      long ip = names.get(JAVA_INT_UNALIGNED, at + (ipv4 ? 4 : 20)) & 0xffffffffL;
      long key = (ip << 16 | port) + 1; // never 0, the empty slot
      int slot = (int) (mix(key) & (CACHE_SIZE - 1));
      InetSocketAddress cached = v4Values[slot];
      if (v4Keys[slot] == key && cached != null) {
        return cached;
      }
      InetSocketAddress fresh = new InetSocketAddress(ipv4(names, at + (ipv4 ? 4 : 20)), port);
      v4Keys[slot] = key;
      v4Values[slot] = fresh;
      return fresh;
    }
    long high = names.get(JAVA_LONG_UNALIGNED, at + 8);
    long low = names.get(JAVA_LONG_UNALIGNED, at + 16);
    long portScope = ((long) names.get(JAVA_INT_UNALIGNED, at + 24) << 16) | port;
    int slot = (int) (mix(high ^ Long.rotateLeft(low, 17) ^ portScope) & (CACHE_SIZE - 1));
    InetSocketAddress cached = v6Values[slot];
    if (cached != null && v6High[slot] == high && v6Low[slot] == low && v6PortScope[slot] == portScope) {
      return cached;
    }
    InetSocketAddress fresh = new InetSocketAddress(ipv6(names, at), port);
    v6High[slot] = high;
    v6Low[slot] = low;
    v6PortScope[slot] = portScope;
    v6Values[slot] = fresh;
    return fresh;
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    return x ^ (x >>> 33);
  }

  private static int port(MemorySegment in) {
    return ((in.get(JAVA_BYTE, 2) & 0xff) << 8) | (in.get(JAVA_BYTE, 3) & 0xff);
  }

  private static boolean isMapped(MemorySegment in, long at) {
    return in.get(JAVA_LONG_UNALIGNED, at + 8) == 0
        && in.get(JAVA_BYTE, at + 16) == 0
        && in.get(JAVA_BYTE, at + 17) == 0
        && in.get(JAVA_BYTE, at + 18) == (byte) 0xff
        && in.get(JAVA_BYTE, at + 19) == (byte) 0xff;
  }

  private static InetAddress ipv4(MemorySegment in, long offset) {
    byte[] raw = new byte[4];
    MemorySegment.copy(in, JAVA_BYTE, offset, raw, 0, 4);
    return byAddress(raw, 0);
  }

  private static InetAddress ipv6(MemorySegment in, long at) {
    byte[] raw = new byte[16];
    MemorySegment.copy(in, JAVA_BYTE, at + 8, raw, 0, 16);
    return byAddress(raw, in.get(JAVA_INT_UNALIGNED, at + 24));
  }

  private static InetAddress byAddress(byte[] raw, int scope) {
    try {
      return scope != 0 ? Inet6Address.getByAddress(null, raw, scope) : InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are an address", e);
    }
  }

  /** Whether an address is IPv4. */
  static boolean isIPv4(InetSocketAddress address) {
    return address.getAddress() instanceof Inet4Address;
  }
}
