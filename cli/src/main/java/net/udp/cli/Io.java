package net.udp.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import net.udp.Udp;
import net.udp.UdpCounters;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import picocli.CommandLine;

/** What the subcommands share: parsing addresses and durations, printing datagrams and info. */
final class Io {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");
  private static final Pattern PORT = Pattern.compile("-?\\d+");

  private Io() {}

  /** The time of day, to the millisecond. */
  static String now() {
    return LocalTime.now(ZoneId.systemDefault()).format(CLOCK); // the user's wall clock, on purpose
  }

  /** Whether a person is watching: standard input and output are a terminal, not a pipe or a file. */
  @SuppressWarnings("SystemConsoleNull") // isTerminal is the check; null stays possible (-Djdk.console=java.base)
  static boolean onATerminal() {
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }

  /** The address a bound socket is bound to. */
  static InetSocketAddress bound(UdpSocket socket) {
    InetSocketAddress local = socket.info().localAddress();
    if (local == null) {
      throw new IllegalStateException("the socket is not bound");
    }
    return local;
  }

  /**
   * Parses a port number, 0 to 65535.
   *
   * @param text the argument
   * @return the port
   * @throws CommandLine.TypeConversionException when it is not one
   */
  static int port(String text) {
    if (!PORT.matcher(text).matches()) {
      throw new CommandLine.TypeConversionException("not a port number: " + text);
    }
    String digits = text.startsWith("-") ? text.substring(1) : text;
    if (text.startsWith("-") || digits.length() > 5 || Integer.parseInt(digits) > 65_535) {
      throw new CommandLine.TypeConversionException("port out of range (0 to 65535): " + text);
    }
    return Integer.parseInt(digits);
  }

  /**
   * Parses {@code HOST:PORT} or {@code [IPV6]:PORT}.
   *
   * @param text the argument
   * @return the address, unresolved when the host is a name
   * @throws CommandLine.TypeConversionException when malformed, saying what is wrong
   */
  static InetSocketAddress hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new CommandLine.TypeConversionException("not HOST:PORT: " + text + " (the port is missing)");
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      throw new CommandLine.TypeConversionException(
          "not HOST:PORT: " + text + " (an IPv6 address goes in brackets: [" + host + "]:" + portText + ")");
    }
    int port = port(portText);
    return Udp.parseAddress(host, port)
        .orElseThrow(() -> new CommandLine.TypeConversionException("not HOST:PORT: " + text + " (" + host + " is neither an IP address nor a host name)"));
  }

  /**
   * Parses {@code [HOST:]PORT}: a port alone means every local address.
   *
   * @param text the argument
   * @return the address; its host is empty when only a port was given
   */
  static InetSocketAddress local(String text) {
    if (PORT.matcher(text).matches()) {
      return InetSocketAddress.createUnresolved("", port(text));
    }
    return hostPort(text);
  }

  /**
   * Parses hex bytes, such as {@code 48 69 0a}, {@code 48690a} or {@code 48:69:0a}.
   *
   * @param text the bytes
   * @return them
   * @throws CommandLine.TypeConversionException when it is not hex
   */
  static byte[] unhex(String text) {
    String digits = text.replaceAll("[\\s:]", "");
    if (digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]*")) {
      throw new CommandLine.TypeConversionException("not hex bytes (such as 48 69 0a): " + text);
    }
    return java.util.HexFormat.of().parseHex(digits);
  }

  /** The host of a parsed address, as text: an IP literal or a name, empty for "every address". */
  static String host(InetSocketAddress address) {
    return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
  }

  /** An address as {@code 127.0.0.1:9001} or {@code [::1]:9001}. */
  static String text(InetSocketAddress address) {
    return Udp.formatAddress(address);
  }

  /** A payload as text: UTF-8, with control characters and undecodable bytes escaped. */
  static String text(ByteBuffer payload) {
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(payload.duplicate())
          .toString();
    } catch (CharacterCodingException e) {
      return hex(payload);
    }
    StringBuilder out = new StringBuilder(decoded.length());
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A payload as hex bytes. */
  static String hex(ByteBuffer payload) {
    StringBuilder out = new StringBuilder(payload.remaining() * 3);
    for (int i = payload.position(); i < payload.limit(); i++) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(String.format(Locale.ROOT, "%02x", payload.get(i) & 0xff));
    }
    return out.toString();
  }

  /** Prints a socket's info() under the seed's key names, one a line, then the counters. */
  static void printInfo(PrintWriter out, String label, UdpSocketInfo info) {
    out.println(label + " info() [" + info.provider() + "]:");
    row(out, "isClosed", info.closed());
    row(out, "isConnected", info.connected());
    row(out, "connectedAddress", address(info.connectedAddress()));
    row(out, "isIPv4 / isIPv6", info.ipv4() + " / " + info.ipv6());
    row(out, "isIPv4Enabled / isIPv6Enabled", info.ipv4Enabled() + " / " + info.ipv6Enabled());
    row(out, "isIPv4Preferred / isIPv6Preferred", info.ipv4Preferred() + " / " + info.ipv6Preferred());
    row(out, "isIPVersionNeutral", info.ipVersionNeutral());
    row(out, "localAddress", address(info.localAddress()));
    row(out, "localAddress_IPv4", address(info.localAddressIPv4()));
    row(out, "localAddress_IPv6", address(info.localAddressIPv6()));
    row(out, "maxReceiveIPv4BufferSize", info.maxReceiveIPv4BufferSize());
    row(out, "maxReceiveIPv6BufferSize", info.maxReceiveIPv6BufferSize());
    row(out, "timeout", info.timeout().map(Object::toString).orElse("none"));
    row(out, "userData", String.valueOf(info.userData()));
    row(out, "broadcast / reusePort", info.broadcast() + " / " + info.reusePort());
    row(out, "receiving", info.receiving());
    row(out, "socketReceiveBuffer", info.socketReceiveBuffer());
    UdpCounters c = info.counters();
    row(out, "received", c.datagramsReceived() + " datagrams, " + c.bytesReceived() + " bytes, "
        + c.datagramsTruncated() + " truncated, "
        + (c.datagramsDropped().isPresent() ? c.datagramsDropped().getAsLong() + " dropped by the kernel" : "kernel drops not reported"));
    row(out, "sent", c.datagramsSent() + " datagrams, " + c.bytesSent() + " bytes, " + c.sendsFailed() + " failed");
    out.flush();
  }

  private static void row(PrintWriter out, String key, Object value) {
    out.println(String.format(Locale.ROOT, "  %-34s %s", key, value));
  }

  private static String address(@Nullable InetSocketAddress address) {
    return address == null ? "-" : Udp.formatAddress(address);
  }

  /** Parses {@code [HOST:]PORT} arguments, so that a malformed one is a usage error. */
  static final class LocalConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      return local(value);
    }
  }

  /** Parses {@code HOST:PORT} arguments, so that a malformed one is a usage error. */
  static final class HostPortConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      return hostPort(value);
    }
  }

  /** Parses port numbers, so that one out of range is a usage error. */
  static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return port(value);
    }
  }

  /**
   * Parses a whole number within bounds, so that one outside them is a usage error.
   *
   * @param value the argument
   * @param min the least allowed
   * @param max the most allowed
   * @param outside what to say when it is outside, before the value
   * @return the number
   */
  static int number(String value, int min, int max, String outside) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("not a number: " + value);
    }
    if (n < min || n > max) {
      throw new CommandLine.TypeConversionException(outside + ": " + value);
    }
    return n;
  }

  /** Parses counts, at least 1, so that 0 or less is a usage error. */
  static final class CountConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return number(value, 1, Integer.MAX_VALUE, "must be at least 1");
    }
  }

  /** Parses durations longer than zero. */
  static final class PositiveDurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = new DurationConverter().convert(value);
      if (d.isZero()) {
        throw new CommandLine.TypeConversionException("must be longer than 0: " + value);
      }
      return d;
    }
  }

  /** Parses durations: {@code 500ms}, {@code 2s}, {@code 1.5} (seconds), {@code 1m}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value.strip());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("not a duration (e.g. 500ms, 2s, 1.5, 1m): " + value);
      }
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = switch (unit) {
        case "ms" -> amount;
        case "m" -> amount * 60_000;
        default -> amount * 1000;
      };
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
  }
}
