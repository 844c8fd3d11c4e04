package net.udp.provider.socket;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A bounded wait for something another thread is about to do within microseconds: leave a system
 * call, finish deciding whether to deliver a datagram. It spins briefly, then parks in short
 * steps, and gives up (with a warning) after its bound, which only a descheduled or stuck thread
 * can reach.
 */
public final class Spin {
  private Spin() {}

  /**
   * Waits until a condition holds, at most a bound.
   *
   * @param done the condition
   * @param bound the longest wait
   * @param what what is awaited, for the warning when the bound passes
   * @return {@code true} when the condition holds, {@code false} when the bound passed first
   */
  public static boolean until(BooleanSupplier done, Duration bound, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    for (int spins = 0; !done.getAsBoolean(); spins++) {
      if (spins < 100) {
        Thread.onSpinWait();
      } else if (System.nanoTime() - deadline > 0) {
        Dispatch.LOG.log(Level.WARNING, "net.udp: waited " + bound + " for " + what + "; going on without it");
        return false;
      } else {
        LockSupport.parkNanos(10_000);
      }
    }
    return true;
  }

  /**
   * Waits until a condition holds, however long that takes: for a callback to return, which only
   * the callback decides. Parks in growing steps (up to a millisecond), and warns once when the
   * wait passes {@code warnAfter}, naming what it waits for.
   *
   * @param done the condition
   * @param warnAfter when to warn
   * @param what what is awaited, for the warning
   */
  public static void untilDone(BooleanSupplier done, Duration warnAfter, Supplier<String> what) {
    long start = System.nanoTime();
    boolean warned = false;
    for (long step = 1_000; !done.getAsBoolean(); step = Math.min(step * 2, 1_000_000)) {
      LockSupport.parkNanos(step);
      if (!warned && System.nanoTime() - start > warnAfter.toNanos()) {
        warned = true;
        Dispatch.LOG.log(Level.WARNING, "net.udp: waited " + warnAfter.toSeconds() + " s for " + what.get() + "; waiting on");
      }
    }
  }
}
