package net.udp.provider;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.provider.socket.KitSocket;
import net.udp.provider.socket.Spin;
import org.jspecify.annotations.Nullable;

/**
 * One event loop: a platform daemon thread that waits for its sockets' events, serves them, and
 * runs the tasks other threads hand it. A provider extends it with its way of waiting ({@link
 * #serve(boolean)}), of waking the thread ({@link #wakeup()}) and of opening operating-system
 * sockets ({@link #open(OpenRequest, SocketEvents)}); the kit supplies the rest, and the sockets
 * themselves ({@link #newSocket(ReceiveCallback)}).
 *
 * <p>Each turn of the loop runs the waiting tasks (at most 1024, so that tasks posting tasks cannot
 * starve the sockets), then {@link #serve(boolean) serves} events, blocking only when no task
 * waits (and, with an {@link IdleStrategy} that polls, only once polling found nothing), then runs
 * what was asked to run at the end of the turn (the kit flushes the sends its
 * sockets gathered during the turn there). Nothing thrown on the loop stops it: a failure is
 * logged and the next turn begins, since a dead loop would silently stop every socket on it.
 *
 * <p>The loop also keeps the one close protocol the kit's sockets rely on: the loop thread marks
 * each system call it makes on a socket's descriptor ({@link #enterSystemCall(Object)}, {@link
 * #exitSystemCall()}), and a thread closing that socket waits, at most {@link #SYSTEM_CALL_WAIT},
 * until the loop is not inside one ({@link #awaitSystemCall(Object)}). It then closes the
 * descriptor itself, on its own thread: the port is free when {@code close()} returns, whatever a
 * callback on the loop is doing, and the loop never touches a descriptor number the kernel may
 * have reused.
 */
public abstract class EventLoop implements Executor {
  /**
   * The longest a closing thread waits for the loop to leave a system call on the socket being
   * closed. The calls are non-blocking and take microseconds; the bound only matters when the
   * loop thread is descheduled, or stuck where it should not be.
   */
  public static final Duration SYSTEM_CALL_WAIT = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger("net.udp");
  private static final int TASKS_PER_TURN = 1024;
  private static final VarHandle IN_SYSTEM_CALL;

  static {
    try {
      IN_SYSTEM_CALL = MethodHandles.lookup().findVarHandle(EventLoop.class, "inSystemCall", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String providerName;
  private final String threadName;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final ArrayDeque<Runnable> endOfTurn = new ArrayDeque<>(); // loop thread only
  private volatile @Nullable Thread thread;
  private volatile boolean stopping;
  private Idler idler = new Idler(IdleStrategy.park()); // set before the thread starts; loop thread only after

  @SuppressWarnings("unused") // accessed through IN_SYSTEM_CALL
  private volatile @Nullable Object inSystemCall;

  /**
   * Creates a loop; {@link LoopGroup} starts it.
   *
   * @param providerName the name of the provider, which its sockets' {@code info()} shows
   * @param threadName the name of the loop's thread, such as {@code net.udp-nio-1}
   */
  protected EventLoop(String providerName, String threadName) {
    this.providerName = Objects.requireNonNull(providerName, "providerName");
    this.threadName = Objects.requireNonNull(threadName, "threadName");
  }

  // =============================================================================================
  // What a provider implements

  /**
   * Opens an operating-system socket as the request describes (family, options, bound address),
   * non-blocking, and registers it with this loop without watching for anything yet. On failure
   * nothing may stay open. Called from any thread, once per {@code listen}, {@code connect} or
   * first send, with the socket's state lock held.
   *
   * @param request what to open
   * @param events what the socket is told of what happens to it; kept by the provider
   * @return the open socket
   * @throws IOException with the operating system's reason when it refuses
   */
  public abstract OsSocket open(OpenRequest request, SocketEvents events) throws IOException;

  /**
   * Waits for events on this loop's sockets and serves the ready ones. Loop thread only.
   *
   * @param block {@code true} to wait until an event comes or {@link #wakeup()} is called; {@code
   *     false} to take only what is ready now
   * @return how many sockets' events were served (a wake-up is none), so that a loop that polls
   *     knows when polling found something
   * @throws IOException when waiting fails; the loop logs it and goes on
   */
  protected abstract int serve(boolean block) throws IOException;

  /**
   * Makes a {@link #serve(boolean) serve} that is blocking, or the next one, return soon. Called
   * from any thread but the loop's.
   */
  protected abstract void wakeup();

  /**
   * Runs once on the loop thread before its first turn, to set up what the thread owns (native
   * memory confined to it, for example). Does nothing by default.
   */
  protected void started() {}

  /**
   * Runs once on the loop thread after its last turn, when its group is closed (or when {@link
   * #started()} failed), to free what {@code started()} set up and what the loop opened. Other
   * threads may still call {@link #wakeup()} and {@link #open} after it, or while it runs: a
   * provider that closes descriptors here makes those calls refuse, or do nothing, once they are
   * closed, under a lock they share with it, or a wake-up could write to a descriptor number
   * that has since been given to another file. Does nothing by default.
   */
  protected void stopped() {}

  /**
   * Tells whether this host can open IPv6 sockets. By default, whether the JDK can open an IPv6
   * datagram channel, checked once.
   *
   * @return {@code true} when it can
   */
  public boolean supportsIPv6() {
    return Ipv6.AVAILABLE;
  }

  // =============================================================================================
  // What the kit and the provider use

  /**
   * Creates an unbound socket served by this loop, with the API's rules implemented by the kit.
   *
   * @param callback the receive callback, or {@code null}
   * @return the socket
   */
  public final UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return new KitSocket(this, callback);
  }

  /**
   * The name of the provider this loop belongs to.
   *
   * @return for example {@code "nio"}
   */
  public final String providerName() {
    return providerName;
  }

  /**
   * Runs a task on the loop, later, never inside this call. Any thread.
   *
   * @param task the task
   */
  @Override
  public final void execute(Runnable task) {
    tasks.add(Objects.requireNonNull(task, "task"));
    if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
      wakeup();
    }
  }

  /**
   * Tells whether the calling thread is this loop's.
   *
   * @return {@code true} on the loop thread
   */
  public final boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * Runs a task at the end of the current turn, after the events of the turn were served and
   * before the loop waits again. Loop thread only.
   *
   * @param task the task
   */
  public final void atEndOfTurn(Runnable task) {
    endOfTurn.add(task);
  }

  /**
   * Marks the loop thread as inside a system call on a socket's descriptor. Loop thread only. The
   * provider brackets
   * every such call made on the loop thread with this and {@link #exitSystemCall()}, and checks
   * after this one that the socket is still open: a closing thread sets its flag, then calls
   * {@link #awaitSystemCall(Object)}, so that either the loop sees the flag or the closer waits.
   *
   * @param socket the socket, as given to {@link #awaitSystemCall(Object)}
   */
  public final void enterSystemCall(Object socket) {
    IN_SYSTEM_CALL.setVolatile(this, socket);
  }

  /** Marks the end of the system call {@link #enterSystemCall(Object)} began. */
  public final void exitSystemCall() {
    IN_SYSTEM_CALL.setRelease(this, null);
  }

  /**
   * Waits, at most {@link #SYSTEM_CALL_WAIT}, until the loop thread is not inside a system call on
   * a socket (see {@link #enterSystemCall(Object)}). Returns at once on the loop thread.
   *
   * @param socket the socket being closed
   */
  @SuppressWarnings("ReferenceEquality") // identity: the very socket being closed, whatever its equals says
  public final void awaitSystemCall(Object socket) {
    if (!inLoop()) {
      Spin.until(() -> IN_SYSTEM_CALL.getVolatile(this) != socket, SYSTEM_CALL_WAIT, threadName + " to leave a system call on a closing socket");
    }
  }

  /**
   * Describes the loop.
   *
   * @return its thread's name
   */
  @Override
  public String toString() {
    return threadName;
  }

  /**
   * Whether the loop has been told to stop ({@link LoopGroup#close(Duration)}): from then on no
   * socket can be opened on it.
   *
   * @return {@code true} once a stop has begun
   */
  public final boolean isStopping() {
    return stopping;
  }

  /**
   * The loop's idle strategy, as its group chose it.
   *
   * @return the strategy
   */
  public final IdleStrategy idleStrategy() {
    return idler.strategy();
  }

  /** Sets the idle strategy; {@link LoopGroup} calls it before {@link #start()}. */
  final void idleStrategy(IdleStrategy strategy) {
    idler = new Idler(strategy);
  }

  /** Starts the loop's thread; {@link LoopGroup} calls it once. */
  final void start() {
    Thread t = new Thread(this::run, threadName);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * Ends the loop after its current turn and waits, at most {@code wait}, for its thread to run
   * {@link #stopped()} and end. {@link LoopGroup#close(Duration)} calls it.
   *
   * @return {@code true} when the thread ended in time
   */
  final boolean stop(Duration wait) throws InterruptedException {
    stopping = true;
    Thread t = thread;
    if (t == null || t == Thread.currentThread()) {
      return false; // never started, or asked from its own thread: it ends after this turn
    }
    wakeup();
    return t.join(wait);
  }

  private void run() {
    try {
      started();
    } catch (Throwable t) {
      LOG.log(Level.ERROR, "net.udp: " + threadName + " could not start; its sockets will not work", t);
      end();
      return;
    }
    try {
      turns();
      // What was handed over before the stop still runs (the outcomes a close told, say); what
      // comes after it waits for a loop that has ended, as a closed group's sockets are told.
      runTasks();
      runEndOfTurn();
    } finally {
      end();
    }
  }

  private void end() {
    try {
      stopped();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "net.udp: " + threadName + " could not free what it held", t);
    }
  }

  private void turns() {
    while (!stopping) {
      try {
        runTasks();
        runEndOfTurn();
        wakeupPending.set(false);
        if (!tasks.isEmpty()) {
          serve(false);
        } else if (idler.polls()) {
          pollThenPark();
        } else {
          serve(tasks.isEmpty()); // a task may have come since the look above
        }
        runEndOfTurn();
      } catch (Throwable t) {
        LOG.log(Level.ERROR, "net.udp: unexpected failure in " + threadName + "; the loop goes on", t);
      }
    }
  }

  /**
   * Polls for events and tasks for the idle strategy's budget (without end, busy-polling), and
   * parks when none came. While polling, the loop is awake: {@link #execute} need not wake it, and
   * does not (its flag says a wake-up is pending); the flag is cleared before the last look at the
   * tasks, so that a task added after that look wakes the park.
   */
  private void pollThenPark() throws IOException {
    wakeupPending.set(true);
    long deadline = System.nanoTime() + idler.budgetNanos();
    boolean found;
    while (true) {
      found = serve(false) > 0 || !tasks.isEmpty();
      if (found || stopping || (!idler.neverParks() && System.nanoTime() - deadline >= 0)) {
        break;
      }
      Thread.onSpinWait();
    }
    wakeupPending.set(false);
    if (found) {
      idler.found(); // the turn goes on: the tasks, and what the callbacks left for its end
      return;
    }
    if (stopping) {
      return; // the polls may have taken the stop's wake-up: do not park
    }
    idler.foundNothing();
    serve(tasks.isEmpty());
  }

  private void runTasks() {
    for (int budget = TASKS_PER_TURN; budget > 0; budget--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (Throwable t) {
        LOG.log(Level.ERROR, "net.udp: a task failed on " + threadName + "; the loop goes on", t);
      }
    }
  }

  private void runEndOfTurn() {
    for (Runnable task = endOfTurn.poll(); task != null; task = endOfTurn.poll()) {
      try {
        task.run();
      } catch (Throwable t) {
        LOG.log(Level.ERROR, "net.udp: an end-of-turn task failed on " + threadName + "; the loop goes on", t);
      }
    }
  }

  /** Whether this host can open IPv6 sockets, checked on first use. */
  private static final class Ipv6 {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try (var channel = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
        return channel.isOpen();
      } catch (IOException | UnsupportedOperationException e) {
        return false; // no IPv6 here, or -Djava.net.preferIPv4Stack=true
      }
    }
  }
}
