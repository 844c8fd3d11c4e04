package net.udp.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One event loop: a platform daemon thread that owns a {@link Selector}, runs the tasks other
 * threads hand it, and serves the sockets registered with it.
 *
 * <p>Ready keys are collected during {@code select} and served after it returns, so that a
 * callback may close a socket and the loop can flush the selector at once (a closed channel keeps
 * its port until its key is deregistered by a select).
 */
final class NioLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("net.udp");

  /** Big enough for the largest UDP datagram plus one byte, which reveals truncation. */
  static final int READ_BUFFER_SIZE = 65_536;

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  private final ByteBuffer readView = readBuffer.asReadOnlyBuffer();
  private final Consumer<SelectionKey> collect = this::collect;
  private SelectionKey[] ready = new SelectionKey[64];
  private int readyCount;

  NioLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for " + name, e);
    }
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** The loop's read buffer: one datagram at a time, reused. Loop thread only. */
  ByteBuffer readBuffer() {
    return readBuffer;
  }

  /** A read-only view of {@link #readBuffer()}, handed to callbacks. Loop thread only. */
  ByteBuffer readView() {
    return readView;
  }

  /**
   * Runs a task on the loop, later, never inside this call.
   *
   * @param task the task
   */
  void execute(Runnable task) {
    tasks.add(task);
    if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /**
   * Deregisters cancelled keys now, so that their channels' descriptors close. Loop thread only,
   * outside a select (which is where tasks and socket handlers run).
   */
  void flushCancelledKeys() {
    try {
      selector.selectNow(NioLoop::ignore); // level-triggered: readiness it swallows is reported again
    } catch (IOException e) {
      LOG.log(Level.WARNING, "net.udp: selectNow failed on " + thread.getName(), e);
    }
  }

  @Override
  public void run() {
    while (true) {
      try {
        runTasks();
        wakeupPending.set(false);
        readyCount = 0;
        if (tasks.isEmpty()) {
          selector.select(collect);
        } else {
          selector.selectNow(collect);
        }
        serveReady();
      } catch (Throwable t) {
        // Never let the loop die: every socket on it would stop. Callbacks catch their own.
        LOG.log(Level.ERROR, "net.udp: unexpected failure in " + thread.getName() + "; the loop goes on", t);
        if (t instanceof VirtualMachineError e) {
          throw e;
        }
      }
    }
  }

  private static void ignore(SelectionKey key) {}

  private void collect(SelectionKey key) {
    if (readyCount == ready.length) {
      ready = Arrays.copyOf(ready, ready.length * 2);
    }
    ready[readyCount++] = key;
  }

  private void serveReady() {
    for (int i = 0; i < readyCount; i++) {
      SelectionKey key = ready[i];
      ready[i] = null;
      try {
        if (key.isValid()) {
          ((NioUdpSocket) key.attachment()).serve(key.readyOps());
        }
      } catch (CancelledKeyException e) {
        // closed by a callback while being served: nothing more to do for it
      }
    }
    readyCount = 0;
  }

  private void runTasks() {
    // Bounded, so that tasks posted by tasks cannot starve the sockets.
    for (int budget = 1024; budget > 0; budget--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "net.udp: a task failed on " + thread.getName(), e);
      }
    }
  }
}
