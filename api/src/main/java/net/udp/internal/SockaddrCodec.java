package net.udp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Raw {@code struct sockaddr} bytes, as the seed's {@code info()} and {@code parseAddress} carry
 * them. Encodes the Linux layout in the machine's byte order; decodes the Linux layout in either
 * byte order and the BSD layout (a length byte before a one-byte family, as on macOS, where the
 * seed runs).
 */
public final class SockaddrCodec {
  /** {@code sizeof(struct sockaddr_in)}. */
  public static final int SOCKADDR_IN_SIZE = 16;

  /** {@code sizeof(struct sockaddr_in6)}. */
  public static final int SOCKADDR_IN6_SIZE = 28;

  private static final int LINUX_AF_INET = 2;
  private static final int LINUX_AF_INET6 = 10;
  private static final int WINDOWS_AF_INET6 = 23;
  private static final int BSD_AF_INET = 2;
  private static final int[] BSD_AF_INET6 = {30, 28, 24}; // macOS, FreeBSD, NetBSD/OpenBSD

  private SockaddrCodec() {}

  /**
   * Encodes an address as a Linux {@code sockaddr_in} or {@code sockaddr_in6}.
   *
   * @param address a resolved address
   * @return 16 or 28 bytes
   * @throws IllegalArgumentException if the address is unresolved
   */
  public static byte[] encode(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      throw new IllegalArgumentException("unresolved address: " + address);
    }
    ByteBuffer out;
    if (ip instanceof Inet4Address) {
      out = ByteBuffer.allocate(SOCKADDR_IN_SIZE).order(ByteOrder.nativeOrder());
      out.putShort((short) LINUX_AF_INET);
      out.order(ByteOrder.BIG_ENDIAN).putShort((short) address.getPort()).put(ip.getAddress());
    } else {
      out = ByteBuffer.allocate(SOCKADDR_IN6_SIZE).order(ByteOrder.nativeOrder());
      out.putShort((short) LINUX_AF_INET6);
      out.order(ByteOrder.BIG_ENDIAN).putShort((short) address.getPort()).putInt(0);
      out.put(ip.getAddress());
      out.order(ByteOrder.nativeOrder()).putInt(((Inet6Address) ip).getScopeId());
    }
    return out.array();
  }

  /**
   * Decodes a {@code sockaddr_in} or {@code sockaddr_in6}.
   *
   * @param bytes the raw structure; longer input (a {@code sockaddr_storage}) is fine
   * @return the address, or {@code null} when the bytes are not an IPv4 or IPv6 socket address
   */
  public static @Nullable InetSocketAddress decode(byte[] bytes) {
    if (bytes.length < 8) {
      return null;
    }
    int b0 = bytes[0] & 0xff;
    int b1 = bytes[1] & 0xff;
    if (b0 >= SOCKADDR_IN_SIZE && b1 == BSD_AF_INET) {
      return ipv4(bytes);
    }
    if (b0 >= SOCKADDR_IN6_SIZE && Arrays.stream(BSD_AF_INET6).anyMatch(f -> f == b1)) {
      return ipv6(bytes);
    }
    for (int family : new int[] {b0 | (b1 << 8), (b0 << 8) | b1}) {
      if (family == LINUX_AF_INET) {
        return ipv4(bytes);
      }
      if (family == LINUX_AF_INET6 || family == WINDOWS_AF_INET6) {
        return ipv6(bytes);
      }
    }
    return null;
  }

  private static InetSocketAddress ipv4(byte[] bytes) {
    return new InetSocketAddress(address(Arrays.copyOfRange(bytes, 4, 8), 0), port(bytes));
  }

  private static @Nullable InetSocketAddress ipv6(byte[] bytes) {
    if (bytes.length < 24) {
      return null;
    }
    int scope = 0;
    if (bytes.length >= SOCKADDR_IN6_SIZE) {
      scope = ByteBuffer.wrap(bytes, 24, 4).order(ByteOrder.nativeOrder()).getInt();
    }
    return new InetSocketAddress(address(Arrays.copyOfRange(bytes, 8, 24), scope), port(bytes));
  }

  private static int port(byte[] bytes) {
    return ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
  }

  private static InetAddress address(byte[] raw, int scope) {
    try {
      InetAddress ip = InetAddress.getByAddress(raw);
      // An IPv4-mapped address comes back as IPv4 and carries no scope.
      return scope != 0 && ip instanceof Inet6Address ? Inet6Address.getByAddress(null, raw, scope) : ip;
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always a valid address", e);
    }
  }
}
