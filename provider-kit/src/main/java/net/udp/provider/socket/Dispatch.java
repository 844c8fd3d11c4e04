package net.udp.provider.socket;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.udp.ErrorListener;
import net.udp.SendCallback;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * Where a socket's callbacks run, and how: on its event loop, or one at a time and in order on the
 * executor the user gave it. User code is always run through {@link #run(String, Runnable)}, which
 * reports what it throws and never lets it through: a callback never stops a loop.
 */
final class Dispatch {
  static final Logger LOG = System.getLogger("net.udp");

  private final UdpSocket socket;
  private final Executor loop;
  private final Settings settings;
  private volatile @Nullable Serial serial;

  Dispatch(UdpSocket socket, Executor loop, Settings settings) {
    this.socket = socket;
    this.loop = loop;
    this.settings = settings;
  }

  /**
   * Sets the user's executor.
   *
   * @param executor the executor, or {@code null} for the event loop
   */
  void executor(@Nullable Executor executor) {
    serial = executor == null ? null : new Serial(executor, loop);
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
   * Runs user code, reporting what it throws. Errors are caught too: a {@link StackOverflowError}
   * has unwound by the time it arrives here, and an {@link OutOfMemoryError} may pass; a dead loop
   * would stop every socket on it, silently. An application that wants to stop at the first
   * {@code OutOfMemoryError} says so to the JVM ({@code -XX:+ExitOnOutOfMemoryError}), which acts
   * before anything is thrown.
   *
   * @param what the kind of callback, for the report
   * @param code the user code
   */
  static void run(String what, Runnable code) {
    try {
      code.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "net.udp: a " + what + " callback threw; delivery goes on", t);
    }
  }

  /**
   * An executor that hands tasks to a user's executor one at a time, in order; when the user's
   * executor refuses a task (it was shut down), the task runs on the fallback instead, so that no
   * send callback is ever lost.
   */
  static final class Serial implements Executor {
    private static final int TASKS_PER_TURN = 64;

    private final Executor executor;
    private final Executor fallback;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
    private boolean scheduled; // guarded by this

    Serial(Executor executor, Executor fallback) {
      this.executor = executor;
      this.fallback = fallback;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        tasks.add(task);
        if (scheduled) {
          return;
        }
        scheduled = true;
      }
      schedule();
    }

    private void schedule() {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        LOG.log(Level.WARNING, "net.udp: the socket's executor refused a callback; running it on the event loop", e);
        fallback.execute(this::drain);
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
