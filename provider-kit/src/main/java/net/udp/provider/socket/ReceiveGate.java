package net.udp.provider.socket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.udp.ReceiveCallback;
import net.udp.ReceivedMetadata;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * A socket's receive modes: paused, continuous, or one datagram. Decides how many datagrams the
 * event loop may read, and delivers each one read, directly (the zero-copy path: no executor,
 * nothing held) or through a queue of copies ("held" datagrams: for an executor, or read in the
 * instant before a pause) that is drained in order and never loses a datagram.
 *
 * <p>Each life of the socket (from an open to its close) is a token the gate is {@linkplain
 * #open(Object) opened} with; a datagram read in an earlier life is refused. {@link #close()}
 * and {@link #awaitCallbacks()} keep the socket's promise that no receive callback runs or begins
 * once close returns: every delivery marks its phase (deciding, then calling, with the thread
 * that calls), and close, after refusing further deliveries, waits for a delivery still deciding
 * (nanoseconds) and for a call under way to return. A close made by a callback of the socket
 * waits for none ({@link #inCallback()}: the others may be closing too). Only the wait for a call
 * can be long, so it happens outside every lock of the socket, after the port is free.
 */
final class ReceiveGate {
  /** How many copies may be held before the event loop stops reading (the kernel buffers more). */
  static final int HELD_LIMIT = 1024;

  private static final int PAUSED = 0;
  private static final int CONTINUOUS = 1;
  private static final int ONE = 2;
  private static final int DELIVERIES_PER_TURN = 64;

  // The phases of a delivery, for close.
  private static final int IDLE = 0;
  private static final int DECIDING = 1;
  private static final int CALLING = 2;
  private static final Duration DECIDING_WAIT = Duration.ofSeconds(1);
  private static final Duration CALL_WARNING = Duration.ofSeconds(10);
  private static final VarHandle LOOP_PHASE;
  private static final VarHandle DRAIN_PHASE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LOOP_PHASE = lookup.findVarHandle(ReceiveGate.class, "loopPhase", int.class);
      DRAIN_PHASE = lookup.findVarHandle(ReceiveGate.class, "drainPhase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final UdpSocket socket;
  private final Settings settings;
  private final Dispatch dispatch;
  private final Runnable allowanceChanged;
  private final AtomicInteger mode = new AtomicInteger(PAUSED);
  private volatile @Nullable Object life; // the socket's current life, null when closed
  private final ArrayDeque<Held> held = new ArrayDeque<>(); // guarded by this
  private volatile int heldCount;
  private volatile boolean draining; // a drain is scheduled or running; guarded by this for writes
  private volatile boolean everArmed; // receive or receiveOne was called once
  private boolean oneShotPending; // a held datagram is marked for receiveOne; guarded by this

  @SuppressWarnings("unused") // through LOOP_PHASE: a delivery by the loop (enter to exit)
  private volatile int loopPhase;

  @SuppressWarnings("unused") // through DRAIN_PHASE: a delivery of a held datagram
  private volatile int drainPhase;

  private final Callers concurrent = new Callers(); // callbacks handed out a datagram a task

  // The thread of each kind of delivery, written before its phase becomes CALLING, read after.
  private @Nullable Thread loopCaller;
  private @Nullable Thread drainCaller;

  /** A copy of a datagram waiting for delivery. */
  private static final class Held {
    final ByteBuffer payload;
    final InetSocketAddress sender;
    final ReceivedMetadata metadata;
    boolean oneShot;

    Held(ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata, boolean oneShot) {
      this.payload = payload;
      this.sender = sender;
      this.metadata = metadata;
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

  /**
   * The socket was opened: datagrams of this life may be delivered once a mode allows it.
   *
   * @param newLife the life's token
   */
  void open(Object newLife) {
    life = newLife;
  }

  /**
   * Drops everything held, pauses, and refuses every later delivery; {@link #awaitCallbacks()}
   * then waits for a callback already under way. The waits here are for a delivery deciding,
   * which takes nanoseconds.
   */
  void close() {
    mode.set(PAUSED);
    life = null;
    // A direct executor can run a callback inside the loop's own decision (the hand-over of held
    // datagrams), and the callback may close: the loop thread does not wait for itself.
    if (loopCaller != Thread.currentThread()) {
      Spin.until(() -> (int) LOOP_PHASE.getVolatile(this) != DECIDING, DECIDING_WAIT, "a delivery to decide");
    }
    synchronized (this) { // after the loop decided: a datagram it held for a pause is dropped too
      held.clear();
      heldCount = 0;
      oneShotPending = false;
    }
    Spin.until(() -> (int) DRAIN_PHASE.getVolatile(this) != DECIDING, DECIDING_WAIT, "a held delivery to start");
  }

  /**
   * Whether the calling thread is running a receive callback of this socket: its close must not
   * wait for callbacks, which may be closing too and waiting for it.
   *
   * @return whether it is
   */
  boolean inCallback() {
    Thread me = Thread.currentThread();
    return ((int) LOOP_PHASE.getVolatile(this) == CALLING && loopCaller == me)
        || ((int) DRAIN_PHASE.getVolatile(this) == CALLING && drainCaller == me)
        || concurrent.includes(me);
  }

  /**
   * After {@link #close()}: returns once no receive callback runs. Under no lock of the socket,
   * as the callback may call the socket, and never on a thread that is {@linkplain #inCallback()
   * in a callback} of this socket, which would wait for itself.
   */
  void awaitCallbacks() {
    awaitCall(LOOP_PHASE, () -> loopCaller);
    awaitCall(DRAIN_PHASE, () -> drainCaller);
    concurrent.awaitNone(socket);
  }

  private void awaitCall(VarHandle phase, Supplier<@Nullable Thread> caller) {
    if ((int) phase.getVolatile(this) == CALLING) {
      Spin.untilDone(() -> (int) phase.getVolatile(this) != CALLING, CALL_WARNING,
          () -> "a receive callback of " + socket + " to return on " + caller.get() + " (close waits for it)");
    }
  }

  /** Whether receive or receiveOne was ever called on this socket. */
  boolean everArmed() {
    return everArmed;
  }

  /** Switches to continuous mode. */
  void continuous() {
    everArmed = true;
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
    everArmed = true;
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
    if (life == null) {
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
   * Begins delivering a datagram read in a life of the socket; loop thread only. When this
   * returns {@code true} the caller must end with {@link #exit()}, with {@link #deliver} in
   * between at most once.
   *
   * @param from the life it was read in
   * @return {@code false} when that life is over: the datagram is dropped with it
   */
  @SuppressWarnings("ReferenceEquality") // identity: the very life the datagram was read in
  boolean enter(Object from) {
    loopCaller = Thread.currentThread(); // read by close once the phase is seen
    LOOP_PHASE.setVolatile(this, DECIDING); // before reading life, which close writes before reading the phase
    if (life != from) {
      LOOP_PHASE.setRelease(this, IDLE);
      return false;
    }
    return true;
  }

  /** Ends what {@link #enter(Object)} began. */
  void exit() {
    LOOP_PHASE.setRelease(this, IDLE);
  }

  /**
   * Delivers one datagram the event loop read, between {@link #enter(Object)} and {@link #exit()}.
   *
   * @param payload the datagram, valid only during this call
   * @param sender where it came from
   * @param metadata what the provider collected about it, valid only during this call
   */
  void deliver(ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata) {
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
      hold(payload, sender, metadata, false); // read in the instant before a pause: kept for the next receive
      return;
    }
    ReceiveCallback callback = settings.callback();
    if (callback != null && !dispatch.hasExecutor() && heldCount == 0 && !draining) {
      LOOP_PHASE.setRelease(this, CALLING);
      try {
        callback.onReceive(socket, payload, sender, metadata);
      } catch (Throwable t) { // as Dispatch.run does, without a lambda on the hot path
        dispatch.callbackFailed("receive", t);
      }
      return;
    }
    hold(payload, sender, metadata, oneShot);
  }

  private void hold(ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata, boolean oneShot) {
    byte[] copy = new byte[payload.remaining()];
    payload.get(payload.position(), copy);
    boolean drain;
    synchronized (this) {
      held.add(new Held(ByteBuffer.wrap(copy).asReadOnlyBuffer(), sender, MetadataCopy.of(metadata), oneShot));
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
      Object from;
      synchronized (this) {
        next = held.peek();
        callback = settings.callback();
        from = life;
        if (next == null || callback == null || from == null || (!next.oneShot && mode.get() != CONTINUOUS)) {
          draining = false;
          return;
        }
        wasFull = held.size() >= HELD_LIMIT;
        held.poll();
        heldCount = held.size();
        if (next.oneShot) {
          oneShotPending = false;
        }
        DRAIN_PHASE.setVolatile(this, DECIDING); // close, taking this monitor after us, then waits for the call
      }
      if (wasFull) {
        allowanceChanged.run();
      }
      Held delivered = next;
      Executor own = settings.concurrentCallbacks() ? dispatch.userExecutor() : null;
      if (own != null) {
        DRAIN_PHASE.setRelease(this, IDLE); // the task decides again when it begins
        handOut(own, delivered, from);
        continue;
      }
      drainCaller = Thread.currentThread();
      DRAIN_PHASE.setVolatile(this, CALLING);
      try {
        callback.onReceive(socket, delivered.payload, delivered.sender, delivered.metadata);
      } catch (Throwable t) {
        dispatch.callbackFailed("receive", t);
      } finally {
        DRAIN_PHASE.setRelease(this, IDLE);
      }
    }
    boolean again;
    synchronized (this) {
      draining = false;
      again = claimDrainLocked();
    }
    scheduleDrain(again);
  }

  /** Hands a datagram to the user's executor as a task of its own; one it refuses runs here. */
  private void handOut(Executor executor, Held datagram, Object from) {
    Runnable call = () -> callAlone(datagram, from);
    try {
      executor.execute(call);
    } catch (Throwable t) { // refused: delivered here rather than lost
      dispatch.refused(t);
      call.run();
    }
  }

  /**
   * A concurrent callback's task: decides again, as it may begin after a pause or a close, then
   * calls with the datagram it owns.
   */
  @SuppressWarnings("ReferenceEquality") // identity: the very life the datagram was read in
  private void callAlone(Held datagram, Object from) {
    Thread me = Thread.currentThread();
    ReceiveCallback callback;
    synchronized (this) {
      callback = settings.callback();
      if (life != from || callback == null) {
        return; // its life is over: dropped with it
      }
      if (!datagram.oneShot && mode.get() == ONE && mode.compareAndSet(ONE, PAUSED)) {
        datagram.oneShot = true; // receiveOne was called meanwhile, with nothing held: this is its one
      }
      if (!datagram.oneShot && mode.get() != CONTINUOUS) {
        // Paused meanwhile: the next receive delivers it, behind a datagram marked for receiveOne.
        Held marked = held.peekFirst() != null && held.peekFirst().oneShot ? held.pollFirst() : null;
        held.addFirst(datagram);
        if (marked != null) {
          held.addFirst(marked);
        }
        heldCount = held.size();
        return;
      }
      concurrent.enter(me);
    }
    try {
      callback.onReceive(socket, datagram.payload, datagram.sender, datagram.metadata);
    } catch (Throwable t) {
      dispatch.callbackFailed("receive", t);
    } finally {
      concurrent.exit(me);
    }
  }
}
