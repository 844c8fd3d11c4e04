package net.udp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * IP literals and {@code host:port} text, parsed and printed without ever asking a name service:
 * the JDK's {@code InetAddress.getByName} would look up anything that is not a literal, and
 * accepts ambiguous forms such as {@code 1.2} that this class refuses.
 */
public final class AddressText {
  private static final Pattern INET_ATON = Pattern.compile("(?:(?:0[xX][0-9a-fA-F]*|[0-9]+)\\.){0,3}(?:0[xX][0-9a-fA-F]*|[0-9]+)\\.?");

  private AddressText() {}

  /**
   * Prints an address as a literal: dotted quad for IPv4, RFC 5952 (lower case, longest run of
   * zero groups compressed) for IPv6, with {@code %scope} where the address has one.
   *
   * @param ip the address
   * @return its literal text
   */
  public static String literal(InetAddress ip) {
    if (ip instanceof Inet4Address) {
      return ip.getHostAddress();
    }
    byte[] b = ip.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    Inet6Address v6 = (Inet6Address) ip;
    NetworkInterface scoped = v6.getScopedInterface();
    if (scoped != null) {
      text.append('%').append(scoped.getName());
    } else if (v6.getScopeId() != 0) {
      text.append('%').append(v6.getScopeId());
    }
    return text.toString();
  }

  /**
   * Prints an address and port as {@code 127.0.0.1:9001} or {@code [::1]:9001}; an unresolved
   * address prints its host name.
   *
   * @param address the address
   * @return the text
   */
  public static String hostPort(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      String host = address.getHostString();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
    String literal = literal(ip);
    return (ip instanceof Inet6Address ? "[" + literal + "]" : literal) + ":" + address.getPort();
  }

  /**
   * The host of a socket address as an IP literal, for the seed's {@code localHost} and the
   * like; an unresolved address gives its host name.
   *
   * @param address the address, or {@code null}
   * @return the text, or {@code null} for a {@code null} address
   */
  public static @Nullable String host(@Nullable InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    InetAddress ip = address.getAddress();
    return ip == null ? address.getHostString() : literal(ip);
  }

  /**
   * The port of a socket address.
   *
   * @param address the address, or {@code null}
   * @return the port, or 0 for a {@code null} address
   */
  public static int port(@Nullable InetSocketAddress address) {
    return address == null ? 0 : address.getPort();
  }

  /**
   * Parses an IP literal, IPv4 dotted quad or IPv6 (optionally in brackets, optionally with a
   * {@code %scope}). IPv4-mapped IPv6 literals give IPv4 addresses, as the JDK does.
   *
   * @param text the text
   * @return the address, or {@code null} when the text is not an IP literal
   */
  public static @Nullable InetAddress parseLiteral(String text) {
    String t = text;
    if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
      t = t.substring(1, t.length() - 1);
      if (t.indexOf(':') < 0) {
        return null;
      }
    }
    byte[] v4 = parseIPv4(t);
    if (v4 != null) {
      return byAddress(v4);
    }
    return t.indexOf(':') >= 0 ? parseIPv6(t) : null;
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port} or {@code ipv4:port}. A literal host gives a
   * resolved address without any lookup; a host name gives an {@linkplain
   * InetSocketAddress#createUnresolved unresolved} address.
   *
   * @param text the text
   * @return the address, or {@code null} when the text is malformed or the port is outside
   *     0..65535
   */
  public static @Nullable InetSocketAddress parseHostPort(String text) {
    String host;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        return null;
      }
      host = text.substring(0, close + 1);
      portText = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || text.indexOf(':') != colon) {
        return null;
      }
      host = text.substring(0, colon);
      portText = text.substring(colon + 1);
    }
    int port = parsePort(portText);
    return port < 0 ? null : parseHost(host, port);
  }

  /**
   * Reads a host given apart from its port: an IP literal (an IPv6 one with or without brackets)
   * gives a resolved address without any lookup, a host name an unresolved one.
   *
   * @param host the host text
   * @param port the port, 0 to 65535
   * @return the address, or {@code null} when the host is neither a literal nor a host name (a
   *     malformed literal such as {@code 1.2.3} is neither)
   */
  public static @Nullable InetSocketAddress parseHost(String host, int port) {
    InetAddress ip = parseLiteral(host);
    if (ip != null) {
      return new InetSocketAddress(ip, port);
    }
    if (host.startsWith("[") || !isHostName(host)) {
      return null;
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /**
   * Tells whether a text is a syntactically valid DNS host name (letters, digits, hyphens and
   * dots, labels of 1 to 63 characters, at most 253 in all, the last not all digits) that is not
   * an IP literal, nor one of the other forms C's {@code inet_aton} reads as an IPv4 address (one
   * to four parts, each decimal, octal or hexadecimal, such as {@code 127.1} or {@code
   * 0x7f000001}): {@code getaddrinfo}, which the JDK's name lookup calls, would read those as
   * addresses too.
   *
   * @param host the text
   * @return {@code true} for a host name
   */
  public static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253 || parseLiteral(host) != null || INET_ATON.matcher(host).matches()) {
      return false;
    }
    String last = host.substring(host.lastIndexOf('.', host.length() - 2) + 1);
    if (!last.isEmpty() && last.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
      return false; // all-numeric top label: a malformed IPv4 literal, not a name (RFC 1123)
    }
    int labelLength = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (labelLength == 0) {
          return false;
        }
        labelLength = 0;
      } else if (isAsciiLetterOrDigit(c) || c == '-' || c == '_') {
        if (++labelLength > 63) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65_535 ? port : -1;
  }

  private static byte @Nullable [] parseIPv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // a leading zero reads as octal to some tools: ambiguous, refused
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static @Nullable InetAddress parseIPv6(String text) {
    String body = text;
    String scope = null;
    int percent = text.indexOf('%');
    if (percent >= 0) {
      body = text.substring(0, percent);
      scope = text.substring(percent + 1);
      if (scope.isEmpty()) {
        return null;
      }
    }
    byte[] bytes = parseIPv6Body(body);
    if (bytes == null) {
      return null;
    }
    if (scope == null) {
      return byAddress(bytes);
    }
    try {
      if (scope.chars().allMatch(c -> c >= '0' && c <= '9') && scope.length() <= 9) {
        return Inet6Address.getByAddress(null, bytes, Integer.parseInt(scope));
      }
      NetworkInterface nif = NetworkInterface.getByName(scope);
      return nif == null ? null : Inet6Address.getByAddress(null, bytes, nif);
    } catch (UnknownHostException | SocketException e) {
      return null;
    }
  }

  private static byte @Nullable [] parseIPv6Body(String body) {
    int doubleColon = body.indexOf("::");
    if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    int headCount;
    int tailCount = 0;
    if (doubleColon < 0) {
      headCount = parseGroups(body, head, 0);
      return headCount == 8 ? toBytes(head, 8, tail, 0) : null;
    }
    String left = body.substring(0, doubleColon);
    String right = body.substring(doubleColon + 2);
    headCount = left.isEmpty() ? 0 : parseGroups(left, head, 0);
    if (headCount < 0) {
      return null;
    }
    if (!right.isEmpty()) {
      tailCount = parseGroups(right, tail, headCount);
      if (tailCount < 0) {
        return null;
      }
    }
    return headCount + tailCount <= 7 ? toBytes(head, headCount, tail, tailCount) : null;
  }

  /** Parses colon-separated hex groups, the last of which may be a dotted quad (two groups). */
  private static int parseGroups(String text, int[] out, int alreadyUsed) {
    String[] parts = text.split(":", -1);
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && p.indexOf('.') >= 0) {
        byte[] v4 = parseIPv4(p);
        if (v4 == null || alreadyUsed + count + 2 > 8) {
          return -1;
        }
        out[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4 || alreadyUsed + count >= 8) {
        return -1;
      }
      int value = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        int digit = c < 128 ? Character.digit(c, 16) : -1;
        if (digit < 0) {
          return -1;
        }
        value = value * 16 + digit;
      }
      out[count++] = value;
    }
    return count;
  }

  private static byte[] toBytes(int[] head, int headCount, int[] tail, int tailCount) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < headCount; i++) {
      bytes[2 * i] = (byte) (head[i] >>> 8);
      bytes[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tailCount; i++) {
      int g = 8 - tailCount + i;
      bytes[2 * g] = (byte) (tail[i] >>> 8);
      bytes[2 * g + 1] = (byte) tail[i];
    }
    return bytes;
  }

  private static InetAddress byAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always a valid address", e);
    }
  }
}
