package net.udp.provider.socket;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.udp.ErrorListener;
import net.udp.SendCallback;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * Where a socket's callbacks run, and how: on its event loop, or one at a time and in order on the
 * executor the user gave it. User code always runs through {@link #run(String, Runnable)} (or, on
 * the receive hot path, reports through {@link #callbackFailed(String, Throwable)}), which counts
 * what it throws and reports it, at most once per {@link #REPORT_INTERVAL} after the first: a
 * callback never stops a loop, and a callback that throws for every datagram does not flood the
 * log.
 *
 * <p>Every callback runs exactly once. An executor that throws when given a task (anything, not
 * only {@link RejectedExecutionException}) has the task run on the event loop instead; an executor
 * that silently drops tasks cannot be noticed, but replacing it with {@link #executor(Executor)}
 * moves every callback still waiting for it to the new one, so the socket recovers.
 *
 * <p>Threads: any thread hands callbacks over; they run on the event loop or the user's executor,
 * and, with an executor that runs tasks in the calling thread, on whatever thread handed them
 * over, so no lock of the kit may be held then. Lock order: this dispatch, then a {@code Serial};
 * neither is held while a task runs or a user's executor is called.
 */
final class Dispatch {
  static final Logger LOG = System.getLogger("net.udp");

  /** How often, at most, a socket's failing callbacks are reported after the first failure. */
  static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

  private final UdpSocket socket;
  private final Executor loop;
  private final Settings settings;
  private final Tally tally;
  private final Reports failures = new Reports("callbacks of this socket threw");
  private final Reports refusals = new Reports("the socket's executor refused callbacks; they ran on the event loop");
  private volatile @Nullable Serial serial; // replaced under this

  Dispatch(UdpSocket socket, Executor loop, Settings settings, Tally tally) {
    this.socket = socket;
    this.loop = loop;
    this.settings = settings;
    this.tally = tally;
  }

  /**
   * Sets the user's executor. Callbacks still waiting for the previous one move to the new one,
   * in order, ahead of any made from now on; one already running there finishes there.
   *
   * @param executor the executor, or {@code null} for the event loop
   */
  void executor(@Nullable Executor executor) {
    Serial next = executor == null ? null : new Serial(executor);
    boolean schedule = false;
    synchronized (this) { // no user code under it: the moved tasks are queued here, run later
      Serial old = serial;
      List<Runnable> waiting = old == null ? List.of() : old.retire();
      for (Runnable task : waiting) {
        if (next != null) {
          schedule |= next.enqueue(task);
        } else {
          loop.execute(task); // never runs it inside the call
        }
      }
      serial = next;
    }
    if (schedule && next != null) {
      next.schedule();
    }
  }

  /** Hands a task that reached a retired executor to the current one, behind the tasks it moved. */
  private void forward(Runnable task) {
    Serial current;
    synchronized (this) { // the replacement has queued what it moved once this is ours
      current = serial;
      if (current == null) {
        loop.execute(task);
        return;
      }
      if (!current.enqueue(task)) {
        return;
      }
    }
    current.schedule();
  }

  /** The user's executor itself, for receive callbacks handed out a datagram a task; {@code null} when there is none. */
  @Nullable Executor userExecutor() {
    Serial s = serial;
    return s != null ? s.executor : null;
  }

  /** Reports an executor that refused a task, which then ran where it was handed over. */
  void refused(Throwable thrown) {
    refusals.report("the executor of " + socket + " did not take a callback; it runs where it was handed over", thrown);
  }

  /** Whether callbacks run on a user's executor rather than on the event loop. */
  boolean hasExecutor() {
    return serial != null;
  }

  /** Where callbacks run now: the user's executor (one at a time), or the event loop. */
  Executor executor() {
    Serial s = serial;
    return s != null ? s : loop;
  }

  /**
   * Tells a send's callback its outcome, or the error listener a failure that had no callback.
   *
   * @param tag the send's tag
   * @param onSent its callback, or {@code null}
   * @param failure why it failed, or {@code null} when it was sent
   */
  void completeSend(long tag, @Nullable SendCallback onSent, @Nullable UdpException failure) {
    if (onSent != null) {
      executor().execute(() -> run("send", () -> onSent.onSent(tag, failure)));
    } else if (failure != null) {
      reportError(failure);
    }
  }

  /**
   * Tells the error listener of an error that happened outside any call, or logs it when there
   * is no listener.
   *
   * @param error the error
   */
  void reportError(UdpException error) {
    ErrorListener listener = settings.errorListener();
    if (listener != null) {
      executor().execute(() -> run("error", () -> listener.onError(socket, error)));
    } else {
      LOG.log(Level.WARNING, "net.udp " + socket + ": " + error.getMessage() + " (no error listener is set)");
    }
  }

  /**
   * Runs user code, counting and reporting what it throws.
   *
   * @param what the kind of callback, for the report
   * @param code the user code
   */
  void run(String what, Runnable code) {
    try {
      code.run();
    } catch (Throwable t) {
      callbackFailed(what, t);
    }
  }

  /**
   * Counts and reports a callback that threw. Errors are caught too, and the loop goes on: a
   * {@link StackOverflowError} has unwound by the time it arrives here, an {@link
   * OutOfMemoryError} may pass, and a dead loop would silently stop every socket on it. An
   * application that wants to stop at the first {@code OutOfMemoryError} says so to the JVM
   * ({@code -XX:+ExitOnOutOfMemoryError}), which acts before anything is thrown.
   *
   * @param what the kind of callback
   * @param thrown what it threw
   */
  void callbackFailed(String what, Throwable thrown) {
    tally.callbackFailed();
    failures.report("a " + what + " callback of " + socket + " threw; delivery goes on", thrown);
  }

  /**
   * Reports of one kind for one socket: the first in full, then at most one line per interval
   * saying how many more there were.
   */
  private static final class Reports {
    private final String summary;
    private long lastReport; // System.nanoTime(); guarded by this
    private long unreported; // guarded by this
    private boolean reported; // guarded by this

    Reports(String summary) {
      this.summary = summary;
    }

    void report(String message, Throwable thrown) {
      long now = System.nanoTime();
      long skipped;
      synchronized (this) {
        if (reported && now - lastReport < REPORT_INTERVAL.toNanos()) {
          unreported++;
          return;
        }
        skipped = unreported;
        unreported = 0;
        lastReport = now;
        reported = true;
      }
      if (skipped == 0) {
        LOG.log(Level.WARNING, "net.udp: " + message, thrown);
      } else {
        LOG.log(Level.WARNING, "net.udp: " + message + "; " + skipped + " more " + summary + " since the last report (every "
            + REPORT_INTERVAL.toSeconds() + " s at most): " + thrown);
      }
    }
  }

  /**
   * Hands tasks to a user's executor one at a time, in order. When the executor throws instead of
   * taking a task, the task runs on the event loop. Once retired (its executor replaced), it gives
   * up what still waits and passes later tasks on to whatever runs callbacks now.
   */
  private final class Serial implements Executor {
    private static final int TASKS_PER_TURN = 64;

    private final Executor executor;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
    private boolean scheduled; // guarded by this
    private boolean retired; // guarded by this

    Serial(Executor executor) {
      this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
      if (enqueue(task)) {
        schedule();
      }
    }

    /**
     * Queues a task without running anything: safe under the dispatch's lock (lock order:
     * dispatch, then this). A task that finds this retired (its executor replaced while the task
     * was on its way here) goes to the current one, behind the tasks moved there.
     *
     * @return whether the caller must {@link #schedule()} a drain, outside every lock
     */
    boolean enqueue(Runnable task) {
      boolean forward;
      synchronized (this) {
        forward = retired;
        if (!forward) {
          tasks.add(task);
          if (scheduled) {
            return false;
          }
          scheduled = true;
          return true;
        }
      }
      Dispatch.this.forward(task);
      return false;
    }

    /** Gives up the tasks that wait, in order; later tasks go to the socket's current executor. */
    synchronized List<Runnable> retire() {
      retired = true;
      List<Runnable> waiting = new ArrayList<>(tasks);
      tasks.clear();
      return waiting;
    }

    void schedule() {
      try {
        executor.execute(this::drain);
      } catch (Throwable t) { // RejectedExecutionException, or anything a broken executor throws
        refusals.report("the executor of " + socket + " did not take a callback; it runs on the event loop", t);
        loop.execute(this::drain);
      }
    }

    private void drain() {
      for (int i = 0; i < TASKS_PER_TURN; i++) {
        Runnable task;
        synchronized (this) {
          task = tasks.poll();
          if (task == null) {
            scheduled = false;
            return;
          }
        }
        task.run();
      }
      schedule(); // let other work of the executor run between long bursts
    }
  }
}
