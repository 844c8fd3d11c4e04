package net.udp.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.udp.UdpCounters;
import net.udp.UdpMetadata;
import net.udp.UdpMulticastInfo;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The implementation of {@link UdpSocketInfo}: a record, so that equality and text come with it
 * and it can change without touching the public interface.
 *
 * @param provider see {@link UdpSocketInfo#provider()}
 * @param closed see {@link UdpSocketInfo#closed()}
 * @param connectedAddress see {@link UdpSocketInfo#connectedAddress()}
 * @param ipv4 see {@link UdpSocketInfo#ipv4()}
 * @param ipv4Enabled see {@link UdpSocketInfo#ipv4Enabled()}
 * @param ipv4Preferred see {@link UdpSocketInfo#ipv4Preferred()}
 * @param ipv6 see {@link UdpSocketInfo#ipv6()}
 * @param ipv6Enabled see {@link UdpSocketInfo#ipv6Enabled()}
 * @param ipv6Preferred see {@link UdpSocketInfo#ipv6Preferred()}
 * @param localAddress see {@link UdpSocketInfo#localAddress()}
 * @param localAddressIPv4 see {@link UdpSocketInfo#localAddressIPv4()}
 * @param localAddressIPv6 see {@link UdpSocketInfo#localAddressIPv6()}
 * @param maxReceiveIPv4BufferSize see {@link UdpSocketInfo#maxReceiveIPv4BufferSize()}
 * @param maxReceiveIPv6BufferSize see {@link UdpSocketInfo#maxReceiveIPv6BufferSize()}
 * @param timeout see {@link UdpSocketInfo#timeout()}
 * @param userData see {@link UdpSocketInfo#userData()}
 * @param broadcast see {@link UdpSocketInfo#broadcast()}
 * @param reusePort see {@link UdpSocketInfo#reusePort()}
 * @param receiving see {@link UdpSocketInfo#receiving()}
 * @param socketReceiveBuffer see {@link UdpSocketInfo#socketReceiveBuffer()}
 * @param counters see {@link UdpSocketInfo#counters()}
 * @param multicast see {@link UdpSocketInfo#multicast()}
 * @param segmentationOffload see {@link UdpSocketInfo#segmentationOffload()}
 * @param receiveOffload see {@link UdpSocketInfo#receiveOffload()}
 * @param dontFragment see {@link UdpSocketInfo#dontFragment()}
 * @param pathMtu see {@link UdpSocketInfo#pathMtu()}
 * @param receiveMetadata see {@link UdpSocketInfo#receiveMetadata()}
 */
public record SocketInfo(
    String provider,
    boolean closed,
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
    UdpCounters counters,
    UdpMulticastInfo multicast,
    boolean segmentationOffload,
    boolean receiveOffload,
    boolean dontFragment,
    int pathMtu,
    Set<UdpMetadata> receiveMetadata)
    implements UdpSocketInfo {

  /**
   * Checks that the required fields are present.
   *
   * @throws NullPointerException if {@code provider}, {@code timeout}, {@code counters} or
   *     {@code multicast} is null
   */
  public SocketInfo {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(multicast, "multicast");
  }

  /**
   * A builder with the defaults of a new socket.
   *
   * @param provider the provider's name
   * @return the builder
   */
  public static SocketInfoBuilder builder(String provider) {
    return new Builder(Objects.requireNonNull(provider, "provider"));
  }

  /**
   * A builder holding another snapshot's fields.
   *
   * @param from the snapshot
   * @return the builder
   */
  public static SocketInfoBuilder builder(UdpSocketInfo from) {
    return new Builder(from.provider())
        .closed(from.closed())
        .connectedAddress(from.connectedAddress())
        .carries(from.ipv4(), from.ipv6())
        .enabled(from.ipv4Enabled(), from.ipv6Enabled())
        .preferred(from.ipv4Preferred() ? 4 : from.ipv6Preferred() ? 6 : 0)
        .localAddresses(from.localAddress(), from.localAddressIPv4(), from.localAddressIPv6())
        .bufferSizes(from.maxReceiveIPv4BufferSize(), from.maxReceiveIPv6BufferSize())
        .timeout(from.timeout().orElse(null))
        .userData(from.userData())
        .broadcast(from.broadcast())
        .reusePort(from.reusePort())
        .receiving(from.receiving())
        .socketReceiveBuffer(from.socketReceiveBuffer())
        .counters(from.counters())
        .multicast(from.multicast())
        .segmentationOffload(from.segmentationOffload())
        .receiveOffload(from.receiveOffload())
        .dontFragment(from.dontFragment())
        .pathMtu(from.pathMtu())
        .receiveMetadata(from.receiveMetadata());
  }

  private static final class Builder implements SocketInfoBuilder {
    private final String provider;
    private boolean closed = true;
    private @Nullable InetSocketAddress connectedAddress;
    private boolean ipv4;
    private boolean ipv4Enabled = true;
    private boolean ipv4Preferred;
    private boolean ipv6;
    private boolean ipv6Enabled = true;
    private boolean ipv6Preferred;
    private @Nullable InetSocketAddress localAddress;
    private @Nullable InetSocketAddress localAddressIPv4;
    private @Nullable InetSocketAddress localAddressIPv6;
    private int maxReceiveIPv4BufferSize = UdpSocket.DEFAULT_BUFFER_SIZE;
    private int maxReceiveIPv6BufferSize = UdpSocket.DEFAULT_BUFFER_SIZE;
    private @Nullable Duration timeout;
    private @Nullable Object userData;
    private boolean broadcast;
    private boolean reusePort;
    private boolean receiving;
    private int socketReceiveBuffer;
    private UdpCounters counters = UdpCounters.NONE;
    private UdpMulticastInfo multicast = UdpMulticastInfo.DEFAULT;
    private boolean segmentationOffload;
    private boolean receiveOffload;
    private boolean dontFragment;
    private int pathMtu = -1;
    private Set<UdpMetadata> receiveMetadata = Set.of();

    Builder(String provider) {
      this.provider = provider;
    }

    @Override
    public SocketInfoBuilder closed(boolean value) {
      closed = value;
      return this;
    }

    @Override
    public SocketInfoBuilder connectedAddress(@Nullable InetSocketAddress value) {
      connectedAddress = value;
      return this;
    }

    @Override
    public SocketInfoBuilder carries(boolean carriesIPv4, boolean carriesIPv6) {
      ipv4 = carriesIPv4;
      ipv6 = carriesIPv6;
      return this;
    }

    @Override
    public SocketInfoBuilder enabled(boolean v4, boolean v6) {
      ipv4Enabled = v4;
      ipv6Enabled = v6;
      return this;
    }

    @Override
    public SocketInfoBuilder preferred(int version) {
      ipv4Preferred = version == 4;
      ipv6Preferred = version == 6;
      return this;
    }

    @Override
    public SocketInfoBuilder localAddresses(
        @Nullable InetSocketAddress bound, @Nullable InetSocketAddress v4, @Nullable InetSocketAddress v6) {
      localAddress = bound;
      localAddressIPv4 = v4;
      localAddressIPv6 = v6;
      return this;
    }

    @Override
    public SocketInfoBuilder bufferSizes(int v4, int v6) {
      maxReceiveIPv4BufferSize = v4;
      maxReceiveIPv6BufferSize = v6;
      return this;
    }

    @Override
    public SocketInfoBuilder timeout(@Nullable Duration value) {
      timeout = value;
      return this;
    }

    @Override
    public SocketInfoBuilder userData(@Nullable Object value) {
      userData = value;
      return this;
    }

    @Override
    public SocketInfoBuilder broadcast(boolean value) {
      broadcast = value;
      return this;
    }

    @Override
    public SocketInfoBuilder reusePort(boolean value) {
      reusePort = value;
      return this;
    }

    @Override
    public SocketInfoBuilder receiving(boolean value) {
      receiving = value;
      return this;
    }

    @Override
    public SocketInfoBuilder socketReceiveBuffer(int value) {
      socketReceiveBuffer = value;
      return this;
    }

    @Override
    public SocketInfoBuilder counters(UdpCounters value) {
      counters = Objects.requireNonNull(value, "counters");
      return this;
    }

    @Override
    public SocketInfoBuilder multicast(UdpMulticastInfo value) {
      multicast = Objects.requireNonNull(value, "multicast");
      return this;
    }

    @Override
    public SocketInfoBuilder segmentationOffload(boolean value) {
      segmentationOffload = value;
      return this;
    }

    @Override
    public SocketInfoBuilder receiveOffload(boolean value) {
      receiveOffload = value;
      return this;
    }

    @Override
    public SocketInfoBuilder dontFragment(boolean value) {
      dontFragment = value;
      return this;
    }

    @Override
    public SocketInfoBuilder pathMtu(int value) {
      pathMtu = value;
      return this;
    }

    @Override
    public SocketInfoBuilder receiveMetadata(Set<UdpMetadata> value) {
      receiveMetadata = value.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(value));
      return this;
    }

    @Override
    public UdpSocketInfo build() {
      return new SocketInfo(provider, closed, connectedAddress, ipv4, ipv4Enabled, ipv4Preferred, ipv6, ipv6Enabled,
          ipv6Preferred, localAddress, localAddressIPv4, localAddressIPv6, maxReceiveIPv4BufferSize,
          maxReceiveIPv6BufferSize, Optional.ofNullable(timeout), userData, broadcast, reusePort, receiving,
          socketReceiveBuffer, counters, multicast, segmentationOffload, receiveOffload, dontFragment, pathMtu, receiveMetadata);
    }
  }

  /**
   * The snapshot by the names of {@link UdpSocketInfo}, addresses as {@link
   * net.udp.Udp#formatAddress} writes them.
   *
   * @return for example {@code UdpSocketInfo[provider=nio, closed=false, localAddress=127.0.0.1:9000, ...]}
   */
  @Override
  public String toString() {
    return "UdpSocketInfo[provider=" + provider + ", closed=" + closed + ", localAddress=" + text(localAddress) + ", connectedAddress="
        + text(connectedAddress) + ", ipv4=" + ipv4 + " (enabled=" + ipv4Enabled + ", preferred=" + ipv4Preferred + "), ipv6=" + ipv6
        + " (enabled=" + ipv6Enabled + ", preferred=" + ipv6Preferred + "), receiving=" + receiving + ", timeout="
        + timeout.map(SocketInfo::text).orElse("none") + ", maxReceiveIPv4BufferSize=" + maxReceiveIPv4BufferSize
        + ", maxReceiveIPv6BufferSize=" + maxReceiveIPv6BufferSize + ", socketReceiveBuffer=" + socketReceiveBuffer + ", broadcast="
        + broadcast + ", reusePort=" + reusePort + ", segmentationOffload=" + segmentationOffload + ", receiveOffload=" + receiveOffload
        + ", dontFragment=" + dontFragment + ", pathMtu=" + pathMtu + ", receiveMetadata=" + receiveMetadata + ", userData=" + userData + ", counters=" + counters + ", multicast=" + multicast + "]";
  }

  private static String text(@Nullable InetSocketAddress address) {
    return address == null ? "none" : AddressText.hostPort(address);
  }

  /**
   * A duration as people write it: {@code 250 ms}, {@code 1 s}, {@code 1.5 s}, {@code 2 min}.
   *
   * @param d the duration, not negative
   * @return the text
   */
  public static String text(Duration d) {
    long ms = d.toMillis();
    if (d.toNanos() % 1_000_000 != 0 || ms == 0) {
      return d.toNanos() % 1_000 == 0 ? d.toNanos() / 1_000 + " µs" : d.toNanos() + " ns";
    }
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + " min";
    }
    return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
  }
}
