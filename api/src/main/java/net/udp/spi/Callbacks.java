package net.udp.spi;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Runs user code: catches and logs what it throws (a callback never stops an event loop), and
 * keeps the callbacks of one socket one at a time and in order on a user's executor.
 */
final class Callbacks {
  static final Logger LOG = System.getLogger("net.udp");

  private Callbacks() {}

  /**
   * Runs user code, logging what it throws.
   *
   * @param what the kind of callback, for the log message
   * @param code the user code
   */
  static void run(String what, Runnable code) {
    try {
      code.run();
    } catch (VirtualMachineError e) {
      throw e;
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
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    Serial(Executor executor, Executor fallback) {
      this.executor = executor;
      this.fallback = fallback;
    }

    Executor executor() {
      return executor;
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

  /**
   * Chooses where a socket's callbacks run.
   *
   * @param serial the socket's serial executor, or {@code null} for the event loop
   * @param loop the socket's event loop
   * @return the executor to use
   */
  static Executor target(@Nullable Serial serial, Executor loop) {
    return serial != null ? serial : loop;
  }
}
