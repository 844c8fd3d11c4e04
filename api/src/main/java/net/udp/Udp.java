package net.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.udp.internal.AddressText;
import net.udp.internal.ProviderRegistry;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: creates sockets through the default provider, finds providers, and holds the
 * module-wide settings and address helpers (the seed's {@code hs.socket.udp} functions).
 *
 * <p>The default provider is the available one with the highest priority ({@code epoll} above
 * {@code nio}); the system property {@code net.udp.provider=NAME} forces one. The providers are
 * looked up once, on first use, with {@link java.util.ServiceLoader}.
 */
public final class Udp {
  private static volatile @Nullable Duration defaultTimeout;

  private Udp() {}

  /** The providers on the path, looked up on first use. */
  private static final class Found {
    static final List<ProviderRegistry.Entry> ENTRIES = ProviderRegistry.load(loader());

    private static @Nullable ClassLoader loader() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return context != null ? context : Udp.class.getClassLoader();
    }
  }

  /**
   * Creates an unbound socket without a receive callback, through the default provider.
   *
   * @return a new socket
   * @throws UdpProviderException if no provider is available
   */
  public static UdpSocket newSocket() {
    return provider().newSocket(null);
  }

  /**
   * Creates an unbound socket, through the default provider: the seed's {@code
   * hs.socket.udp.new([fn])}.
   *
   * @param callback the receive callback, or {@code null} to set one later
   * @return a new socket
   * @throws UdpProviderException if no provider is available
   */
  public static UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return provider().newSocket(callback);
  }

  /**
   * Creates a socket bound to a port, without a receive callback, through the default provider.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @return a new bound socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   * @throws UdpException if the operating system refuses the port
   */
  public static UdpSocket server(int port) {
    return provider().server(port, null);
  }

  /**
   * Creates a socket bound to a port, through the default provider: the seed's {@code
   * hs.socket.udp.server(port[, fn])}. Call {@link UdpSocket#receive()} to start receiving.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param callback the receive callback, or {@code null} to set one later
   * @return a new bound socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   * @throws UdpException if the operating system refuses the port
   */
  public static UdpSocket server(int port, @Nullable ReceiveCallback callback) {
    return provider().server(port, callback);
  }

  /**
   * Opens a server spread over cores through the default provider: {@code size} sockets bound to
   * one port with {@code SO_REUSEPORT}, each on an event loop of its own where the provider has
   * several. See {@link UdpProvider#serverGroup(int, int, ReceiveCallback)}.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param size how many members, at least 1; the number of processors is a good start
   * @param callback the receive callback of every member, or {@code null} to set one later
   * @return the open group; call {@link UdpServerGroup#receive()} to start receiving
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code size} is below 1
   * @throws UdpException if the operating system refuses the port; nothing stays open
   * @since 2.1
   */
  public static UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    return provider().serverGroup(port, size, callback);
  }

  /**
   * Returns the default provider: the one named by {@code -Dnet.udp.provider}, or else the
   * available one with the highest priority.
   *
   * @return the provider
   * @throws UdpProviderException if none fits; the message lists what was found and why each was
   *     unavailable
   */
  public static UdpProvider provider() {
    return ProviderRegistry.select(Found.ENTRIES, System.getProperty(ProviderRegistry.PROPERTY));
  }

  /**
   * Returns the provider with a name, for example {@code Udp.provider("nio").newSocket()}.
   *
   * @param name the provider's name
   * @return the provider
   * @throws UdpProviderException if no provider has that name, or it is unavailable
   */
  public static UdpProvider provider(String name) {
    Objects.requireNonNull(name, "name");
    return ProviderRegistry.byName(Found.ENTRIES, name, "");
  }

  /**
   * Lists every provider found, available or not, highest priority first. {@link
   * UdpProvider#availability()} tells which can be used.
   *
   * @return the providers
   */
  public static List<UdpProvider> providers() {
    return Found.ENTRIES.stream().map(ProviderRegistry.Entry::provider).filter(Objects::nonNull).toList();
  }

  /**
   * The timeout that new sockets copy: the seed's {@code hs.socket.udp.timeout}. None by default.
   *
   * @return the timeout, or empty for none
   */
  public static Optional<Duration> defaultTimeout() {
    return Optional.ofNullable(defaultTimeout);
  }

  /**
   * Sets the timeout that sockets created from now on copy; existing sockets keep theirs.
   *
   * @param timeout the timeout; {@code null} or negative for none
   */
  public static void setDefaultTimeout(@Nullable Duration timeout) {
    defaultTimeout = timeout == null || timeout.isNegative() ? null : timeout;
  }

  /**
   * Parses {@code host:port} text: {@code 192.0.2.1:9001}, {@code [2001:db8::1]:9001} or {@code
   * example.com:9001}. IP literals are never looked up; a host name gives an {@linkplain
   * InetSocketAddress#isUnresolved() unresolved} address, which {@code send} resolves.
   *
   * @param text the text
   * @return the address, or empty when the text is malformed
   */
  public static Optional<InetSocketAddress> parseAddress(String text) {
    return Optional.ofNullable(AddressText.parseHostPort(Objects.requireNonNull(text, "text")));
  }

  /**
   * Reads a host and a port given apart, as {@code send}, {@code connect} and {@code listen} read
   * them: an IP literal ({@code 192.0.2.1}, {@code 2001:db8::1} or {@code [2001:db8::1]}) gives a
   * resolved address without any lookup, a host name an {@linkplain
   * InetSocketAddress#isUnresolved() unresolved} one. Text that is neither, such as the malformed
   * literal {@code 1.2.3} that the JDK would read as {@code 1.2.0.3}, gives nothing.
   *
   * @param host the host text
   * @param port the port
   * @return the address, or empty when the host is neither a literal nor a host name
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public static Optional<InetSocketAddress> parseAddress(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    return Optional.ofNullable(AddressText.parseHost(host, port));
  }

  /**
   * Formats an address as {@code host:port} text that {@link #parseAddress(String)} reads back:
   * {@code 192.0.2.1:9001}, {@code [2001:db8::1]:9001} (IPv6 compressed as RFC 5952 says), or the
   * host name of an unresolved address.
   *
   * @param address the address
   * @return the text
   */
  public static String formatAddress(InetSocketAddress address) {
    return AddressText.hostPort(Objects.requireNonNull(address, "address"));
  }
}
