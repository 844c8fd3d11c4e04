package net.udp.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpClosedException;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.internal.AddressText;
import org.jspecify.annotations.Nullable;

/**
 * The skeleton of a provider's socket: the API's rules, written once for every provider. It keeps
 * the configuration, the life cycle (new, bound, connected, closed, reopened) and its errors,
 * validates arguments, resolves host names off the event loop, runs the receive modes and the
 * send queue with its timeouts, dispatches callbacks to the event loop or the socket's executor,
 * counts, and assembles {@link #info()}.
 *
 * <p>A provider implements the operating-system side: the {@code protected abstract} methods
 * below, all named after what they do to the OS socket, and an event loop that
 *
 * <ul>
 *   <li>reads while {@link #receiveAllowance()} is positive, passing each datagram to {@link
 *       #deliver(ByteBuffer, InetSocketAddress, boolean)}, and stops watching for readability
 *       while it is zero (it re-checks when {@link #receiveAllowanceChanged()} is called);
 *   <li>calls {@link #flushSends()} when the socket becomes writable, while {@link
 *       #writableInterest(boolean)} asks for it;
 *   <li>runs the tasks given to {@link #executeOnLoop(Runnable)}.
 * </ul>
 */
public abstract class AbstractUdpSocket implements UdpSocket {
  private static final InetAddress ANY_IPV4 = anyAddress(4);
  private static final InetAddress ANY_IPV6 = anyAddress(16);

  private enum State {
    NEW,
    BOUND,
    CONNECTED,
    CLOSED
  }

  private final String providerName;
  private final ReentrantLock stateLock = new ReentrantLock();
  private final ReceiveGate gate = new ReceiveGate(this);
  private final Outbox outbox = new Outbox(this);
  private final Tally tally = new Tally();
  private final Executor loop = this::executeOnLoop;

  private volatile boolean broadcast;
  private volatile boolean reusePort;
  private volatile boolean ipv4Enabled = true;
  private volatile boolean ipv6Enabled = true;
  private volatile int preferred;
  private volatile int maxIPv4 = DEFAULT_BUFFER_SIZE;
  private volatile int maxIPv6 = DEFAULT_BUFFER_SIZE;
  private volatile int socketReceiveBuffer;
  private volatile int socketSendBuffer;
  private volatile int sendQueueCapacity = DEFAULT_SEND_QUEUE_CAPACITY;
  private volatile @Nullable Duration timeout;
  private volatile @Nullable ReceiveCallback callback;
  private volatile Callbacks.@Nullable Serial serial;
  private volatile @Nullable ErrorListener errorListener;
  private volatile @Nullable Object userData;

  private volatile State state = State.NEW;
  private volatile @Nullable OpenRequest request;
  private volatile @Nullable InetSocketAddress local;
  private volatile @Nullable InetSocketAddress peer;

  /**
   * Creates an unbound socket with the default configuration and the module-wide default timeout.
   *
   * @param providerName the provider's name, shown by {@link UdpSocketInfo#provider()}
   * @param callback the receive callback, or {@code null}
   */
  @SuppressWarnings("this-escape") // the gate and the queue only keep the reference; they call back later
  protected AbstractUdpSocket(String providerName, @Nullable ReceiveCallback callback) {
    this.providerName = Objects.requireNonNull(providerName, "providerName");
    this.callback = callback;
    this.timeout = Udp.defaultTimeout().orElse(null);
  }

  // =============================================================================================
  // What a provider implements

  /**
   * Creates the operating-system socket the request describes, non-blocking, with its options,
   * bound, and starts watching it on the event loop (not yet for reading: see {@link
   * #receiveAllowance()}). On failure nothing may stay open. Called with the state lock held.
   *
   * @param request what to create
   * @throws IOException with the operating system's reason when it refuses
   */
  protected abstract void open(OpenRequest request) throws IOException;

  /**
   * Reads the open socket's local address ({@code getsockname}).
   *
   * @return the address, IPv4 where the kernel reports an IPv4-mapped one
   * @throws IOException when the operating system fails
   */
  protected abstract InetSocketAddress localAddressOs() throws IOException;

  /**
   * Connects the open socket. Called with the state lock held.
   *
   * @param peer the remote address
   * @throws IOException with the operating system's reason when it refuses
   */
  protected abstract void connectOs(InetSocketAddress peer) throws IOException;

  /**
   * Closes the open socket. When this returns, the descriptor is closed (its port is free), and
   * the event loop will not read from it again. Called with the state lock held, from any thread,
   * including the event loop's.
   */
  protected abstract void closeOs();

  /**
   * Sets {@code SO_BROADCAST} on the open socket.
   *
   * @param enabled the value
   * @throws IOException when the operating system refuses
   */
  protected abstract void setBroadcastOs(boolean enabled) throws IOException;

  /**
   * Sets {@code SO_RCVBUF} and {@code SO_SNDBUF} on the open socket.
   *
   * @param receive the receive buffer size, or 0 to leave it
   * @param send the send buffer size, or 0 to leave it
   * @throws IOException when the operating system refuses
   */
  protected abstract void setSocketBuffersOs(int receive, int send) throws IOException;

  /**
   * Reads {@code SO_RCVBUF} from the open socket.
   *
   * @return the size the kernel reports
   * @throws IOException when the operating system fails
   */
  protected abstract int socketReceiveBufferOs() throws IOException;

  /**
   * Tells the event loop that {@link #receiveAllowance()} may have changed. Called from any
   * thread; the loop re-checks it soon, and must not run user code inside this call.
   */
  protected abstract void receiveAllowanceChanged();

  /**
   * Sends one datagram without blocking, from any thread (calls are serialised by the send
   * queue's lock). The message's position must be as it was when this returns.
   *
   * @param message the payload, from position to limit
   * @param target the destination; on a connected socket, the connected address
   * @return {@code true} if sent, {@code false} if the kernel's send buffer is full
   * @throws IOException with the operating system's reason when it refuses
   */
  protected abstract boolean sendNow(ByteBuffer message, InetSocketAddress target) throws IOException;

  /**
   * Sends several waiting datagrams, in order, from the event loop; {@code sendmmsg} where the
   * provider has it. The default sends them one by one with {@link #sendNow}.
   *
   * @param batch the datagrams, first to last, each {@linkplain PendingSend#isResolved() resolved}
   * @return how many of the first ones were sent; fewer than all when the kernel buffer filled or
   *     a send failed (the queue then retries that one alone to learn why)
   * @throws IOException when the first one fails
   */
  protected int sendBatch(List<PendingSend> batch) throws IOException {
    int sent = 0;
    for (PendingSend p : batch) {
      try {
        if (!sendNow(p.message(), p.target())) {
          break;
        }
      } catch (IOException e) {
        if (sent == 0) {
          throw e;
        }
        break;
      }
      sent++;
    }
    return sent;
  }

  /**
   * Starts or stops watching for writability; while on, the event loop calls {@link
   * #flushSends()} whenever the socket is writable. Called under the send queue's lock.
   *
   * @param on whether to watch
   */
  protected abstract void writableInterest(boolean on);

  /**
   * Runs a task on this socket's event loop, later, never inside this call: callbacks are handed
   * over this way. Callable from any thread, in any state.
   *
   * @param task the task
   */
  protected abstract void executeOnLoop(Runnable task);

  /**
   * Tells whether this host can open IPv6 sockets.
   *
   * @return {@code true} when it can
   */
  protected abstract boolean hostSupportsIPv6();

  /**
   * Tells whether a send made now should wait in the send queue instead of going out at once:
   * a provider that batches sends ({@code sendmmsg}) answers {@code true} on its event loop, so
   * that a burst of sends from callbacks leaves in one call, and then flushes the queue itself
   * before the loop sleeps again (see {@link #flushLater()}). The default never defers.
   *
   * @return {@code true} to queue the send
   */
  protected boolean deferSend() {
    return false;
  }

  /**
   * Asks the event loop to call {@link #flushSends()} before it next waits for events; called,
   * under the send queue's lock, after a send was deferred. The default does nothing, as {@link
   * #deferSend()} never defers.
   */
  protected void flushLater() {}

  /**
   * Datagrams the kernel dropped because the receive buffer was full, since the socket was
   * opened, where the provider can learn it ({@code SO_RXQ_OVFL} on Linux).
   *
   * @return the count, or empty where unknown
   */
  protected OptionalLong kernelDrops() {
    return OptionalLong.empty();
  }

  // =============================================================================================
  // What a provider's event loop calls

  /**
   * How many datagrams the event loop may read now: 0 while paused or closed, 1 while waiting for
   * one datagram, else as many as it likes (a bound on copies held for an executor).
   *
   * @return the number, never negative
   */
  protected final int receiveAllowance() {
    return isOpen() ? gate.allowance() : 0;
  }

  /**
   * Delivers one datagram the event loop read. Filters out senders other than the connected
   * peer, truncates to the buffer size for the sender's IP version, counts, and hands it to the
   * callback directly (the payload is not copied) or to the executor (a copy). Event loop only.
   *
   * @param payload the datagram, from position to limit, valid during this call; read-only
   * @param sender where it came from (IPv4 senders as IPv4 addresses)
   * @param truncated whether the kernel already cut the datagram to the buffer given to it
   */
  protected final void deliver(ByteBuffer payload, InetSocketAddress sender, boolean truncated) {
    InetSocketAddress connectedTo = peer;
    if (connectedTo != null && !connectedTo.equals(sender)) {
      return; // queued before connect, from someone else
    }
    int limit = sender.getAddress() instanceof Inet4Address ? maxIPv4 : maxIPv6;
    if (payload.remaining() > limit) {
      payload.limit(payload.position() + limit);
      truncated = true;
    }
    tally.received(payload.remaining(), truncated);
    gate.deliver(payload, sender);
  }

  /**
   * The largest datagram delivered from senders of an IP version, for providers that size their
   * buffers by it.
   *
   * @param ipv4 {@code true} for IPv4 senders
   * @return the size in bytes
   */
  protected final int maxDatagramSize(boolean ipv4) {
    return ipv4 ? maxIPv4 : maxIPv6;
  }

  /** Sends what waits in the send queue; the event loop calls it when the socket is writable. */
  protected final void flushSends() {
    outbox.flush();
  }

  /**
   * Reports a failed read to the error listener (for example an ICMP port unreachable on a
   * connected socket). The socket stays open.
   *
   * @param failure what the read threw
   */
  protected final void receiveFailed(Throwable failure) {
    InetSocketAddress connectedTo = peer;
    String where = connectedTo != null ? " from " + AddressText.hostPort(connectedTo) : "";
    reportError(new UdpException("receive" + where + ": " + reason(failure), failure));
  }

  /**
   * Tells whether the socket has an open operating-system socket.
   *
   * @return {@code true} when bound or connected
   */
  protected final boolean isOpen() {
    State s = state;
    return s == State.BOUND || s == State.CONNECTED;
  }

  /**
   * Describes an exception for a message: its message, or what its type means.
   *
   * @param e the exception
   * @return the reason, for example {@code Permission denied}
   */
  protected static String reason(Throwable e) {
    if (e instanceof PortUnreachableException) {
      return "port unreachable (ICMP): nothing listens there";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return reason(e.getCause());
    }
    String message = e.getMessage();
    return message != null && !message.isBlank() ? message : e.getClass().getSimpleName();
  }

  // =============================================================================================
  // Configuration

  @Override
  public final UdpSocket broadcast(boolean enabled) {
    broadcast = enabled;
    if (isOpen()) {
      try {
        setBroadcastOs(enabled);
      } catch (IOException e) {
        failIfStillOpen("broadcast", e);
      }
    }
    return this;
  }

  @Override
  public final UdpSocket reusePort(boolean enabled) {
    stateLock.lock();
    try {
      requireUnbound("reusePort");
      reusePort = enabled;
    } finally {
      stateLock.unlock();
    }
    return this;
  }

  @Override
  public final UdpSocket enableIPv(int version, boolean enabled) {
    if (version != 4 && version != 6) {
      throw new IllegalArgumentException("enableIPv: version must be 4 or 6, not " + version);
    }
    stateLock.lock();
    try {
      requireUnbound("enableIPv");
      boolean other = version == 4 ? ipv6Enabled : ipv4Enabled;
      if (!enabled && !other) {
        throw new IllegalArgumentException(
            "enableIPv(" + version + ", false): IPv" + (version == 4 ? 6 : 4) + " is disabled already, and a socket needs one of them");
      }
      if (version == 4) {
        ipv4Enabled = enabled;
      } else {
        ipv6Enabled = enabled;
      }
    } finally {
      stateLock.unlock();
    }
    return this;
  }

  @Override
  public final UdpSocket preferIPv(int version) {
    preferred = version == 4 || version == 6 ? version : 0;
    return this;
  }

  @Override
  public final UdpSocket setBufferSize(int size, int version) {
    if (size < 1 || size > 65_535) {
      throw new IllegalArgumentException("setBufferSize: size must be 1 to 65535 bytes, not " + size);
    }
    if (version != 6) {
      maxIPv4 = size;
    }
    if (version != 4) {
      maxIPv6 = size;
    }
    return this;
  }

  @Override
  public final UdpSocket setSocketReceiveBuffer(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("setSocketReceiveBuffer: size must be at least 1, not " + bytes);
    }
    socketReceiveBuffer = bytes;
    applySocketBuffers("setSocketReceiveBuffer", bytes, 0);
    return this;
  }

  @Override
  public final UdpSocket setSocketSendBuffer(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("setSocketSendBuffer: size must be at least 1, not " + bytes);
    }
    socketSendBuffer = bytes;
    applySocketBuffers("setSocketSendBuffer", 0, bytes);
    return this;
  }

  private void applySocketBuffers(String operation, int receive, int send) {
    if (isOpen()) {
      try {
        setSocketBuffersOs(receive, send);
      } catch (IOException e) {
        failIfStillOpen(operation, e);
      }
    }
  }

  @Override
  public final UdpSocket setSendQueueCapacity(int datagrams) {
    if (datagrams < 1) {
      throw new IllegalArgumentException("setSendQueueCapacity: capacity must be at least 1, not " + datagrams);
    }
    sendQueueCapacity = datagrams;
    return this;
  }

  @Override
  public final UdpSocket setCallback(@Nullable ReceiveCallback callback) {
    this.callback = callback;
    gate.callbackChanged();
    return this;
  }

  @Override
  public final UdpSocket setTimeout(@Nullable Duration timeout) {
    this.timeout = timeout == null || timeout.isNegative() ? null : timeout;
    return this;
  }

  @Override
  public final UdpSocket setExecutor(@Nullable Executor executor) {
    serial = executor == null ? null : new Callbacks.Serial(executor, loop);
    return this;
  }

  @Override
  public final UdpSocket setErrorListener(@Nullable ErrorListener listener) {
    this.errorListener = listener;
    return this;
  }

  @Override
  public final UdpSocket setUserData(@Nullable Object userData) {
    this.userData = userData;
    return this;
  }

  // =============================================================================================
  // Binding, connecting, closing

  @Override
  public final UdpSocket listen(int port) {
    checkPort("listen", port, 0);
    return bind(null, port);
  }

  @Override
  public final UdpSocket listen(String host, int port) {
    checkHost("listen", host);
    checkPort("listen", port, 0);
    InetSocketAddress address =
        Names.resolve("listen", host, port, new Names.Choice(ipv4Enabled, ipv6Enabled, preferred));
    return bind(address.getAddress(), port);
  }

  private UdpSocket bind(@Nullable InetAddress address, int port) {
    stateLock.lock();
    try {
      State s = state;
      if (s == State.CONNECTED) {
        throw new IllegalStateException(
            "listen: the socket is connected to " + AddressText.hostPort(Objects.requireNonNull(peer)) + "; a connected socket cannot be bound");
      }
      if (s == State.BOUND) {
        throw new IllegalStateException(
            "listen: the socket is already bound to " + AddressText.hostPort(Objects.requireNonNull(local))
                + " (by listen, or implicitly by its first send); close it before listening again");
      }
      openLocked("listen", address, port);
    } finally {
      stateLock.unlock();
    }
    return this;
  }

  @Override
  public final UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
    checkHost("connect", host);
    checkPort("connect", port, 1);
    requireNotConnected();
    InetSocketAddress target =
        Names.resolve("connect", host, port, new Names.Choice(ipv4Enabled, ipv6Enabled, preferred));
    stateLock.lock();
    try {
      requireNotConnected();
      if (!isOpen()) {
        openLocked("connect", null, 0);
      }
      String problem = targetProblem(target);
      if (problem != null) {
        throw new UdpException("connect " + AddressText.hostPort(target) + ": " + problem);
      }
      try {
        connectOs(target);
        peer = target;
        local = localAddressOs();
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        throw new UdpException("connect " + AddressText.hostPort(target) + ": " + reason(e), e);
      }
      state = State.CONNECTED;
    } finally {
      stateLock.unlock();
    }
    if (onConnected != null) {
      callbackExecutor().execute(() -> Callbacks.run("connect", onConnected));
    }
    return this;
  }

  private void requireNotConnected() {
    InetSocketAddress connectedTo = peer;
    if (state == State.CONNECTED && connectedTo != null) {
      throw new IllegalStateException(
          "connect: the socket is already connected to " + AddressText.hostPort(connectedTo) + "; a socket can be connected once");
    }
  }

  /** Binds implicitly, for a first send. */
  private void openImplicitly() {
    stateLock.lock();
    try {
      if (state == State.NEW) {
        openLocked("send", null, 0);
      }
    } finally {
      stateLock.unlock();
    }
  }

  private void openLocked(String operation, @Nullable InetAddress address, int port) {
    OpenRequest r = openRequest(operation, address, port);
    if (state == State.CLOSED) {
      tally.reset(); // reopened: counters describe the new operating-system socket
    }
    try {
      open(r);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new UdpException(operation + " " + AddressText.hostPort(r.local()) + ": " + reason(e), e);
    }
    try {
      local = localAddressOs();
    } catch (IOException e) {
      closeOs();
      throw new UdpException(operation + " " + AddressText.hostPort(r.local()) + ": " + reason(e), e);
    }
    request = r;
    peer = null;
    state = State.BOUND;
    outbox.open();
  }

  private OpenRequest openRequest(String operation, @Nullable InetAddress address, int port) {
    boolean v4 = ipv4Enabled;
    boolean v6 = ipv6Enabled;
    StandardProtocolFamily family;
    InetAddress bindTo = address;
    if (bindTo == null) {
      if (v6 && hostSupportsIPv6()) {
        family = StandardProtocolFamily.INET6;
        bindTo = ANY_IPV6;
      } else if (v4) {
        family = StandardProtocolFamily.INET;
        bindTo = ANY_IPV4;
      } else {
        throw new UdpException(operation + " port " + port + ": IPv6 is not available on this host, and IPv4 is disabled on this socket");
      }
    } else if (bindTo instanceof Inet4Address) {
      if (!v4) {
        throw new UdpException(operation + " " + AddressText.hostPort(new InetSocketAddress(bindTo, port)) + ": IPv4 is disabled on this socket");
      }
      family = StandardProtocolFamily.INET;
    } else {
      if (!v6) {
        throw new UdpException(operation + " " + AddressText.hostPort(new InetSocketAddress(bindTo, port)) + ": IPv6 is disabled on this socket");
      }
      family = StandardProtocolFamily.INET6;
    }
    return new OpenRequest(
        family, !v4, new InetSocketAddress(bindTo, port), reusePort, broadcast, socketReceiveBuffer, socketSendBuffer);
  }

  @Override
  public final boolean isConnected() {
    return state == State.CONNECTED;
  }

  @Override
  public final boolean isClosed() {
    return !isOpen();
  }

  @Override
  public final void close() {
    stateLock.lock();
    try {
      State was = state;
      if (was == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      gate.clear();
      outbox.close();
      if (was == State.BOUND || was == State.CONNECTED) {
        closeOs();
      }
      peer = null;
    } finally {
      stateLock.unlock();
    }
  }

  // =============================================================================================
  // Receiving

  @Override
  public final UdpSocket receive() {
    requireReceivable("receive");
    gate.continuous();
    return this;
  }

  @Override
  public final UdpSocket receiveOne() {
    requireReceivable("receiveOne");
    gate.one();
    return this;
  }

  @Override
  public final UdpSocket pause() {
    gate.pause();
    return this;
  }

  private void requireReceivable(String operation) {
    if (callback == null) {
      throw new IllegalStateException(
          operation + ": no receive callback is set; pass one to " + operation + "(callback), or call setCallback first");
    }
    State s = state;
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
  public final UdpSocket send(
      ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(target, "target");
    if (target.isUnresolved()) {
      return send(message, target.getHostString(), target.getPort(), tag, onSent);
    }
    return submit(message, target, "", 0, tag, onSent);
  }

  @Override
  public final UdpSocket send(
      ByteBuffer message, String host, int port, long tag, @Nullable SendCallback onSent) {
    Objects.requireNonNull(message, "message");
    checkHost("send", host);
    checkPort("send", port, 0);
    return submit(message, Names.literal(host, port), host, port, tag, onSent);
  }

  @Override
  public final UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
    Objects.requireNonNull(message, "message");
    InetSocketAddress connectedTo = peer;
    if (connectedTo == null || state != State.CONNECTED) {
      PendingSend p = new PendingSend(message, null, null, "(no peer)", tag, onSent, Long.MAX_VALUE);
      outbox.reject(
          p,
          state == State.CLOSED
              ? new UdpClosedException("write: the socket is closed")
              : new UdpException("write: the socket is not connected; connect first, or use send(message, host, port)"));
      return this;
    }
    return submit(message, connectedTo, "", 0, tag, onSent);
  }

  /**
   * Queues or sends a datagram.
   *
   * @param target the resolved destination, or {@code null} to resolve {@code host}
   * @param host the host name to resolve when {@code target} is null
   * @param port the port to resolve with
   */
  private UdpSocket submit(
      ByteBuffer message, @Nullable InetSocketAddress target, String host, int port, long tag, @Nullable SendCallback onSent) {
    long deadline = deadline();
    // Only an unresolved destination needs its text up front; a resolved one is formatted when a
    // message needs it, so that the common send allocates nothing.
    String hostPort = target != null ? "" : host + ":" + port;
    if (state == State.NEW) {
      try {
        openImplicitly();
      } catch (UdpException e) {
        outbox.reject(new PendingSend(message, target, null, hostPort, tag, onSent, deadline), e);
        return this;
      }
    }
    if (target != null && outbox.sendDirect(message, target, tag, onSent)) {
      return this;
    }
    CompletableFuture<InetSocketAddress> resolution =
        target == null ? Names.resolveAsync("send", host, port, choice()) : null;
    outbox.submit(new PendingSend(message, target, resolution, hostPort, tag, onSent, deadline));
    return this;
  }

  private long deadline() {
    Duration t = timeout;
    if (t == null) {
      return Long.MAX_VALUE;
    }
    long nanos;
    try {
      nanos = t.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    long now = System.nanoTime();
    return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
  }

  /** The versions a send can use now: both before binding, else what the open socket carries. */
  private Names.Choice choice() {
    OpenRequest r = isOpen() ? request : null;
    boolean v4 = ipv4Enabled && (r == null || r.carriesIPv4());
    boolean v6 = ipv6Enabled && (r == null || r.family() == StandardProtocolFamily.INET6);
    return new Names.Choice(v4, v6, preferred);
  }

  /** Why this socket cannot send to a target now, or {@code null} when it can. */
  @Nullable String targetProblem(InetSocketAddress target) {
    InetSocketAddress connectedTo = peer;
    if (connectedTo != null && !connectedTo.equals(target)) {
      return "the socket is connected to " + AddressText.hostPort(connectedTo) + " and sends only there";
    }
    OpenRequest r = request;
    boolean toIPv4 = target.getAddress() instanceof Inet4Address;
    if (toIPv4 && !ipv4Enabled) {
      return "IPv4 is disabled on this socket";
    }
    if (!toIPv4 && !ipv6Enabled) {
      return "IPv6 is disabled on this socket";
    }
    if (r != null && toIPv4 && !r.carriesIPv4()) {
      return "the socket is bound to an IPv6 address and cannot reach IPv4";
    }
    if (r != null && !toIPv4 && r.family() != StandardProtocolFamily.INET6) {
      return "the socket is an IPv4 socket" + (hostSupportsIPv6() ? "" : " (IPv6 is not available on this host)");
    }
    return null;
  }

  void completeSend(long tag, @Nullable SendCallback onSent, @Nullable UdpException failure) {
    if (onSent != null) {
      callbackExecutor().execute(() -> Callbacks.run("send", () -> onSent.onSent(tag, failure)));
    } else if (failure != null) {
      reportError(failure);
    }
  }

  private void reportError(UdpException error) {
    ErrorListener listener = errorListener;
    if (listener != null) {
      callbackExecutor().execute(() -> Callbacks.run("error", () -> listener.onError(this, error)));
    } else {
      Callbacks.LOG.log(System.Logger.Level.WARNING, "net.udp " + this + ": " + error.getMessage() + " (no error listener is set)");
    }
  }

  private void failIfStillOpen(String operation, IOException e) {
    if (isOpen()) {
      throw new UdpException(operation + ": " + reason(e), e);
    }
  }

  // =============================================================================================
  // Information

  @Override
  public final UdpSocketInfo info() {
    OpenRequest r = isOpen() ? request : null;
    boolean open = r != null;
    InetSocketAddress bound = open ? local : null;
    InetSocketAddress connectedTo = open && state == State.CONNECTED ? peer : null;
    boolean v4;
    boolean v6;
    if (r == null) {
      v4 = false;
      v6 = false;
    } else if (connectedTo != null) {
      v4 = connectedTo.getAddress() instanceof Inet4Address;
      v6 = !v4;
    } else {
      v4 = r.carriesIPv4();
      v6 = r.family() == StandardProtocolFamily.INET6;
    }
    InetSocketAddress local4 = null;
    InetSocketAddress local6 = null;
    if (bound != null) {
      boolean boundIPv4 = bound.getAddress() instanceof Inet4Address;
      local4 = !v4 ? null : boundIPv4 ? bound : new InetSocketAddress(ANY_IPV4, bound.getPort());
      local6 = v6 && !boundIPv4 ? bound : null;
    }
    int rcvbuf = 0;
    if (open) {
      try {
        rcvbuf = socketReceiveBufferOs();
      } catch (IOException | RuntimeException e) {
        rcvbuf = 0; // closed meanwhile
      }
    }
    int prefer = preferred;
    return new UdpSocketInfo(
        providerName,
        !open,
        connectedTo != null,
        connectedTo,
        v4,
        ipv4Enabled,
        prefer == 4,
        v6,
        ipv6Enabled,
        prefer == 6,
        bound,
        local4,
        local6,
        maxIPv4,
        maxIPv6,
        Optional.ofNullable(timeout),
        userData,
        broadcast,
        reusePort,
        gate.receiving(),
        rcvbuf,
        tally.snapshot(kernelDrops()));
  }

  /**
   * Describes the socket: provider, state and addresses.
   *
   * @return for example {@code nio socket [::]:9001}
   */
  @Override
  public String toString() {
    State s = state;
    InetSocketAddress bound = local;
    InetSocketAddress connectedTo = peer;
    StringBuilder text = new StringBuilder(providerName).append(" socket ");
    if (s == State.NEW || s == State.CLOSED || bound == null) {
      text.append(s == State.NEW ? "(unbound)" : "(closed)");
    } else {
      text.append(AddressText.hostPort(bound));
      if (connectedTo != null) {
        text.append(" -> ").append(AddressText.hostPort(connectedTo));
      }
    }
    return text.toString();
  }

  // =============================================================================================
  // For the package

  @Nullable ReceiveCallback callback() {
    return callback;
  }

  Callbacks.@Nullable Serial serialExecutor() {
    return serial;
  }

  Executor callbackExecutor() {
    Callbacks.Serial s = serial;
    return s != null ? s : loop;
  }

  Tally tally() {
    return tally;
  }

  int sendQueueCapacity() {
    return sendQueueCapacity;
  }

  String timeoutText() {
    Duration t = timeout;
    return t == null ? "no timeout" : t.toString();
  }

  private void requireUnbound(String operation) {
    if (isOpen()) {
      throw new IllegalStateException(operation + ": must be called before the socket is bound (it is bound to "
          + (local == null ? "?" : AddressText.hostPort(Objects.requireNonNull(local))) + ")");
    }
  }

  private static void checkPort(String operation, int port, int min) {
    if (port < min || port > 65_535) {
      throw new IllegalArgumentException(operation + ": port must be " + min + " to 65535, not " + port);
    }
  }

  private static void checkHost(String operation, String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException(operation + ": host is empty");
    }
  }

  private static InetAddress anyAddress(int length) {
    try {
      return InetAddress.getByAddress(new byte[length]);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
