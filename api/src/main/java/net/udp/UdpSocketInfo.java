package net.udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import net.udp.internal.AddressText;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a socket, returned by {@link UdpSocket#info()}: every key of the seed's {@code
 * info()} table, and counters the seed lacks.
 *
 * <p>The seed's {@code connectedHost}, {@code connectedPort}, {@code localHost}, {@code localPort}
 * and their per-version forms, and {@code isIPVersionNeutral}, are derived from the components
 * and offered as methods of the same names.
 *
 * @param provider the name of the provider that made the socket, such as {@code "nio"}
 * @param closed the seed's <code>isClosed</code>: no operating-system socket is open (not bound yet,
 *     or closed)
 * @param connected the seed's <code>isConnected</code>
 * @param connectedAddress the seed's {@code connectedAddress}: the remote address of a connected
 *     socket, {@code null} otherwise
 * @param ipv4 the seed's <code>isIPv4</code>: the open socket carries IPv4 traffic
 * @param ipv4Enabled the seed's <code>isIPv4Enabled</code>
 * @param ipv4Preferred the seed's <code>isIPv4Preferred</code>
 * @param ipv6 the seed's <code>isIPv6</code>: the open socket carries IPv6 traffic
 * @param ipv6Enabled the seed's <code>isIPv6Enabled</code>
 * @param ipv6Preferred the seed's <code>isIPv6Preferred</code>
 * @param localAddress the seed's {@code localAddress}: the address the socket is bound to, {@code
 *     null} when closed
 * @param localAddressIPv4 the seed's {@code localAddress_IPv4}: the IPv4 address and port the
 *     socket receives on ({@code 0.0.0.0} for a dual-stack socket bound to every address), {@code
 *     null} when it carries no IPv4
 * @param localAddressIPv6 the seed's {@code localAddress_IPv6}, {@code null} when the socket
 *     carries no IPv6
 * @param maxReceiveIPv4BufferSize the seed's {@code maxReceiveIPv4BufferSize}: the largest
 *     datagram delivered from an IPv4 sender
 * @param maxReceiveIPv6BufferSize the seed's {@code maxReceiveIPv6BufferSize}
 * @param timeout the seed's {@code timeout}: the send timeout, empty for none
 * @param userData the seed's {@code userData}: what {@link UdpSocket#setUserData(Object)} attached
 * @param broadcast whether broadcasting is enabled
 * @param reusePort whether port reuse is enabled
 * @param receiving whether the socket is delivering datagrams now (continuous, or waiting for its
 *     one datagram), rather than paused
 * @param socketReceiveBuffer the operating system's receive buffer size ({@code SO_RCVBUF}) as the
 *     kernel reports it, 0 when closed
 * @param counters what the socket has done since it was last opened
 */
public record UdpSocketInfo(
    String provider,
    boolean closed,
    boolean connected,
    @Nullable InetSocketAddress connectedAddress,
    boolean ipv4,
    boolean ipv4Enabled,
    boolean ipv4Preferred,
    boolean ipv6,
    boolean ipv6Enabled,
    boolean ipv6Preferred,
    @Nullable InetSocketAddress localAddress,
    @Nullable InetSocketAddress localAddressIPv4,
    @Nullable InetSocketAddress localAddressIPv6,
    int maxReceiveIPv4BufferSize,
    int maxReceiveIPv6BufferSize,
    Optional<Duration> timeout,
    @Nullable Object userData,
    boolean broadcast,
    boolean reusePort,
    boolean receiving,
    int socketReceiveBuffer,
    Counters counters) {

  /**
   * Checks that the required components are present.
   *
   * @throws NullPointerException if {@code provider}, {@code timeout} or {@code counters} is null
   */
  public UdpSocketInfo {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(counters, "counters");
  }

  /**
   * What a socket has done since it was last opened. Counters start at zero each time the socket
   * is bound after being closed.
   *
   * @param datagramsReceived datagrams delivered to the receive callback, or held for it
   * @param bytesReceived payload bytes of those datagrams, after truncation
   * @param datagramsTruncated datagrams longer than the buffer size for their IP version,
   *     delivered truncated
   * @param datagramsDropped datagrams the kernel dropped because the socket's receive buffer was
   *     full, where the provider can learn it (empty where it cannot)
   * @param datagramsSent datagrams handed to the operating system
   * @param bytesSent payload bytes of those datagrams
   * @param sendsFailed sends that failed, for any reason
   */
  public record Counters(
      long datagramsReceived,
      long bytesReceived,
      long datagramsTruncated,
      OptionalLong datagramsDropped,
      long datagramsSent,
      long bytesSent,
      long sendsFailed) {

    /** Counters of a socket that has done nothing, where drops are not reported. */
    public static final Counters NONE = new Counters(0, 0, 0, OptionalLong.empty(), 0, 0, 0);

    /**
     * Checks that the drop counter is present (possibly empty).
     *
     * @throws NullPointerException if {@code datagramsDropped} is null
     */
    public Counters {
      Objects.requireNonNull(datagramsDropped, "datagramsDropped");
    }
  }

  /**
   * The seed's {@code isIPVersionNeutral}: neither version is preferred.
   *
   * @return {@code true} when no version is preferred
   */
  public boolean ipVersionNeutral() {
    return !ipv4Preferred && !ipv6Preferred;
  }

  /**
   * The seed's {@code connectedHost}: the connected address as an IP literal.
   *
   * @return the literal, or {@code null} when not connected
   */
  public @Nullable String connectedHost() {
    return host(connectedAddress);
  }

  /**
   * The seed's {@code connectedPort}.
   *
   * @return the connected port, or 0 when not connected
   */
  public int connectedPort() {
    return port(connectedAddress);
  }

  /**
   * The seed's {@code localHost}: the bound address as an IP literal.
   *
   * @return the literal, or {@code null} when closed
   */
  public @Nullable String localHost() {
    return host(localAddress);
  }

  /**
   * The seed's {@code localPort}.
   *
   * @return the bound port, or 0 when closed
   */
  public int localPort() {
    return port(localAddress);
  }

  /**
   * The seed's {@code localHost_IPv4}.
   *
   * @return the IPv4 literal the socket receives on, or {@code null} when it carries no IPv4
   */
  public @Nullable String localHostIPv4() {
    return host(localAddressIPv4);
  }

  /**
   * The seed's {@code localPort_IPv4}.
   *
   * @return the IPv4 port, or 0 when the socket carries no IPv4
   */
  public int localPortIPv4() {
    return port(localAddressIPv4);
  }

  /**
   * The seed's {@code localHost_IPv6}.
   *
   * @return the IPv6 literal the socket receives on, or {@code null} when it carries no IPv6
   */
  public @Nullable String localHostIPv6() {
    return host(localAddressIPv6);
  }

  /**
   * The seed's {@code localPort_IPv6}.
   *
   * @return the IPv6 port, or 0 when the socket carries no IPv6
   */
  public int localPortIPv6() {
    return port(localAddressIPv6);
  }

  private static @Nullable String host(@Nullable InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    InetAddress ip = address.getAddress();
    return ip == null ? address.getHostString() : AddressText.literal(ip);
  }

  private static int port(@Nullable InetSocketAddress address) {
    return address == null ? 0 : address.getPort();
  }
}
