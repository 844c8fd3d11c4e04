package net.udp.provider.socket;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

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
}
