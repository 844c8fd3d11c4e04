package net.udp.testkit.plain;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The IP versions of a {@link PlainSocket}: which are enabled and preferred, what it binds, what it
 * can reach, and how host names are read and resolved. Guarded by the socket's lock.
 */
final class PlainAddresses {
  private static final InetAddress ANY_IPV4 = any(4);
  private static final InetAddress ANY_IPV6 = any(16);
  private static final boolean IPV6 = ipv6();

  private boolean ipv4Enabled = true;
  private boolean ipv6Enabled = true;
  private int preferred;

  /** What to open and bind. */
  record Bind(StandardProtocolFamily family, boolean ipv6Only, InetSocketAddress local) {}

  boolean ipv4Enabled() {
    return ipv4Enabled;
  }

  boolean ipv6Enabled() {
    return ipv6Enabled;
  }

  int preferred() {
    return preferred;
  }

  void enable(int version, boolean enabled) {
    if (!enabled && !(version == 4 ? ipv6Enabled : ipv4Enabled)) {
      throw new IllegalArgumentException("enableIPv(" + version + ", false): the other version is disabled already");
    }
    if (version == 4) {
      ipv4Enabled = enabled;
    } else {
      ipv6Enabled = enabled;
    }
  }

  void prefer(int version) {
    preferred = version == 4 || version == 6 ? version : 0;
  }

  Bind bind(String operation, @Nullable InetAddress address, int port) {
    if (address == null) {
      if (ipv6Enabled && IPV6) {
        return new Bind(StandardProtocolFamily.INET6, !ipv4Enabled, new InetSocketAddress(ANY_IPV6, port));
      }
      if (ipv4Enabled) {
        return new Bind(StandardProtocolFamily.INET, false, new InetSocketAddress(ANY_IPV4, port));
      }
      throw new UdpException(operation + " port " + port + ": IPv6 is not available here, and IPv4 is disabled");
    }
    boolean four = address instanceof Inet4Address;
    if (four ? !ipv4Enabled : !ipv6Enabled) {
      throw new UdpException(operation + " " + Udp.formatAddress(new InetSocketAddress(address, port)) + ": IPv" + (four ? 4 : 6) + " is disabled on this socket");
    }
    return new Bind(four ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6, !ipv4Enabled, new InetSocketAddress(address, port));
  }

  /** Why an open socket cannot send to a target, or {@code null} when it can. */
  @Nullable String problem(PlainLife l, InetSocketAddress target) {
    if (l.peer != null && !l.peer.equals(target)) {
      return "the socket is connected to " + Udp.formatAddress(l.peer) + " and sends only there";
    }
    boolean four = target.getAddress() instanceof Inet4Address;
    if (four && !ipv4Enabled) {
      return "IPv4 is disabled on this socket";
    }
    if (!four && !ipv6Enabled) {
      return "IPv6 is disabled on this socket";
    }
    if (four && !l.carriesIPv4) {
      return "the socket carries no IPv4";
    }
    if (!four && !l.ipv6) {
      return "the socket is an IPv4 socket and cannot reach IPv6";
    }
    return null;
  }

  /** Reads a host as the API says: a literal, a host name, or a bad argument. */
  static InetSocketAddress parse(String operation, String host, int port) {
    return Udp.parseAddress(host, port).orElseThrow(
        () -> new IllegalArgumentException(operation + ": \"" + host + "\" is neither an IP address nor a host name"));
  }

  /** Resolves a host, choosing by the preference among the versions an open socket (or any) can use. */
  InetSocketAddress resolve(String operation, String host, int port, @Nullable PlainLife l) {
    InetSocketAddress parsed = parse(operation, host, port);
    if (!parsed.isUnresolved()) {
      return parsed;
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new UdpException(operation + " " + host + ":" + port + ": unknown host " + host, e);
    }
    boolean v4 = ipv4Enabled && (l == null || l.carriesIPv4);
    boolean v6 = ipv6Enabled && (l == null || l.ipv6);
    InetAddress first = null;
    for (InetAddress ip : all) {
      boolean four = ip instanceof Inet4Address;
      if (four ? !v4 : !v6) {
        continue;
      }
      if (preferred == (four ? 4 : 6)) {
        return new InetSocketAddress(ip, port);
      }
      first = first == null ? ip : first;
    }
    if (first == null) {
      throw new UdpException(operation + " " + host + ":" + port + ": " + host + " has no address of a version this socket can use");
    }
    return new InetSocketAddress(first, port);
  }

  /** The addresses and versions of an open socket, for info(). */
  void describe(PlainLife l, SocketInfoBuilder b) {
    InetSocketAddress peer = l.peer;
    boolean v4 = peer != null ? peer.getAddress() instanceof Inet4Address : l.carriesIPv4;
    boolean v6 = peer != null ? !v4 : l.ipv6;
    boolean boundIPv4 = l.local.getAddress() instanceof Inet4Address;
    InetSocketAddress local4 = !v4 ? null : boundIPv4 ? l.local : new InetSocketAddress(ANY_IPV4, l.local.getPort());
    InetSocketAddress local6 = v6 && !boundIPv4 ? l.local : null;
    b.closed(false).connectedAddress(peer).carries(v4, v6).localAddresses(l.local, local4, local6);
  }

  static void checkPort(String operation, int port, int min) {
    if (port < min || port > 65_535) {
      throw new IllegalArgumentException(operation + ": port must be " + min + " to 65535, not " + port);
    }
  }

  static void checkHost(String operation, String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException(operation + ": host is empty");
    }
  }

  private static InetAddress any(int length) {
    try {
      return InetAddress.getByAddress(new byte[length]);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean ipv6() {
    try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
      return c.isOpen();
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
