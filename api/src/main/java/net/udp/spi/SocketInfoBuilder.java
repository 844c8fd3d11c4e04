package net.udp.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import net.udp.UdpCounters;
import net.udp.UdpMetadata;
import net.udp.UdpMulticastInfo;
import net.udp.UdpSocketInfo;
import net.udp.internal.SocketInfo;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link UdpSocketInfo} snapshots a provider's sockets return from {@code info()}: for
 * providers (and for wrappers of a provider, which change a snapshot with {@link #from}), not for
 * the applications that read them. Unset values are those of a new, unbound socket.
 */
public interface SocketInfoBuilder {
  /**
   * Starts a snapshot of a new, unbound socket of a provider.
   *
   * @param provider the provider's name
   * @return a builder
   */
  static SocketInfoBuilder of(String provider) {
    return SocketInfo.builder(provider);
  }

  /**
   * Starts from a snapshot, to change some of it.
   *
   * @param info the snapshot
   * @return a builder holding everything the snapshot holds
   */
  static SocketInfoBuilder from(UdpSocketInfo info) {
    return SocketInfo.builder(info);
  }

  /**
   * Sets {@link UdpSocketInfo#closed()}.
   *
   * @param value the value
   * @return this builder
   */
  SocketInfoBuilder closed(boolean value);

  /**
   * Sets {@link UdpSocketInfo#connectedAddress()}, which also decides {@link
   * UdpSocketInfo#connected()}.
   *
   * @param value the peer, or {@code null} when not connected
   * @return this builder
   */
  SocketInfoBuilder connectedAddress(@Nullable InetSocketAddress value);

  /**
   * Sets {@link UdpSocketInfo#ipv4()} and {@link UdpSocketInfo#ipv6()}: the versions the open
   * socket carries.
   *
   * @param carriesIPv4 whether it carries IPv4
   * @param carriesIPv6 whether it carries IPv6
   * @return this builder
   */
  SocketInfoBuilder carries(boolean carriesIPv4, boolean carriesIPv6);

  /**
   * Sets {@link UdpSocketInfo#ipv4Enabled()} and {@link UdpSocketInfo#ipv6Enabled()}.
   *
   * @param ipv4 whether IPv4 is enabled
   * @param ipv6 whether IPv6 is enabled
   * @return this builder
   */
  SocketInfoBuilder enabled(boolean ipv4, boolean ipv6);

  /**
   * Sets the preferred version: {@link UdpSocketInfo#ipv4Preferred()} and {@link
   * UdpSocketInfo#ipv6Preferred()}.
   *
   * @param version 4 or 6, or any other number for neither
   * @return this builder
   */
  SocketInfoBuilder preferred(int version);

  /**
   * Sets the local addresses: {@link UdpSocketInfo#localAddress()} and its per-version forms.
   *
   * @param bound the bound address, or {@code null} when closed
   * @param ipv4 the IPv4 address received on, or {@code null}
   * @param ipv6 the IPv6 address received on, or {@code null}
   * @return this builder
   */
  SocketInfoBuilder localAddresses(@Nullable InetSocketAddress bound, @Nullable InetSocketAddress ipv4, @Nullable InetSocketAddress ipv6);

  /**
   * Sets {@link UdpSocketInfo#maxReceiveIPv4BufferSize()} and {@link
   * UdpSocketInfo#maxReceiveIPv6BufferSize()}.
   *
   * @param ipv4 the IPv4 size in bytes
   * @param ipv6 the IPv6 size in bytes
   * @return this builder
   */
  SocketInfoBuilder bufferSizes(int ipv4, int ipv6);

  /**
   * Sets {@link UdpSocketInfo#timeout()}.
   *
   * @param value the timeout, or {@code null} for none
   * @return this builder
   */
  SocketInfoBuilder timeout(@Nullable Duration value);

  /**
   * Sets {@link UdpSocketInfo#userData()}.
   *
   * @param value anything, or {@code null}
   * @return this builder
   */
  SocketInfoBuilder userData(@Nullable Object value);

  /**
   * Sets {@link UdpSocketInfo#broadcast()}.
   *
   * @param value the value
   * @return this builder
   */
  SocketInfoBuilder broadcast(boolean value);

  /**
   * Sets {@link UdpSocketInfo#reusePort()}.
   *
   * @param value the value
   * @return this builder
   */
  SocketInfoBuilder reusePort(boolean value);

  /**
   * Sets {@link UdpSocketInfo#receiving()}.
   *
   * @param value the value
   * @return this builder
   */
  SocketInfoBuilder receiving(boolean value);

  /**
   * Sets {@link UdpSocketInfo#socketReceiveBuffer()}.
   *
   * @param value the size in bytes
   * @return this builder
   */
  SocketInfoBuilder socketReceiveBuffer(int value);

  /**
   * Sets {@link UdpSocketInfo#counters()}.
   *
   * @param value the counters
   * @return this builder
   */
  SocketInfoBuilder counters(UdpCounters value);

  /**
   * Sets {@link UdpSocketInfo#multicast()}.
   *
   * @param value the multicast settings and memberships
   * @return this builder
   */
  SocketInfoBuilder multicast(UdpMulticastInfo value);

  /**
   * Sets {@link UdpSocketInfo#segmentationOffload()}.
   *
   * @param value the value
   * @return this builder
   */
  SocketInfoBuilder segmentationOffload(boolean value);

  /**
   * Sets {@link UdpSocketInfo#receiveOffload()}.
   *
   * @param value the value
   * @return this builder
   */
  SocketInfoBuilder receiveOffload(boolean value);

  /**
   * Sets {@link UdpSocketInfo#dontFragment()}.
   *
   * @param value the setting
   * @return this builder
   */
  SocketInfoBuilder dontFragment(boolean value);

  /**
   * Sets {@link UdpSocketInfo#pathMtu()}.
   *
   * @param value the MTU, or -1
   * @return this builder
   */
  SocketInfoBuilder pathMtu(int value);

  /**
   * Sets {@link UdpSocketInfo#receiveMetadata()}.
   *
   * @param value the metadata collected
   * @return this builder
   */
  SocketInfoBuilder receiveMetadata(java.util.Set<UdpMetadata> value);

  /**
   * Makes the snapshot.
   *
   * @return an immutable snapshot of what this builder holds
   */
  UdpSocketInfo build();
}
