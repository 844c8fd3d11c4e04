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
  private long count; // the delivering thread's
  private volatile long target = Long.MAX_VALUE;
  private volatile boolean reached;
  private volatile @Nullable Thread waiter;

  /** Counts one arrival; on the delivering thread. */
  void arrived() {
    if (++count == target) {
      reached = true;
      LockSupport.unpark(waiter);
    }
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
