package net.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import net.udp.internal.AddressText;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a socket, returned by {@link UdpSocket#info()}: every key of the seed's {@code
 * info()} table, and what the seed lacks (settings, counters).
 *
 * <p>Snapshots are immutable and compare equal when every field is equal. Providers make them with
 * a {@link net.udp.spi.SocketInfoBuilder}, so that fields can be added later without breaking
 * anyone: a caller reads the accessors, and a builder leaves a field it is not told about at the
 * default of a new socket.
 * The seed's {@code connectedHost}, {@code connectedPort}, {@code localHost}, {@code localPort},
 * their per-version forms and {@code isIPVersionNeutral} are derived from the other fields and
 * offered under those names.
 *
 * {@snippet :
 * UdpSocketInfo info = socket.info();
 * System.out.println(info.localHost() + ":" + info.localPort() + ", "
 *     + info.counters().datagramsReceived() + " datagrams received");
 * }
 */
public interface UdpSocketInfo {

  /**
   * The provider that made the socket.
   *
   * @return its name, such as {@code "nio"}
   */
  String provider();

  /**
   * The seed's {@code isClosed}: no operating-system socket is open (not bound yet, or closed).
   *
   * @return {@code true} when closed
   */
  boolean closed();

  /**
   * The seed's {@code connectedAddress}: the remote address of a connected socket.
   *
   * @return the address, or {@code null} when not connected
   */
  @Nullable InetSocketAddress connectedAddress();

  /**
   * The seed's {@code isIPv4}: the open socket carries IPv4 traffic.
   *
   * @return {@code true} when it does
   */
  boolean ipv4();

  /**
   * The seed's {@code isIPv4Enabled}.
   *
   * @return {@code true} unless {@code enableIPv(4, false)} was called
   */
  boolean ipv4Enabled();

  /**
   * The seed's {@code isIPv4Preferred}.
   *
   * @return {@code true} after {@code preferIPv(4)}
   */
  boolean ipv4Preferred();

  /**
   * The seed's {@code isIPv6}: the open socket carries IPv6 traffic.
   *
   * @return {@code true} when it does
   */
  boolean ipv6();

  /**
   * The seed's {@code isIPv6Enabled}.
   *
   * @return {@code true} unless {@code enableIPv(6, false)} was called
   */
  boolean ipv6Enabled();

  /**
   * The seed's {@code isIPv6Preferred}.
   *
   * @return {@code true} after {@code preferIPv(6)}
   */
  boolean ipv6Preferred();

  /**
   * The seed's {@code localAddress}: the address the socket is bound to.
   *
   * @return the address, or {@code null} when closed
   */
  @Nullable InetSocketAddress localAddress();

  /**
   * The seed's {@code localAddress_IPv4}: the IPv4 address and port the socket receives on ({@code
   * 0.0.0.0} for a dual-stack socket bound to every address).
   *
   * @return the address, or {@code null} when the socket carries no IPv4
   */
  @Nullable InetSocketAddress localAddressIPv4();

  /**
   * The seed's {@code localAddress_IPv6}.
   *
   * @return the address, or {@code null} when the socket carries no IPv6
   */
  @Nullable InetSocketAddress localAddressIPv6();

  /**
   * The seed's {@code maxReceiveIPv4BufferSize}: the largest datagram delivered from an IPv4
   * sender; longer ones are truncated.
   *
   * @return the size in bytes
   */
  int maxReceiveIPv4BufferSize();

  /**
   * The seed's {@code maxReceiveIPv6BufferSize}.
   *
   * @return the size in bytes
   */
  int maxReceiveIPv6BufferSize();

  /**
   * The seed's {@code timeout}: the send timeout.
   *
   * @return the timeout, or empty for none
   */
  Optional<Duration> timeout();

  /**
   * The seed's {@code userData}: what {@link UdpSocket#setUserData(Object)} attached.
   *
   * @return the object, or {@code null}
   */
  @Nullable Object userData();

  /**
   * Whether broadcasting is enabled.
   *
   * @return {@code true} after {@code broadcast()}
   */
  boolean broadcast();

  /**
   * Whether port reuse is enabled.
   *
   * @return {@code true} after {@code reusePort()}
   */
  boolean reusePort();

  /**
   * Whether the socket is delivering datagrams now (continuous, or waiting for its one datagram),
   * rather than paused.
   *
   * @return {@code true} when receiving
   */
  boolean receiving();

  /**
   * The operating system's receive buffer size ({@code SO_RCVBUF}), as {@code getsockopt} reports
   * it.
   *
   * @return the size in bytes, 0 when closed
   */
  int socketReceiveBuffer();

  /**
   * What the socket has done since it was last opened.
   *
   * @return the counters
   */
  UdpCounters counters();

  /**
   * Whether a {@linkplain Datagram#segments(int) segmented} send hands several datagrams to the kernel at once (UDP
   * generic segmentation offload): the provider can, and the kernel and route took it.
   *
   * @return {@code true} while it does; {@code false} where sends are split into datagrams
   */
  boolean segmentationOffload();

  /**
   * Whether the kernel hands this socket several datagrams of one sender in one read (UDP generic
   * receive offload), which the provider then delivers one by one: asked for with {@link
   * UdpSocket#setReceiveOffload(boolean)}, and taken by the provider and the kernel.
   *
   * @return {@code true} while the open socket receives that way
   */
  boolean receiveOffload();

  /**
   * Whether the datagrams the socket sends carry the don't-fragment bit ({@link
   * UdpSocket#setDontFragment(boolean)}).
   *
   * @return the setting
   */
  boolean dontFragment();

  /**
   * The kernel's current path MTU to the connected address ({@code IP_MTU}, {@code IPV6_MTU}):
   * the largest IP packet, headers included, that reaches the peer unfragmented, as far as the
   * kernel has learnt (a packet-too-big message lowers it). A UDP payload of up to this less 28
   * bytes (IPv4) or 48 (IPv6) fits.
   *
   * @return the MTU in bytes; -1 when the socket is not connected, or the provider cannot tell
   */
  int pathMtu();

  /**
   * What the open socket collects about each datagram it receives: what {@link
   * UdpSocket#setReceiveMetadata(java.util.Set)} asked for, less what the provider cannot collect.
   *
   * @return an immutable set; empty for none, and for a socket that is not open
   */
  java.util.Set<UdpMetadata> receiveMetadata();

  /**
   * The socket's multicast settings and the groups it has joined.
   *
   * @return a snapshot; {@link UdpMulticastInfo#DEFAULT} for a socket that never touched them
   */
  UdpMulticastInfo multicast();

  /**
   * The seed's {@code isConnected}.
   *
   * @return {@code true} when connected
   */
  default boolean connected() {
    return connectedAddress() != null;
  }

  /**
   * The seed's {@code isIPVersionNeutral}: neither version is preferred.
   *
   * @return {@code true} when no version is preferred
   */
  default boolean ipVersionNeutral() {
    return !ipv4Preferred() && !ipv6Preferred();
  }

  /**
   * The seed's {@code connectedHost}: the connected address as an IP literal.
   *
   * @return the literal, or {@code null} when not connected
   */
  default @Nullable String connectedHost() {
    return AddressText.host(connectedAddress());
  }

  /**
   * The seed's {@code connectedPort}.
   *
   * @return the connected port, or 0 when not connected
   */
  default int connectedPort() {
    return AddressText.port(connectedAddress());
  }

  /**
   * The seed's {@code localHost}: the bound address as an IP literal.
   *
   * @return the literal, or {@code null} when closed
   */
  default @Nullable String localHost() {
    return AddressText.host(localAddress());
  }

  /**
   * The seed's {@code localPort}.
   *
   * @return the bound port, or 0 when closed
   */
  default int localPort() {
    return AddressText.port(localAddress());
  }

  /**
   * The seed's {@code localHost_IPv4}.
   *
   * @return the IPv4 literal the socket receives on, or {@code null} when it carries no IPv4
   */
  default @Nullable String localHostIPv4() {
    return AddressText.host(localAddressIPv4());
  }

  /**
   * The seed's {@code localPort_IPv4}.
   *
   * @return the IPv4 port, or 0 when the socket carries no IPv4
   */
  default int localPortIPv4() {
    return AddressText.port(localAddressIPv4());
  }

  /**
   * The seed's {@code localHost_IPv6}.
   *
   * @return the IPv6 literal the socket receives on, or {@code null} when it carries no IPv6
   */
  default @Nullable String localHostIPv6() {
    return AddressText.host(localAddressIPv6());
  }

  /**
   * The seed's {@code localPort_IPv6}.
   *
   * @return the IPv6 port, or 0 when the socket carries no IPv6
   */
  default int localPortIPv6() {
    return AddressText.port(localAddressIPv6());
  }
}
