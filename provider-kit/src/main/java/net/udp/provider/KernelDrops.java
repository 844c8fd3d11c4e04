package net.udp.provider;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The kernel's count of the datagrams a socket dropped because its receive buffer was full, read
 * when asked, from {@code /proc/net/udp} and {@code /proc/net/udp6} (Linux; no privileges needed):
 * the count is current however long ago the last datagram arrived. Elsewhere, or when the socket
 * cannot be told apart from others, the count is empty.
 */
public final class KernelDrops {
  private static final Path UDP = Path.of("/proc/net/udp");
  private static final Path UDP6 = Path.of("/proc/net/udp6");
  private static final int LOCAL_ADDRESS = 1;
  private static final int INODE = 9;
  private static final int DROPS = 12;

  private KernelDrops() {}

  /**
   * The drops of the socket behind a file descriptor of this process.
   *
   * @param fd the descriptor
   * @return the count, or empty where it cannot be read
   */
  public static OptionalLong ofDescriptor(int fd) {
    try {
      String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString(); // socket:[12345]
      if (!link.startsWith("socket:[") || !link.endsWith("]")) {
        return OptionalLong.empty();
      }
      return ofInode(Long.parseLong(link.substring(8, link.length() - 1)));
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The drops of the socket with an inode number.
   *
   * @param inode the socket's inode, as {@code /proc/self/fd} shows it
   * @return the count, or empty where it cannot be read
   */
  public static OptionalLong ofInode(long inode) {
    String wanted = Long.toString(inode);
    return find(List.of(UDP, UDP6), INODE, wanted);
  }

  /**
   * The drops of the one socket bound to a local address and port; for a provider that has no
   * descriptor to ask about. Sockets that share the port ({@code reusePort}) cannot be told apart:
   * their count is empty.
   *
   * @param bound the address the socket is bound to, as it reports it
   * @param ipv6Socket whether it is an IPv6 (possibly dual-stack) socket
   * @return the count, or empty where it cannot be read or the address is shared
   */
  public static OptionalLong ofLocalAddress(InetSocketAddress bound, boolean ipv6Socket) {
    byte[] ip = bound.getAddress().getAddress();
    if (ipv6Socket && bound.getAddress() instanceof Inet4Address) {
      byte[] mapped = new byte[16]; // a dual-stack socket bound to an IPv4 address shows it mapped
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(ip, 0, mapped, 12, 4);
      ip = mapped;
    }
    // The kernel prints each 32-bit word of the address in the host's byte order, then the port.
    ByteBuffer words = ByteBuffer.wrap(ip);
    StringBuilder text = new StringBuilder();
    while (words.hasRemaining()) {
      int word = words.order(ByteOrder.BIG_ENDIAN).getInt();
      int host = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(word) : word;
      text.append(String.format(Locale.ROOT, "%08X", host));
    }
    text.append(':').append(HexFormat.of().withUpperCase().toHexDigits((short) bound.getPort()));
    return find(List.of(ipv6Socket ? UDP6 : UDP), LOCAL_ADDRESS, text.toString());
  }

  private static OptionalLong find(List<Path> tables, int column, String value) {
    OptionalLong found = OptionalLong.empty();
    for (Path table : tables) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException | UnsupportedOperationException e) {
        continue;
      }
      for (int i = 1; i < lines.size(); i++) { // the first line names the columns
        String[] fields = lines.get(i).trim().split("\\s+", -1);
        if (fields.length > DROPS && fields[column].equals(value)) {
          if (found.isPresent()) {
            return OptionalLong.empty(); // two sockets match: neither count is known to be this one's
          }
          try {
            found = OptionalLong.of(Long.parseLong(fields[DROPS]));
          } catch (NumberFormatException e) {
            return OptionalLong.empty();
          }
        }
      }
    }
    return found;
  }
}
