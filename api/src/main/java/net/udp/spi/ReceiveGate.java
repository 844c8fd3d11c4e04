package net.udp.spi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;

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

  private final AbstractUdpSocket socket;
  private final AtomicInteger mode = new AtomicInteger(PAUSED);
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

  ReceiveGate(AbstractUdpSocket socket) {
    this.socket = socket;
  }

  /** Switches to continuous mode. */
  void continuous() {
    mode.set(CONTINUOUS);
    synchronized (this) {
      scheduleDrainLocked();
    }
    socket.receiveAllowanceChanged();
  }

  /** Arms one delivery, unless one is armed already. */
  void one() {
    synchronized (this) {
      if (oneShotPending || mode.get() == ONE) {
        return;
      }
      Held head = held.peek();
      if (head != null) {
        mode.set(PAUSED);
        head.oneShot = true;
        oneShotPending = true;
        scheduleDrainLocked();
        return;
      }
      mode.set(ONE);
    }
    socket.receiveAllowanceChanged();
  }

  /** Stops delivery; held datagrams wait for the next receive. */
  void pause() {
    mode.set(PAUSED);
    socket.receiveAllowanceChanged();
  }

  /** The callback changed: held datagrams may be deliverable now. */
  void callbackChanged() {
    synchronized (this) {
      scheduleDrainLocked();
    }
  }

  /** Drops everything held and pauses: the socket closed. */
  void clear() {
    mode.set(PAUSED);
    synchronized (this) {
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
   * @return 0 when paused or when too many copies are held, 1 in one-datagram mode, else the room
   *     left
   */
  int allowance() {
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
    ReceiveCallback callback = socket.callback();
    if (callback != null && socket.serialExecutor() == null && heldCount == 0 && !draining) {
      try {
        callback.onReceive(socket, payload, sender);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable t) {
        Callbacks.LOG.log(System.Logger.Level.WARNING, "net.udp: a receive callback threw; delivery goes on", t);
      }
      return;
    }
    hold(payload, sender, oneShot);
  }

  private void hold(ByteBuffer payload, InetSocketAddress sender, boolean oneShot) {
    byte[] copy = new byte[payload.remaining()];
    payload.get(payload.position(), copy);
    synchronized (this) {
      held.add(new Held(ByteBuffer.wrap(copy).asReadOnlyBuffer(), sender, oneShot));
      heldCount = held.size();
      if (oneShot) {
        oneShotPending = true;
      }
      scheduleDrainLocked();
    }
  }

  private void scheduleDrainLocked() {
    if (draining || held.isEmpty()) {
      return;
    }
    draining = true;
    socket.callbackExecutor().execute(this::drain);
  }

  private void drain() {
    for (int i = 0; i < DELIVERIES_PER_TURN; i++) {
      Held next;
      ReceiveCallback callback;
      boolean wasFull;
      synchronized (this) {
        next = held.peek();
        callback = socket.callback();
        if (next == null || callback == null || !socket.isOpen() || (!next.oneShot && mode.get() != CONTINUOUS)) {
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
        socket.receiveAllowanceChanged();
      }
      Held delivered = next;
      Callbacks.run("receive", () -> callback.onReceive(socket, delivered.payload, delivered.sender));
    }
    synchronized (this) {
      draining = false;
      scheduleDrainLocked();
    }
  }
}
