package net.udp.provider.socket;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Objects;
import net.udp.ReceivedMetadata;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.Udp;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SocketEvents;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One life of a socket, from an open to its close: the operating-system socket, what it was opened
 * with, its addresses, and the events its provider reports. Once {@link #retire() retired} its
 * events are ignored, so that a datagram read from the closed socket can never reach the next one.
 *
 * <p>The event methods run on the loop thread; the rest under the socket's state lock, except the
 * reads of volatile fields.
 */
final class Opened implements SocketEvents, Route {
  private static final InetAddress ANY_IPV4 = anyAddress(4);

  private final UdpSocket socket;
  private final Settings settings;
  private final Tally tally;
  private final ReceiveGate gate;
  private final Outbox outbox;
  private final Dispatch dispatch;
  private final KitMetadata told = new KitMetadata(); // the provider's loop thread only
  private final OpenRequest request;
  private final boolean hostSupportsIPv6;
  private @Nullable OsSocket os; // set once, right after the open
  private volatile @Nullable InetSocketAddress local;
  private volatile @Nullable InetSocketAddress peer;
  private volatile boolean live = true;

  Opened(UdpSocket socket, Settings settings, Tally tally, ReceiveGate gate, Outbox outbox, Dispatch dispatch,
      OpenRequest request, boolean hostSupportsIPv6) {
    this.socket = socket;
    this.settings = settings;
    this.tally = tally;
    this.gate = gate;
    this.outbox = outbox;
    this.dispatch = dispatch;
    this.request = request;
    this.hostSupportsIPv6 = hostSupportsIPv6;
  }

  /** The operating-system socket has been opened for this life. */
  void attach(OsSocket opened, InetSocketAddress bound) {
    os = opened;
    local = bound;
  }

  OpenRequest request() {
    return request;
  }

  /** The bound address. */
  InetSocketAddress local() {
    return Objects.requireNonNull(local);
  }

  /** The connected peer, or {@code null}. */
  @Nullable InetSocketAddress peer() {
    return peer;
  }

  /** The socket is connected now: only the peer's datagrams are delivered. */
  void connected(InetSocketAddress to, InetSocketAddress bound) {
    peer = to;
    local = bound;
  }

  /** Ends this life: what the provider reports from now on is ignored. */
  void retire() {
    live = false;
  }

  @Override
  public OsSocket os() {
    return Objects.requireNonNull(os, "not opened yet");
  }

  // =============================================================================================
  // Events, from the loop thread

  @Override
  public int receiveAllowance() {
    return live ? gate.allowance() : 0;
  }

  @Override
  public boolean wantsWritable() {
    return live && outbox.wantsWritable();
  }

  @Override
  public void received(ByteBuffer payload, InetSocketAddress sender, boolean truncated, ReceivedMetadata metadata) {
    if (!gate.enter(this)) {
      return; // read from a socket that is closed now
    }
    try {
      InetSocketAddress connectedTo = peer;
      if (connectedTo != null && !connectedTo.equals(sender)) {
        return; // queued before connect, from someone else
      }
      int limit = settings.maxDatagram(sender.getAddress() instanceof Inet4Address);
      boolean cut = truncated;
      if (payload.remaining() > limit) {
        payload.limit(payload.position() + limit);
        cut = true;
      }
      tally.received(payload.remaining(), cut);
      gate.deliver(payload, sender, told.set(metadata, cut));
    } finally {
      gate.exit();
    }
  }

  @Override
  public void receiveFailed(IOException failure) {
    if (live) {
      InetSocketAddress connectedTo = peer;
      String where = connectedTo != null ? " from " + Udp.formatAddress(connectedTo) : "";
      dispatch.reportError(new UdpException("receive" + where + ": " + Reasons.of(failure), failure));
    }
  }

  @Override
  public void writable() {
    if (live) {
      outbox.flush();
    }
  }

  @Override
  public UdpSocket socket() {
    return socket;
  }

  // =============================================================================================
  // What the socket can reach

  @Override
  public @Nullable String problem(InetSocketAddress target) {
    InetSocketAddress connectedTo = peer;
    if (connectedTo != null && !connectedTo.equals(target)) {
      return "the socket is connected to " + Udp.formatAddress(connectedTo) + " and sends only there";
    }
    return familyProblem(target.getAddress());
  }

  /**
   * Why this socket cannot carry an address's IP version: disabled, or not what it is bound to.
   *
   * @param address the address
   * @return the reason, or {@code null} when it can
   */
  @Nullable String familyProblem(InetAddress address) {
    boolean toIPv4 = address instanceof Inet4Address;
    if (toIPv4 && !settings.ipv4Enabled()) {
      return "IPv4 is disabled on this socket";
    }
    if (!toIPv4 && !settings.ipv6Enabled()) {
      return "IPv6 is disabled on this socket";
    }
    if (toIPv4 && !request.carriesIPv4()) {
      return "the socket is bound to an IPv6 address and cannot reach IPv4";
    }
    if (!toIPv4 && request.family() != StandardProtocolFamily.INET6) {
      return "the socket is an IPv4 socket" + (hostSupportsIPv6 ? "" : " (IPv6 is not available on this host)");
    }
    return null;
  }

  /** The versions a send may resolve a name to: what this socket carries and has enabled. */
  Names.Choice choice() {
    boolean v4 = settings.ipv4Enabled() && request.carriesIPv4();
    boolean v6 = settings.ipv6Enabled() && request.family() == StandardProtocolFamily.INET6;
    return new Names.Choice(v4, v6, settings.preferred());
  }

  /** Adds what this life knows to a snapshot: addresses, and the versions carried. */
  void describe(SocketInfoBuilder info) {
    InetSocketAddress bound = local;
    InetSocketAddress connectedTo = peer;
    boolean v4;
    boolean v6;
    if (connectedTo != null) {
      v4 = connectedTo.getAddress() instanceof Inet4Address;
      v6 = !v4;
    } else {
      v4 = request.carriesIPv4();
      v6 = request.family() == StandardProtocolFamily.INET6;
    }
    InetSocketAddress local4 = null;
    InetSocketAddress local6 = null;
    if (bound != null) {
      boolean boundIPv4 = bound.getAddress() instanceof Inet4Address;
      local4 = !v4 ? null : boundIPv4 ? bound : new InetSocketAddress(ANY_IPV4, bound.getPort());
      local6 = v6 && !boundIPv4 ? bound : null;
    }
    info.closed(false).connectedAddress(connectedTo).carries(v4, v6).localAddresses(bound, local4, local6);
  }

  private static InetAddress anyAddress(int length) {
    try {
      return InetAddress.getByAddress(new byte[length]);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
