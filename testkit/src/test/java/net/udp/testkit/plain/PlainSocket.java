package net.udp.testkit.plain;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.udp.Datagram;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.Udp;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpMembership;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A socket of the {@link PlainProvider}: the API written plainly, on the public types alone. One
 * lock (this object's monitor) guards every field; user code never runs under it. Sends go out
 * on the calling thread; one that must wait (a host name, or sends queued before it) goes through
 * its open's sender thread, in order. Its halves, {@link PlainSends} and {@link PlainReceiver},
 * share that lock; the threads are the caller's, each open's reader and sender, and the callback
 * executor's.
 */
final class PlainSocket implements UdpSocket {
  private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");

  private enum State {
    NEW,
    BOUND,
    CONNECTED,
    CLOSED
  }

  private final PlainCallbacks callbacks = new PlainCallbacks();
  private final PlainAddresses addresses = new PlainAddresses();
  final PlainSends sends = new PlainSends(this, addresses, callbacks);
  final PlainReceiver receiver = new PlainReceiver(this, callbacks);
  private final PlainOptions options = new PlainOptions();
  private final PlainMulticast multicast = new PlainMulticast(this);
  private @Nullable ReceiveCallback callback;
  private State state = State.NEW;
  private CompletableFuture<Void> closed = new CompletableFuture<>(); // the current life's; guarded by this
  private boolean concurrentCallbacks; // guarded by this
  private @Nullable PlainLife life;

  private final boolean kernelConnects;
  private final boolean queuesEverySend;

  PlainSocket(@Nullable ReceiveCallback callback, boolean kernelConnects, boolean queuesEverySend) {
    this.queuesEverySend = queuesEverySend;
    this.callback = callback;
    this.kernelConnects = kernelConnects;
  }

  // ----------------------------------------------------------------------------- configuration

  @Override
  public synchronized UdpSocket broadcast(boolean enabled) {
    options.broadcast = enabled;
    option(l -> l.channel.setOption(StandardSocketOptions.SO_BROADCAST, enabled), "broadcast");
    return this;
  }

  @Override
  public synchronized UdpSocket reusePort(boolean enabled) {
    beforeBinding("reusePort");
    options.reusePort = enabled;
    return this;
  }

  @Override
  public synchronized UdpSocket enableIPv(int version, boolean enabled) {
    if (version != 4 && version != 6) {
      throw new IllegalArgumentException("enableIPv: version must be 4 or 6, not " + version);
    }
    beforeBinding("enableIPv");
    addresses.enable(version, enabled);
    return this;
  }

  @Override
  public synchronized UdpSocket preferIPv(int version) {
    addresses.prefer(version);
    return this;
  }

  @Override
  public synchronized UdpSocket setBufferSize(int size, int version) {
    options.bufferSize(size, version);
    return this;
  }

  @Override
  public synchronized UdpSocket setSocketReceiveBuffer(int bytes) {
    options.socketReceiveBuffer = PlainOptions.atLeastOne("setSocketReceiveBuffer", bytes);
    option(l -> l.channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes), "setSocketReceiveBuffer");
    return this;
  }

  @Override
  public synchronized UdpSocket setSocketSendBuffer(int bytes) {
    options.socketSendBuffer = PlainOptions.atLeastOne("setSocketSendBuffer", bytes);
    option(l -> l.channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes), "setSocketSendBuffer");
    return this;
  }

  @Override
  public synchronized UdpSocket setDontFragment(boolean enabled) {
    option(l -> l.channel.setOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT, enabled), "setDontFragment");
    options.dontFragment = enabled;
    return this;
  }

  @Override
  public UdpSocket setSendQueueCapacity(int datagrams) {
    synchronized (this) {
      options.capacity = PlainOptions.atLeastOne("setSendQueueCapacity", datagrams);
    }
    sends.roomMade(); // a larger queue has room for the senders waiting
    return this;
  }

  @Override
  public synchronized UdpSocket setCallback(@Nullable ReceiveCallback receiveCallback) {
    callback = receiveCallback;
    receiver.pump();
    return this;
  }

  @Override
  public synchronized UdpSocket setTimeout(@Nullable Duration sendTimeout) {
    options.timeout(sendTimeout);
    return this;
  }

  @Override
  public UdpSocket setExecutor(@Nullable Executor executor) {
    callbacks.executor(executor);
    return this;
  }

  @Override
  public synchronized UdpSocket setErrorListener(@Nullable ErrorListener listener) {
    options.errorListener = listener;
    return this;
  }

  @Override
  public synchronized UdpSocket setUserData(@Nullable Object data) {
    options.userData = data;
    return this;
  }

  private interface LifeCall {
    void apply(PlainLife l) throws IOException;
  }

  private void option(LifeCall call, String operation) {
    PlainLife l = life;
    if (l != null) {
      try {
        call.apply(l);
      } catch (IOException e) {
        throw new UdpException(operation + ": " + e.getMessage(), e);
      }
    }
  }

  private void beforeBinding(String operation) {
    if (life != null) {
      throw new IllegalStateException(operation + ": must be called before the socket is bound");
    }
  }

  // ----------------------------------------------------------------------------- binding and closing

  @Override
  public UdpSocket listen(int port) {
    PlainAddresses.checkPort("listen", port, 0);
    bind(null, port);
    return this;
  }

  @Override
  public UdpSocket listen(String host, int port) {
    PlainAddresses.checkHost("listen", host);
    PlainAddresses.checkPort("listen", port, 0);
    bind(addresses.resolve("listen", host, port, null).getAddress(), port);
    return this;
  }

  private synchronized void bind(@Nullable InetAddress address, int port) {
    if (state == State.CONNECTED || state == State.BOUND) {
      throw new IllegalStateException("listen: the socket is already " + (state == State.CONNECTED ? "connected" : "bound"));
    }
    open("listen", address, port);
  }

  private PlainLife open(String operation, @Nullable InetAddress address, int port) {
    PlainAddresses.Bind bind = addresses.bind(operation, address, port);
    PlainLife l;
    try {
      l = PlainLife.open(this, bind, options);
      multicast.applyTo(l.channel);
    } catch (IOException | RuntimeException e) {
      throw new UdpException(operation + " " + Udp.formatAddress(bind.local()) + ": " + e.getMessage(), e);
    }
    if (state == State.CLOSED) {
      receiver.received = receiver.receivedBytes = receiver.truncated = sends.sent = sends.sentBytes = sends.failed = 0;
      callbacks.resetFailures();
      closed = new CompletableFuture<>();
    }
    life = l;
    state = State.BOUND;
    l.start();
    return l;
  }

  @Override
  public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
    PlainAddresses.checkHost("connect", host);
    PlainAddresses.checkPort("connect", port, 1);
    synchronized (this) {
      requireNotConnected();
    }
    InetSocketAddress target = addresses.resolve("connect", host, port, null);
    synchronized (this) {
      requireNotConnected();
      PlainLife l = life != null ? life : open("connect", null, 0);
      String problem = addresses.problem(l, target);
      if (problem != null) {
        throw new UdpException("connect " + Udp.formatAddress(target) + ": " + problem);
      }
      l.connect(target, kernelConnects);
      state = State.CONNECTED;
    }
    if (onConnected != null) {
      callbacks.execute(onConnected);
    }
    return this;
  }

  private void requireNotConnected() {
    if (state == State.CONNECTED) {
      throw new IllegalStateException("connect: the socket is already connected; a socket can be connected once");
    }
  }

  @Override
  public synchronized boolean isConnected() {
    return state == State.CONNECTED;
  }

  @Override
  public synchronized boolean isClosed() {
    return life == null;
  }

  @Override
  public void close() {
    PlainLife l;
    java.util.List<PlainSends.Send> waiting;
    CompletableFuture<Void> done;
    synchronized (this) {
      done = closed;
      if (state == State.CLOSED) {
        receiver.awaitCallback();
        return;
      }
      state = State.CLOSED;
      receiver.mode(PlainReceiver.Mode.PAUSED);
      l = life;
      life = null;
      waiting = l == null ? java.util.List.of() : l.shut();
      multicast.retire();
      notifyAll();
    }
    for (PlainSends.Send s : waiting) {
      sends.complete(s, new UdpClosedException("send " + s.destination + ": socket closed before the datagram was sent"));
    }
    if (l != null) {
      l.close();
    }
    sends.roomMade();
    synchronized (this) {
      if (receiver.inCallback()) { // its callbacks may all be closing: the future completes when they have returned
        Thread.ofVirtual().start(() -> {
          synchronized (this) {
            receiver.awaitCallback();
          }
          done.complete(null);
        });
        return;
      }
      receiver.awaitCallback();
    }
    done.complete(null);
  }

  @Override
  public synchronized UdpSocket setConcurrentCallbacks(boolean enabled) {
    concurrentCallbacks = enabled;
    receiver.pump();
    return this;
  }

  /** Whether sends made outside the socket's callbacks always wait in the queue. */
  boolean queuesEverySend() {
    return queuesEverySend;
  }

  synchronized boolean concurrentCallbacks() {
    return concurrentCallbacks;
  }

  @Override
  public boolean isWritable() {
    return sends.writable();
  }

  @Override
  public CompletableFuture<Void> whenWritable() {
    return sends.whenWritable();
  }

  @Override
  public synchronized CompletableFuture<Void> closeFuture() {
    return closed.copy();
  }

  // ----------------------------------------------------------------------------- receiving

  @Override
  public synchronized UdpSocket receive() {
    requireReceivable("receive");
    receiver.mode(PlainReceiver.Mode.CONTINUOUS);
    return this;
  }

  @Override
  public synchronized UdpSocket receiveOne() {
    requireReceivable("receiveOne");
    if (!receiver.receivingOne()) {
      receiver.mode(PlainReceiver.Mode.ONE);
    }
    return this;
  }

  @Override
  public synchronized UdpSocket pause() {
    receiver.mode(PlainReceiver.Mode.PAUSED);
    return this;
  }

  private void requireReceivable(String operation) {
    if (callback == null) {
      throw new IllegalStateException(operation + ": no receive callback is set");
    }
    if (state == State.NEW) {
      throw new IllegalStateException(operation + ": the socket is not bound yet");
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException(operation + ": the socket is closed");
    }
  }

  @Nullable PlainLife life() {
    return life;
  }

  @Nullable ReceiveCallback callback() {
    return callback;
  }

  /** The largest datagram delivered whole from IPv{@code version}. Under the lock. */
  int bufferSize(int version) {
    return version == 4 ? options.maxIPv4 : options.maxIPv6;
  }

  // ----------------------------------------------------------------------------- sending

  @Override
  public UdpSocket send(Datagram datagram, @Nullable SendCallback onSent) {
    Objects.requireNonNull(datagram, "datagram");
    if (datagram.ecn() >= 0 || datagram.source() != null) { // a DatagramChannel sends neither per datagram
      sends.refuse(datagram.tag(), onSent, new UdpException("send: this provider cannot send a datagram with an ECN codepoint or from a chosen source address"));
      return this;
    }
    ByteBuffer message = datagram.payload();
    int size = datagram.segmentSize();
    if (size == 0) {
      return sendOne(message, datagram.target(), datagram.tag(), onSent);
    }
    // Segments: that many sends, told to the caller once, with the first failure.
    int count = Math.max(1, (message.remaining() + size - 1) / size);
    AtomicInteger left = new AtomicInteger(count);
    AtomicReference<@Nullable UdpException> first = new AtomicReference<>();
    long tag = datagram.tag();
    SendCallback each = (t, failure) -> {
      if (failure != null) {
        first.compareAndSet(null, failure);
      }
      if (left.decrementAndGet() == 0) {
        UdpException f = first.get();
        if (onSent != null) {
          onSent.onSent(tag, f);
        } else if (f != null) {
          reportError(f);
        }
      }
    };
    for (int i = 0; i < count; i++) {
      int from = message.position() + i * size;
      sendOne(message.slice(from, Math.min(size, message.limit() - from)), datagram.target(), tag, each);
    }
    return this;
  }

  @Override
  public UdpSocket send(ByteBuffer message, InetSocketAddress target) {
    return sendOne(Objects.requireNonNull(message, "message"), Objects.requireNonNull(target, "target"), NO_TAG, null);
  }

  private UdpSocket sendOne(ByteBuffer message, @Nullable InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    if (target == null) {
      return write(message, tag, onSent);
    }
    if (target.isUnresolved()) {
      String host = target.getHostString();
      int port = target.getPort();
      PlainAddresses.checkHost("send", host);
      InetSocketAddress literal = PlainAddresses.parse("send", host, port);
      sends.submit(message, literal.isUnresolved() ? null : literal, host, host + ":" + port, port, tag, onSent);
      return this;
    }
    sends.submit(message, target, "", Udp.formatAddress(target), target.getPort(), tag, onSent);
    return this;
  }

  private UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
    InetSocketAddress peer;
    synchronized (this) {
      peer = life == null ? null : life.peer;
      if (peer == null) {
        UdpException e = state == State.CLOSED ? new UdpClosedException("send: the socket is closed") : new UdpException("send: no destination, and the socket is not connected");
        sends.refuse(tag, onSent, e);
        return this;
      }
    }
    sends.submit(message, peer, "", Udp.formatAddress(peer), peer.getPort(), tag, onSent);
    return this;
  }

  /** The open a send goes out on, opened on first use. Under the lock. */
  PlainLife openForSending(String destination) {
    if (state == State.CLOSED) {
      throw new UdpClosedException("send " + destination + ": socket is closed");
    }
    return state == State.NEW ? open("send", null, 0) : Objects.requireNonNull(life);
  }

  @Nullable Duration timeout() {
    return options.timeout;
  }

  int sendQueueCapacity() {
    return options.capacity;
  }

  void reportError(UdpException error) {
    ErrorListener listener;
    synchronized (this) {
      listener = options.errorListener;
    }
    if (listener != null) {
      callbacks.execute(() -> listener.onError(this, error));
    }
  }

  // ----------------------------------------------------------------------------- multicast

  @Override
  public synchronized UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
    PlainLife l = life;
    return multicast.join(l, group, networkInterface, source, l == null ? null : a -> addresses.problem(l, new InetSocketAddress(a, 1)));
  }

  @Override
  public synchronized UdpSocket setMulticastInterface(@Nullable String networkInterface) {
    java.net.NetworkInterface nif = networkInterface == null ? null : PlainMulticast.named("setMulticastInterface", networkInterface);
    multicast.outgoing(nif);
    if (nif != null) {
      option(l -> l.channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif), "setMulticastInterface");
    }
    return this;
  }

  @Override
  public synchronized UdpSocket setMulticastTtl(int hops) {
    if (hops < 0 || hops > 255) {
      throw new IllegalArgumentException("setMulticastTtl: 0 to 255, not " + hops);
    }
    multicast.ttl(hops);
    option(l -> l.channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, hops), "setMulticastTtl");
    return this;
  }

  @Override
  public synchronized UdpSocket setMulticastLoopback(boolean enabled) {
    multicast.loopback(enabled);
    option(l -> l.channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, enabled), "setMulticastLoopback");
    return this;
  }

  // ----------------------------------------------------------------------------- information

  @Override
  public synchronized UdpSocketInfo info() {
    SocketInfoBuilder b = SocketInfoBuilder.of(PlainProvider.NAME)
        .enabled(addresses.ipv4Enabled(), addresses.ipv6Enabled())
        .preferred(addresses.preferred())
        .receiving(receiver.receiving());
    options.describe(b);
    b.multicast(multicast.describe(life));
    PlainLife l = life;
    if (l != null) {
      addresses.describe(l, b);
      try {
        int size = l.channel.getOption(StandardSocketOptions.SO_RCVBUF);
        b.socketReceiveBuffer(LINUX ? 2 * size : size); // the JDK halves getsockopt's figure on Linux
      } catch (IOException e) {
        // closed meanwhile
      }
    }
    OptionalLong drops = l == null ? OptionalLong.empty() : PlainDrops.of(l.local, l.ipv6);
    return b.counters(CountersBuilder.of().received(receiver.received, receiver.receivedBytes).truncated(receiver.truncated).dropped(drops)
        .sent(sends.sent, sends.sentBytes).sendsFailed(sends.failed).callbackFailures(callbacks.failures()).build()).build();
  }

  @Override
  public synchronized String toString() {
    PlainLife l = life;
    return "plain socket " + (l == null ? "(" + state.name().toLowerCase(java.util.Locale.ROOT) + ")" : Udp.formatAddress(l.local));
  }
}
