package net.udp.provider.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.Udp;
import net.udp.provider.EventLoop;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A socket's life cycle: new, bound, connected, closed, and bound again by an explicit {@code
 * listen} or {@code connect} after a close. Each open starts a new {@link Opened} life; the state
 * lock guards the transitions and every call on the operating-system socket made from a user's
 * thread, sends excepted (the outbox's lock guards those).
 *
 * <p>Threads: any user thread; the event loop only through {@link #interestChanged()}. No user
 * code runs under the state lock: {@link #close()} decides under it and tells (send outcomes, the
 * close future) and waits (for a receive callback on another thread) after releasing it, as a
 * callback may call the socket back.
 */
final class Lifecycle {
  private static final InetAddress ANY_IPV4 = anyAddress(4);
  private static final InetAddress ANY_IPV6 = anyAddress(16);

  /** Where a socket is in its life. */
  enum State {
    NEW,
    BOUND,
    CONNECTED,
    CLOSED
  }

  /** A call on the open operating-system socket. */
  interface OsCall {
    void apply(OsSocket os) throws IOException;
  }

  /** A call on the open life, under the state lock. */
  interface OpenCall<T> {
    T apply(Opened o) throws IOException;
  }

  private final UdpSocket socket;
  private final Multicast multicast;
  private final EventLoop loop;
  private final Settings settings;
  private final Tally tally;
  private final ReceiveGate gate;
  private final Outbox outbox;
  private final Dispatch dispatch;
  private final Runnable updateInterest = this::updateInterest;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile State state = State.NEW;
  private volatile @Nullable Opened opened; // the current life while BOUND or CONNECTED
  private CompletableFuture<Void> closed = new CompletableFuture<>(); // of the current life; guarded by lock

  Lifecycle(UdpSocket socket, EventLoop loop, Settings settings, Tally tally, ReceiveGate gate, Outbox outbox,
      Dispatch dispatch, Multicast multicast) {
    this.multicast = multicast;
    this.socket = socket;
    this.loop = loop;
    this.settings = settings;
    this.tally = tally;
    this.gate = gate;
    this.outbox = outbox;
    this.dispatch = dispatch;
  }

  State state() {
    return state;
  }

  /** The current life, or {@code null} when new or closed. */
  @Nullable Opened opened() {
    return opened;
  }

  /**
   * Makes a change that must come before binding.
   *
   * @throws IllegalStateException if the socket is bound
   */
  void beforeBinding(String operation, Runnable change) {
    lock.lock();
    try {
      Opened o = opened;
      if (o != null) {
        throw new IllegalStateException(
            operation + ": must be called before the socket is bound (it is bound to " + Udp.formatAddress(o.local()) + ")");
      }
      change.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies a setting to the operating-system socket, if one is open.
   *
   * @throws UdpException when the operating system refuses
   */
  void applyToOs(String operation, OsCall call) {
    lock.lock();
    try {
      Opened o = opened;
      if (o != null) {
        call.apply(o.os());
      }
    } catch (IOException e) {
      throw new UdpException(operation + ": " + Reasons.of(e), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs a call on the open socket under the state lock, for what needs a bound socket (joining a
   * multicast group, say).
   *
   * @param operation what the caller does, for messages ({@code "join 239.1.2.3"})
   * @throws IllegalStateException when the socket is not bound, or closed
   * @throws UdpException with the operating system's reason when the call fails
   */
  <T> T onOpen(String operation, OpenCall<T> call) {
    lock.lock();
    try {
      Opened o = opened;
      if (o == null) {
        throw new IllegalStateException(operation + ": the socket is "
            + (state == State.CLOSED ? "closed" : "not bound yet (bind it with listen, connect or a first send)"));
      }
      return call.apply(o);
    } catch (IOException e) {
      throw new UdpException(operation + ": " + Reasons.of(e), e);
    } finally {
      lock.unlock();
    }
  }

  /** Reads what the state lock guards (the multicast memberships, say), under it. */
  <T> T locked(java.util.function.Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs a call on the open socket under the state lock, or gives a value when none is open.
   *
   * @throws UdpException with the operating system's reason when the call fails
   */
  <T> T onOpenOrElse(OpenCall<T> call, T orElse) {
    lock.lock();
    try {
      Opened o = opened;
      return o == null ? orElse : call.apply(o);
    } catch (IOException e) {
      throw new UdpException(Reasons.of(e), e);
    } finally {
      lock.unlock();
    }
  }

  /** Binds explicitly; {@code address} null for every local address. */
  void listen(@Nullable InetAddress address, int port) {
    lock.lock();
    try {
      Opened o = opened;
      if (state == State.CONNECTED && o != null) {
        throw new IllegalStateException("listen: the socket is connected to "
            + Udp.formatAddress(Objects.requireNonNull(o.peer())) + "; a connected socket cannot be bound");
      }
      if (state == State.BOUND && o != null) {
        throw new IllegalStateException("listen: the socket is already bound to " + Udp.formatAddress(o.local())
            + " (by listen, or implicitly by its first send); close it before listening again");
      }
      open("listen", address, port);
    } finally {
      lock.unlock();
    }
  }

  /** Connects, binding to an ephemeral port first if not bound. */
  void connect(InetSocketAddress target) {
    lock.lock();
    try {
      requireNotConnected();
      Opened o = opened;
      if (o == null) {
        o = open("connect", null, 0);
      }
      String problem = o.problem(target);
      if (problem != null) {
        throw new UdpException("connect " + Udp.formatAddress(target) + ": " + problem);
      }
      try {
        o.os().connect(target);
        o.connected(target, o.os().localAddress());
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        throw new UdpException("connect " + Udp.formatAddress(target) + ": " + Reasons.of(e), e);
      }
      state = State.CONNECTED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses a second connect.
   *
   * @throws IllegalStateException if connected
   */
  void requireNotConnected() {
    Opened o = opened;
    InetSocketAddress connectedTo = o == null ? null : o.peer();
    if (state == State.CONNECTED && connectedTo != null) {
      throw new IllegalStateException(
          "connect: the socket is already connected to " + Udp.formatAddress(connectedTo) + "; a socket can be connected once");
    }
  }

  /** Binds implicitly, for a first send; does nothing unless new. */
  void openForSend() {
    lock.lock();
    try {
      if (state == State.NEW) {
        open("send", null, 0);
        if (settings.callback() != null) {
          var unused = Background.TIMER.schedule(this::warnIfNeverReceiving, FORGOTTEN_RECEIVE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A client that sends first and forgets receive() loses every reply without a word (the seed's
   * rule, kept: receive needs a bound socket, so it cannot be armed before). A socket bound by its
   * first send that has a receive callback, but no receive() or receiveOne() this long after, is
   * reported once.
   */
  static final Duration FORGOTTEN_RECEIVE = Duration.ofSeconds(2);

  private void warnIfNeverReceiving() {
    if (settings.callback() != null && !gate.everArmed() && state != State.CLOSED) {
      Dispatch.LOG.log(System.Logger.Level.WARNING, "net.udp " + socket + ": this socket has a receive callback, but receive()"
          + " was never called: the replies to its sends wait unread (call receive() or receiveOne() after the first send)");
    }
  }

  /**
   * Closes: no callback is given a datagram of this life any more, sends the kernel takes now go
   * out and the others fail, and the port is free when this returns; a receive callback running
   * on another thread has returned too, and then the close future completes.
   */
  void close() {
    CompletableFuture<Void> done;
    lock.lock();
    try {
      done = closed;
      if (state != State.CLOSED) {
        state = State.CLOSED;
        Opened o = opened;
        opened = null;
        if (o != null) {
          o.retire();
        }
        multicast.retire(); // the kernel leaves the groups when the socket closes
        gate.close();
        outbox.closeUntold();
        if (o != null) {
          o.os().close();
        }
      }
    } finally {
      lock.unlock();
    }
    outbox.tellOutcomes();
    Runnable finish = () -> {
      gate.awaitCallbacks(); // a second close waits too: it returns under the same promise
      done.complete(null);
    };
    if (gate.inCallback()) {
      // Closed by its own receive callback: that callback is still running, and others, closing
      // too, may wait for it. The future completes once they have all returned.
      Thread.ofVirtual().name("net.udp-close").start(finish);
    } else {
      finish.run();
    }
  }

  /**
   * The future of the current life's close; a copy, so that the caller cannot complete ours.
   *
   * @return a future completed when the socket is closed
   */
  CompletableFuture<Void> closeFuture() {
    lock.lock();
    try {
      return closed.copy();
    } finally {
      lock.unlock();
    }
  }

  /** Adds the open socket's addresses and counters to a snapshot, under the lock. */
  void describe(SocketInfoBuilder info) {
    lock.lock();
    try {
      Opened o = opened;
      if (o == null) {
        info.counters(tally.snapshot(OptionalLong.empty()));
        return;
      }
      o.describe(info);
      int rcvbuf;
      try {
        rcvbuf = o.os().receiveBufferSize();
      } catch (IOException e) {
        rcvbuf = 0;
      }
      info.socketReceiveBuffer(rcvbuf).counters(tally.snapshot(o.os().drops())).segmentationOffload(o.os().maxSegments() > 1)
          .receiveOffload(o.os().receiveOffload()).receiveMetadata(o.os().receiveMetadata())
          .pathMtu(o.peer() != null ? o.os().pathMtu() : -1);
    } finally {
      lock.unlock();
    }
  }

  /** Has the loop watch for what the socket wants now. Any thread. */
  void interestChanged() {
    if (loop.inLoop()) {
      updateInterest();
    } else {
      loop.execute(updateInterest);
    }
  }

  private void updateInterest() {
    Opened o = opened;
    if (o != null) {
      o.os().updateInterest();
    }
  }

  private Opened open(String operation, @Nullable InetAddress address, int port) {
    OpenRequest request = request(operation, address, port);
    if (loop.isStopping()) {
      throw new UdpException(operation + " " + Udp.formatAddress(request.local()) + ": " + loop
          + " has stopped (its loop group was closed); no socket can be opened on it");
    }
    boolean reopening = state == State.CLOSED;
    if (reopening) {
      tally.reset(); // reopened: counters describe the new operating-system socket
    }
    Opened o = new Opened(socket, settings, tally, gate, outbox, dispatch, request, loop.supportsIPv6());
    OsSocket os;
    try {
      os = loop.open(request, o);
    } catch (IOException | UncheckedIOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new UdpException(operation + " " + Udp.formatAddress(request.local()) + ": " + Reasons.of(e), e);
    }
    try {
      o.attach(os, os.localAddress());
      multicast.applyTo(os);
      if (settings.receiveOffload()) {
        os.setReceiveOffload(true);
      }
      if (settings.dontFragment()) {
        os.setDontFragment(true);
      }
      if (!settings.receiveMetadata().isEmpty()) {
        os.setReceiveMetadata(settings.receiveMetadata());
      }
    } catch (IOException | RuntimeException e) {
      os.close();
      throw new UdpException(operation + " " + Udp.formatAddress(request.local()) + ": " + Reasons.of(e), e);
    }
    opened = o;
    state = State.BOUND;
    if (reopening) {
      closed = new CompletableFuture<>(); // the previous life's future stays complete
    }
    outbox.open(o);
    gate.open(o);
    interestChanged();
    return o;
  }

  private OpenRequest request(String operation, @Nullable InetAddress address, int port) {
    boolean v4 = settings.ipv4Enabled();
    boolean v6 = settings.ipv6Enabled();
    StandardProtocolFamily family;
    InetAddress bindTo = address;
    if (bindTo == null) {
      if (v6 && loop.supportsIPv6()) {
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
        throw new UdpException(operation + " " + Udp.formatAddress(new InetSocketAddress(bindTo, port)) + ": IPv4 is disabled on this socket");
      }
      family = StandardProtocolFamily.INET;
    } else {
      if (!v6) {
        throw new UdpException(operation + " " + Udp.formatAddress(new InetSocketAddress(bindTo, port)) + ": IPv6 is disabled on this socket");
      }
      family = StandardProtocolFamily.INET6;
    }
    return new OpenRequest(family, !v4, new InetSocketAddress(bindTo, port), settings.reusePort(), settings.broadcast(),
        settings.socketReceiveBuffer(), settings.socketSendBuffer());
  }

  private static InetAddress anyAddress(int length) {
    try {
      return InetAddress.getByAddress(new byte[length]);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
