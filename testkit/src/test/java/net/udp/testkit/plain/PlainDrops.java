package net.udp.testkit.plain;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The kernel's drop count of a socket, found by its local address in {@code /proc/net/udp} or
 * {@code udp6} (Linux). The plain provider has no descriptor to look up, so a port that several
 * sockets share gives no count, and neither does a system without those tables.
 */
final class PlainDrops {
  private PlainDrops() {}

  static boolean available() {
    return Files.isReadable(Path.of("/proc/net/udp"));
  }

  static OptionalLong of(InetSocketAddress local, boolean ipv6Socket) {
    String wanted = key(local, ipv6Socket);
    OptionalLong found = OptionalLong.empty();
    try {
      for (String line : Files.readAllLines(Path.of(ipv6Socket ? "/proc/net/udp6" : "/proc/net/udp"))) {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        String[] f = line.strip().split("\\s+", -1);
        if (f.length >= 13 && f[1].equals(wanted)) {
          if (found.isPresent()) {
            return OptionalLong.empty(); // shared port: whose count is whose cannot be told
          }
          found = OptionalLong.of(Long.parseLong(f[12]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return found;
  }

  /** The address as the table prints it: each 32-bit word in host (little-endian) order, then the port. */
  private static String key(InetSocketAddress local, boolean ipv6Socket) {
    byte[] raw = local.getAddress().getAddress();
    byte[] ip = raw;
    if (ipv6Socket && local.getAddress() instanceof Inet4Address) {
      ip = new byte[16];
      ip[10] = (byte) 0xff;
      ip[11] = (byte) 0xff;
      System.arraycopy(raw, 0, ip, 12, 4);
    }
    StringBuilder key = new StringBuilder();
    for (int word = 0; word < ip.length; word += 4) {
      for (int i = 3; i >= 0; i--) {
        key.append(String.format(Locale.ROOT, "%02X", ip[word + i] & 0xff));
      }
    }
    return key.append(String.format(Locale.ROOT, ":%04X", local.getPort())).toString();
  }
}
