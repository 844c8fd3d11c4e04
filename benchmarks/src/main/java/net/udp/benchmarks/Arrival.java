package net.udp.benchmarks;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Hands "n datagrams have arrived" from a delivering thread to the benchmark thread: the
 * delivering thread counts with a plain field and signals only when the target is reached; the
 * benchmark thread parks meanwhile. It does not spin: a spinning thread on the other CPU slows
 * the delivering one by up to 15% on these machines (their two CPUs share a core), and an
 * application would not spin either. Its wake-up is part of the measured time.
 */
final class Arrival {
  private static final java.lang.invoke.VarHandle COUNT;

  static {
    try {
      COUNT = java.lang.invoke.MethodHandles.lookup().findVarHandle(Arrival.class, "count", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private long count; // written by the delivering thread only
  private volatile long target = Long.MAX_VALUE;
  private volatile boolean reached;
  private volatile @Nullable Thread waiter;

  /** Counts one arrival; on the delivering thread. */
  void arrived() {
    long c = count + 1;
    COUNT.setOpaque(this, c); // a plain store, readable by total(): no fence per datagram
    if (c == target) {
      reached = true;
      LockSupport.unpark(waiter);
    }
  }

  /** Everything that arrived so far; any thread. */
  long total() {
    return (long) COUNT.getOpaque(this);
  }

  /** Expects {@code n} more arrivals; call while nothing is delivered. */
  void expect(int n) {
    reached = false;
    waiter = Thread.currentThread();
    target = count + n;
  }

  /** Waits for them, at most {@link Receiver#PATIENCE_NANOS}. */
  void await() {
    long deadline = System.nanoTime() + Receiver.PATIENCE_NANOS;
    while (!reached) {
      LockSupport.parkNanos(this, 100_000_000L);
      if (!reached && System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("datagrams missing after " + Receiver.PATIENCE_NANOS / 1_000_000_000 + " s: the kernel dropped some");
      }
    }
  }
}
