package net.udp.testkit.plain;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs one socket's callbacks one at a time, in order: on a thread of its own, or on the user's
 * executor. A task the executor throws on runs on the own thread; replacing the executor hands
 * what waits to the new one. What a callback throws is counted and goes no further. Callbacks
 * never run on the thread that hands them over, which may hold the socket's lock: even a direct
 * executor is called from the own thread.
 */
final class PlainCallbacks {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
  private @Nullable Thread running; // guarded by this: the thread running a task, one at a time
  private final ThreadPoolExecutor own;
  private final AtomicLong failures = new AtomicLong();
  private @Nullable Executor executor; // guarded by this
  private boolean draining; // guarded by this
  private int epoch; // guarded by this: a drainer of an older epoch stops

  PlainCallbacks() {
    own = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "plain-callbacks");
      t.setDaemon(true);
      return t;
    });
    own.allowCoreThreadTimeOut(true);
  }

  void execute(Runnable task) {
    Executor target;
    int current;
    synchronized (this) {
      tasks.add(task);
      if (draining) {
        return;
      }
      draining = true;
      target = executor;
      current = epoch;
    }
    own.execute(() -> schedule(target, current));
  }

  /**
   * Runs a task of its own on the user's executor, beside the others (concurrent receive
   * callbacks); on the own thread when there is none or it refuses.
   */
  void executeAlone(Runnable task) {
    Executor target;
    synchronized (this) {
      target = executor;
    }
    own.execute(() -> {
      if (target != null) {
        try {
          target.execute(() -> run(task));
          return;
        } catch (Throwable t) {
          // refused: it runs here
        }
      }
      run(task);
    });
  }

  void executor(@Nullable Executor replacement) {
    boolean pending;
    int current;
    synchronized (this) {
      executor = replacement;
      current = ++epoch;
      pending = draining;
    }
    if (pending) {
      own.execute(() -> schedule(replacement, current)); // what waited for the old executor goes to the new one
    }
  }

  /** Whether the calling thread is running one of this socket's ordered callbacks. */
  synchronized boolean inCallback() {
    return running == Thread.currentThread();
  }

  boolean hasExecutor() {
    synchronized (this) {
      return executor != null;
    }
  }

  long failures() {
    return failures.get();
  }

  void resetFailures() {
    failures.set(0);
  }

  /** Runs user code, counting what it throws. */
  void run(Runnable code) {
    try {
      code.run();
    } catch (Throwable t) {
      failures.incrementAndGet();
    }
  }

  private void schedule(@Nullable Executor target, int current) {
    Runnable drain = () -> drain(current);
    if (target != null) {
      try {
        target.execute(drain);
        return;
      } catch (Throwable t) {
        // the executor refused or broke: the callback runs here instead
      }
    }
    own.execute(drain);
  }

  private void drain(int current) {
    Thread me = Thread.currentThread();
    while (true) {
      Runnable task;
      synchronized (this) {
        while (running != null && running != me && epoch == current) {
          try {
            wait(10); // the old executor's task still runs: one at a time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (epoch != current) {
          return; // replaced: the new drainer takes over
        }
        task = tasks.poll();
        if (task == null) {
          draining = false;
          return;
        }
        running = me;
      }
      try {
        run(task);
      } finally {
        synchronized (this) {
          running = null;
          notifyAll();
        }
      }
    }
  }
}
