package net.udp.provider.socket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;

/**
 * A socket's receive modes: paused, continuous, or one datagram. Decides how many datagrams the
 * event loop may read, and delivers each one read, directly (the zero-copy path: no executor,
 * nothing held) or through a queue of copies ("held" datagrams: for an executor, or read in the
 * instant before a pause) that is drained in order and never loses a datagram.
 */
final class ReceiveGate {
  /** How many copies may be held before the event loop stops reading (the kernel buffers more). */
  static final int HELD_LIMIT = 1024;

  private static final int PAUSED = 0;
  private static final int CONTINUOUS = 1;
  private static final int ONE = 2;
  private static final int DELIVERIES_PER_TURN = 64;

  private final UdpSocket socket;
  private final Settings settings;
  private final Dispatch dispatch;
  private final Runnable allowanceChanged;
  private final AtomicInteger mode = new AtomicInteger(PAUSED);
  private volatile boolean open; // written under this
  private final ArrayDeque<Held> held = new ArrayDeque<>(); // guarded by this
  private volatile int heldCount;
  private volatile boolean draining; // a drain is scheduled or running; guarded by this for writes
  private boolean oneShotPending; // a held datagram is marked for receiveOne; guarded by this

  /** A copy of a datagram waiting for delivery. */
  private static final class Held {
    final ByteBuffer payload;
    final InetSocketAddress sender;
    boolean oneShot;

    Held(ByteBuffer payload, InetSocketAddress sender, boolean oneShot) {
      this.payload = payload;
      this.sender = sender;
      this.oneShot = oneShot;
    }
  }

  /**
   * A closed gate, paused.
   *
   * @param socket the socket handed to the callback
   * @param allowanceChanged run when {@link #allowance()} may have changed; never runs user code
   */
  ReceiveGate(UdpSocket socket, Settings settings, Dispatch dispatch, Runnable allowanceChanged) {
    this.socket = socket;
    this.settings = settings;
    this.dispatch = dispatch;
    this.allowanceChanged = allowanceChanged;
  }

  /** The socket was opened: delivery may begin once a mode allows it. */
  void open() {
    synchronized (this) {
      open = true;
    }
  }

  /** Switches to continuous mode. */
  void continuous() {
    mode.set(CONTINUOUS);
    boolean drain;
    synchronized (this) {
      drain = claimDrainLocked();
    }
    scheduleDrain(drain);
    allowanceChanged.run();
  }

  /** Arms one delivery, unless one is armed already. */
  void one() {
    boolean drain;
    synchronized (this) {
      if (oneShotPending || mode.get() == ONE) {
        return;
      }
      Held head = held.peek();
      if (head != null) {
        mode.set(PAUSED);
        head.oneShot = true;
        oneShotPending = true;
        drain = claimDrainLocked();
      } else {
        mode.set(ONE);
        drain = false;
      }
    }
    scheduleDrain(drain);
    allowanceChanged.run();
  }

  /** Stops delivery; held datagrams wait for the next receive. */
  void pause() {
    mode.set(PAUSED);
    allowanceChanged.run();
  }

  /** The callback changed: held datagrams may be deliverable now. */
  void callbackChanged() {
    boolean drain;
    synchronized (this) {
      drain = claimDrainLocked();
    }
    scheduleDrain(drain);
  }

  /** Drops everything held and pauses: the socket closed. */
  void close() {
    mode.set(PAUSED);
    synchronized (this) {
      open = false;
      held.clear();
      heldCount = 0;
      oneShotPending = false;
    }
  }

  /**
   * Tells whether the socket is delivering: continuous, or a one-datagram delivery armed.
   *
   * @return {@code true} unless paused with nothing armed
   */
  boolean receiving() {
    if (mode.get() != PAUSED) {
      return true;
    }
    synchronized (this) {
      return oneShotPending;
    }
  }

  /**
   * How many datagrams the event loop may read now.
   *
   * @return 0 when closed, paused or when too many copies are held, 1 in one-datagram mode, else
   *     the room left
   */
  int allowance() {
    if (!open) {
      return 0;
    }
    int m = mode.get();
    if (m == PAUSED) {
      return 0;
    }
    if (m == ONE) {
      return 1;
    }
    return Math.max(0, HELD_LIMIT - heldCount);
  }

  /**
   * Delivers one datagram the event loop read. Runs on the event loop only.
   *
   * @param payload the datagram, valid only during this call
   * @param sender where it came from
   */
  void deliver(ByteBuffer payload, InetSocketAddress sender) {
    boolean oneShot = false;
    int m = mode.get();
    while (m == ONE) {
      if (mode.compareAndSet(ONE, PAUSED)) {
        oneShot = true;
        break;
      }
      m = mode.get();
    }
    if (m == PAUSED) {
      hold(payload, sender, false); // read in the instant before a pause: kept for the next receive
      return;
    }
    ReceiveCallback callback = settings.callback();
    if (callback != null && !dispatch.hasExecutor() && heldCount == 0 && !draining) {
      try {
        callback.onReceive(socket, payload, sender);
      } catch (Throwable t) { // as Dispatch.run does, without a lambda on the hot path
        Dispatch.LOG.log(System.Logger.Level.WARNING, "net.udp: a receive callback threw; delivery goes on", t);
      }
      return;
    }
    hold(payload, sender, oneShot);
  }

  private void hold(ByteBuffer payload, InetSocketAddress sender, boolean oneShot) {
    byte[] copy = new byte[payload.remaining()];
    payload.get(payload.position(), copy);
    boolean drain;
    synchronized (this) {
      held.add(new Held(ByteBuffer.wrap(copy).asReadOnlyBuffer(), sender, oneShot));
      heldCount = held.size();
      if (oneShot) {
        oneShotPending = true;
      }
      drain = claimDrainLocked();
    }
    scheduleDrain(drain);
  }

  /** Marks a drain as due, if one is needed and none is; the caller then schedules it. */
  private boolean claimDrainLocked() {
    if (draining || held.isEmpty()) {
      return false;
    }
    draining = true;
    return true;
  }

  /** Hands a claimed drain to where callbacks run, outside this gate's monitor: user code may run it at once. */
  private void scheduleDrain(boolean claimed) {
    if (claimed) {
      dispatch.executor().execute(this::drain);
    }
  }

  private void drain() {
    for (int i = 0; i < DELIVERIES_PER_TURN; i++) {
      Held next;
      ReceiveCallback callback;
      boolean wasFull;
      synchronized (this) {
        next = held.peek();
        callback = settings.callback();
        if (next == null || callback == null || !open || (!next.oneShot && mode.get() != CONTINUOUS)) {
          draining = false;
          return;
        }
        wasFull = held.size() >= HELD_LIMIT;
        held.poll();
        heldCount = held.size();
        if (next.oneShot) {
          oneShotPending = false;
        }
      }
      if (wasFull) {
        allowanceChanged.run();
      }
      Held delivered = next;
      Dispatch.run("receive", () -> callback.onReceive(socket, delivered.payload, delivered.sender));
    }
    boolean again;
    synchronized (this) {
      draining = false;
      again = claimDrainLocked();
    }
    scheduleDrain(again);
  }
}
