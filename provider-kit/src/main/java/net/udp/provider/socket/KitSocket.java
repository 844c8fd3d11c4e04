package net.udp.provider.socket;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import net.udp.Datagram;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpBatch;
import net.udp.UdpMembership;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.Udp;
import net.udp.provider.EventLoop;
import net.udp.provider.socket.Lifecycle.State;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The socket the kit gives every provider: the API's rules, written once. It validates each call
 * and hands it to the part whose job it is: {@link Settings} (configuration), {@link Lifecycle}
 * (binding, connecting, closing, and one {@link Opened} per life of the operating-system socket),
 * {@link ReceiveGate} (receive modes), {@link Outbox} (the send queue), {@link Dispatch} (where
 * callbacks run) and {@link Tally} (counters).
 */
public final class KitSocket implements UdpSocket {
  private final EventLoop loop;
  private final Settings settings = new Settings();
  private final Tally tally = new Tally();
  private final Dispatch dispatch;
  private final ReceiveGate gate;
  private final Outbox outbox;
  private final Lifecycle life;
  private final Multicast multicast = new Multicast();
  private final Sender sender;

  /**
   * Creates an unbound socket with the default configuration and the module-wide default
   * timeout; {@link EventLoop#newSocket(ReceiveCallback)} is how providers get one.
   *
   * @param loop the loop that serves the socket and runs its callbacks
   * @param callback the receive callback, or {@code null}
   */
  @SuppressWarnings("this-escape") // the parts keep the reference and use it later, never now
  public KitSocket(EventLoop loop, @Nullable ReceiveCallback callback) {
    this.loop = Objects.requireNonNull(loop, "loop");
    settings.callback(callback);
    dispatch = new Dispatch(this, loop, settings, tally);
    gate = new ReceiveGate(this, settings, dispatch, this::interestChanged);
    outbox = new Outbox(loop, settings, tally, dispatch, this::interestChanged);
    life = new Lifecycle(this, loop, settings, tally, gate, outbox, dispatch, multicast);
    sender = new Sender(life, settings, outbox, dispatch);
  }

  private void interestChanged() {
    life.interestChanged();
  }

  // =============================================================================================
  // Configuration

  @Override
  public UdpSocket broadcast(boolean enabled) {
    settings.broadcast(enabled);
    life.applyToOs("broadcast", os -> os.setBroadcast(enabled));
    return this;
  }

  @Override
  public UdpSocket reusePort(boolean enabled) {
    life.beforeBinding("reusePort", () -> settings.reusePort(enabled));
    return this;
  }

  @Override
  public UdpSocket enableIPv(int version, boolean enabled) {
    Settings.checkVersion(version);
    life.beforeBinding("enableIPv", () -> settings.enableIPv(version, enabled));
    return this;
  }

  @Override
  public UdpSocket preferIPv(int version) {
    settings.preferIPv(version);
    return this;
  }

  @Override
  public UdpSocket setBufferSize(int size, int version) {
    settings.bufferSize(size, version);
    return this;
  }

  @Override
  public UdpSocket setDontFragment(boolean enabled) {
    boolean before = settings.dontFragment();
    settings.dontFragment(enabled); // first: a socket opened meanwhile by another thread sets it too
    try {
      life.applyToOs("setDontFragment", os -> os.setDontFragment(enabled));
    } catch (RuntimeException refused) {
      settings.dontFragment(before);
      throw refused;
    }
    return this;
  }

  @Override
  public UdpSocket setReceiveMetadata(Set<UdpMetadata> what) {
    settings.receiveMetadata(Objects.requireNonNull(what, "what"));
    life.applyToOs("setReceiveMetadata", os -> os.setReceiveMetadata(settings.receiveMetadata()));
    return this;
  }

  @Override
  public UdpSocket setReceiveOffload(boolean enabled) {
    settings.receiveOffload(enabled);
    life.applyToOs("setReceiveOffload", os -> os.setReceiveOffload(enabled));
    return this;
  }

  @Override
  public UdpSocket setSocketReceiveBuffer(int bytes) {
    settings.socketReceiveBuffer(bytes);
    life.applyToOs("setSocketReceiveBuffer", os -> os.setReceiveBufferSize(bytes));
    return this;
  }

  @Override
  public UdpSocket setSocketSendBuffer(int bytes) {
    settings.socketSendBuffer(bytes);
    life.applyToOs("setSocketSendBuffer", os -> os.setSendBufferSize(bytes));
    return this;
  }

  @Override
  public UdpSocket setSendQueueCapacity(int datagrams) {
    settings.sendQueueCapacity(datagrams);
    outbox.tellOutcomes(); // a larger queue has room for the senders waiting
    return this;
  }

  @Override
  public boolean isWritable() {
    return outbox.writable();
  }

  @Override
  public CompletableFuture<Void> whenWritable() {
    return outbox.whenWritable();
  }

  @Override
  public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
    settings.callback(callback);
    gate.callbackChanged();
    return this;
  }

  @Override
  public UdpSocket setTimeout(@Nullable Duration timeout) {
    settings.timeout(timeout);
    return this;
  }

  @Override
  public UdpSocket setExecutor(@Nullable Executor executor) {
    dispatch.executor(executor);
    return this;
  }

  @Override
  public UdpSocket setConcurrentCallbacks(boolean enabled) {
    settings.concurrentCallbacks(enabled);
    return this;
  }

  @Override
  public UdpSocket setErrorListener(@Nullable ErrorListener listener) {
    settings.errorListener(listener);
    return this;
  }

  @Override
  public UdpSocket setUserData(@Nullable Object userData) {
    settings.userData(userData);
    return this;
  }

  // =============================================================================================
  // Binding, connecting, closing

  @Override
  public UdpSocket listen(int port) {
    Settings.checkPort("listen", port, 0);
    life.listen(null, port);
    return this;
  }

  @Override
  public UdpSocket listen(String host, int port) {
    Settings.checkHost("listen", host);
    Settings.checkPort("listen", port, 0);
    life.listen(Names.resolve("listen", host, port, settings.choice()).getAddress(), port);
    return this;
  }

  @Override
  public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
    Settings.checkHost("connect", host);
    Settings.checkPort("connect", port, 1);
    life.requireNotConnected();
    life.connect(Names.resolve("connect", host, port, settings.choice()));
    if (onConnected != null) {
      dispatch.executor().execute(() -> dispatch.run("connect", onConnected));
    }
    return this;
  }

  @Override
  public boolean isConnected() {
    return life.state() == State.CONNECTED;
  }

  @Override
  public boolean isClosed() {
    return life.opened() == null;
  }

  @Override
  public void close() {
    life.close();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return life.closeFuture();
  }

  // =============================================================================================
  // Receiving

  @Override
  public UdpSocket receive() {
    requireReceivable("receive");
    gate.continuous();
    return this;
  }

  @Override
  public UdpSocket receiveOne() {
    requireReceivable("receiveOne");
    gate.one();
    return this;
  }

  @Override
  public UdpSocket pause() {
    gate.pause();
    return this;
  }

  private void requireReceivable(String operation) {
    if (settings.callback() == null) {
      throw new IllegalStateException(
          operation + ": no receive callback is set; pass one to " + operation + "(callback), or call setCallback first");
    }
    State s = life.state();
    if (s == State.NEW) {
      throw new IllegalStateException(operation + ": the socket is not bound yet; call listen, connect or send first");
    }
    if (s == State.CLOSED) {
      throw new IllegalStateException(operation + ": the socket is closed; call listen or connect to open it again");
    }
  }

  // =============================================================================================
  // Sending

  @Override
  public UdpSocket send(Datagram datagram, @Nullable SendCallback onSent) {
    sender.send(Objects.requireNonNull(datagram, "datagram"), onSent);
    return this;
  }

  @Override
  public UdpSocket send(ByteBuffer message, InetSocketAddress target) {
    sender.sendTo(Objects.requireNonNull(message, "message"), Objects.requireNonNull(target, "target"), NO_TAG, null, -1, null);
    return this;
  }

  @Override
  public UdpSocket send(UdpBatch batch) {
    if (!sender.send(Objects.requireNonNull(batch, "batch"))) {
      UdpSocket.super.send(batch); // each fails the same way, through its callback
    }
    return this;
  }

  // =============================================================================================
  // Multicast

  @Override
  public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
    return multicast.join(life, Objects.requireNonNull(group, "group"), networkInterface, source);
  }

  @Override
  public UdpSocket setMulticastInterface(@Nullable String networkInterface) {
    NetworkInterface nif = networkInterface == null ? null : Multicast.byName(networkInterface, "setMulticastInterface");
    multicast.outgoing(nif);
    if (nif != null) {
      life.applyToOs("setMulticastInterface " + networkInterface, os -> os.setMulticastInterface(nif));
    }
    return this;
  }

  @Override
  public UdpSocket setMulticastTtl(int hops) {
    if (hops < 0 || hops > 255) {
      throw new IllegalArgumentException("setMulticastTtl: hops must be 0 to 255, not " + hops);
    }
    multicast.ttl(hops);
    life.applyToOs("setMulticastTtl", os -> os.setMulticastTtl(hops));
    return this;
  }

  @Override
  public UdpSocket setMulticastLoopback(boolean enabled) {
    multicast.loopback(enabled);
    life.applyToOs("setMulticastLoopback", os -> os.setMulticastLoopback(enabled));
    return this;
  }

  /**
   * Steers the datagrams of this bound socket's port group by CPU (see {@link
   * net.udp.provider.OsSocket#steerByCpu(int)}): for {@link net.udp.provider.LoopGroup}'s server
   * groups.
   *
   * @param members how many sockets the group has
   * @return whether the kernel now steers by CPU
   * @throws IllegalStateException if the socket is not bound
   * @throws net.udp.UdpException when the operating system refuses
   */
  public boolean steerByCpu(int members) {
    return life.onOpen("steer by CPU", o -> o.os().steerByCpu(members));
  }

  // =============================================================================================
  // Information

  @Override
  public UdpSocketInfo info() {
    SocketInfoBuilder info = SocketInfoBuilder.of(loop.providerName())
        .enabled(settings.ipv4Enabled(), settings.ipv6Enabled())
        .preferred(settings.preferred())
        .bufferSizes(settings.maxDatagram(true), settings.maxDatagram(false))
        .timeout(settings.timeout())
        .userData(settings.userData())
        .broadcast(settings.broadcast())
        .reusePort(settings.reusePort())
        .dontFragment(settings.dontFragment())
        .receiving(gate.receiving());
    life.describe(info);
    info.multicast(life.locked(() -> {
      Opened o = life.opened();
      return multicast.describe(o == null ? null : o.os());
    }));
    return info.build();
  }

  /**
   * Describes the socket: provider, state and addresses.
   *
   * @return for example {@code nio socket [::]:9001}
   */
  @Override
  public String toString() {
    Opened o = life.opened();
    StringBuilder text = new StringBuilder(loop.providerName()).append(" socket ");
    if (o == null) {
      return text.append(life.state() == State.NEW ? "(unbound)" : "(closed)").toString();
    }
    text.append(Udp.formatAddress(o.local()));
    InetSocketAddress connectedTo = o.peer();
    if (connectedTo != null) {
      text.append(" -> ").append(Udp.formatAddress(connectedTo));
    }
    return text.toString();
  }
}
