package net.udp.provider.socket;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import net.udp.UdpException;
import net.udp.Udp;
import org.jspecify.annotations.Nullable;

/**
 * Turns a host and port into a socket address: IP literals at once and without any lookup, host
 * names through the name service, choosing among the results by the socket's preferred IP version
 * and the versions it can use.
 */
final class Names {
  private Names() {}

  /**
   * Which addresses a socket can use, and which it prefers.
   *
   * @param ipv4 IPv4 addresses are usable
   * @param ipv6 IPv6 addresses are usable
   * @param preferred 4, 6, or 0 for the first one returned
   */
  record Choice(boolean ipv4, boolean ipv6, int preferred) {}

  /**
   * Reads a host as {@link Udp#parseAddress(String, int)} does: an IP literal gives its address
   * without any lookup; a host name is left to resolve.
   *
   * @param operation the operation, for the message
   * @param host an IP literal or a host name
   * @param port the port
   * @return the address, or {@code null} when {@code host} is a name
   * @throws IllegalArgumentException when {@code host} is neither, such as the malformed literal
   *     {@code 1.2.3}, which a name service would read as {@code 1.2.0.3}
   */
  static @Nullable InetSocketAddress literal(String operation, String host, int port) {
    InetSocketAddress address = Udp.parseAddress(host, port).orElseThrow(() -> new IllegalArgumentException(
        operation + ": \"" + host + "\" is neither an IP address nor a host name"));
    return address.isUnresolved() ? null : address;
  }

  /**
   * Resolves a host on the calling thread.
   *
   * @param operation the operation, for the error message ({@code "connect"})
   * @param host an IP literal or a host name
   * @param port the port
   * @param choice the usable versions and the preference
   * @return the chosen address
   * @throws UdpException when the name does not resolve or has no usable address
   * @throws IllegalArgumentException when {@code host} is neither a literal nor a host name
   */
  static InetSocketAddress resolve(String operation, String host, int port, Choice choice) {
    InetSocketAddress literal = literal(operation, host, port);
    if (literal != null) {
      return literal;
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new UdpException(operation + " " + host + ":" + port + ": unknown host " + host, e);
    }
    InetAddress chosen = choose(all, choice);
    if (chosen == null) {
      throw new UdpException(
          operation + " " + host + ":" + port + ": " + host + " has no " + usable(choice) + " address");
    }
    return new InetSocketAddress(chosen, port);
  }

  /**
   * Resolves a host name on the shared resolver pool.
   *
   * @param operation the operation, for the error message
   * @param host a host name
   * @param port the port
   * @param choice the usable versions and the preference
   * @return a future of the chosen address, failed with a {@link UdpException}
   */
  static CompletableFuture<InetSocketAddress> resolveAsync(
      String operation, String host, int port, Choice choice) {
    return CompletableFuture.supplyAsync(() -> resolve(operation, host, port, choice), Background.RESOLVER);
  }

  /**
   * Checks that a resolved address is of a version the socket can use.
   *
   * @param address the address
   * @param choice the usable versions
   * @return {@code null} when usable, else why not
   */
  static @Nullable String unusable(InetSocketAddress address, Choice choice) {
    InetAddress ip = address.getAddress();
    if (ip instanceof Inet4Address && !choice.ipv4()) {
      return "IPv4 is not enabled on this socket";
    }
    if (ip instanceof Inet6Address && !choice.ipv6()) {
      return "IPv6 is not enabled on this socket";
    }
    return null;
  }

  private static @Nullable InetAddress choose(InetAddress[] all, Choice choice) {
    InetAddress first = null;
    for (InetAddress ip : all) {
      boolean v4 = ip instanceof Inet4Address;
      if (v4 ? !choice.ipv4() : !choice.ipv6()) {
        continue;
      }
      if (choice.preferred() == (v4 ? 4 : 6)) {
        return ip;
      }
      if (first == null) {
        first = ip;
      }
    }
    return first;
  }

  private static String usable(Choice choice) {
    if (choice.ipv4() && choice.ipv6()) {
      return "IPv4 or IPv6";
    }
    return choice.ipv4() ? "IPv4 (IPv6 is not enabled on this socket)" : "IPv6 (IPv4 is not enabled on this socket)";
  }
}
