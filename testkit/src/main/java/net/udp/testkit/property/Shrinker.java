package net.udp.testkit.property;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Shrinks a failing choice sequence: deletes blocks of choices, zeroes them, and lowers single
 * choices, keeping each edit after which the generated value still fails. A sequence is simpler
 * when it is shorter, or as long and smaller at its first difference, so shrinking ends.
 *
 * @param <T> the type of the values
 */
final class Shrinker<T> {
  private static final int[] BLOCKS = {8, 4, 2, 1};

  private final Gen<T> gen;
  private final Property.Check<T> check;
  private final int maxRuns;
  private final long deadline;
  private int runs;
  private int steps;
  private long[] best;
  private T bestValue;
  private Throwable bestFailure;

  /**
   * The smallest failure found.
   *
   * @param <T> the type of the value
   * @param value the value
   * @param failure how it failed
   * @param steps how many edits were kept
   * @param runs how many checks shrinking ran
   */
  record Result<T>(T value, Throwable failure, int steps, int runs) {}

  Shrinker(Gen<T> gen, Property.Check<T> check, int maxRuns, long maxMillis, long[] failing, T value, Throwable failure) {
    this.gen = gen;
    this.check = check;
    this.maxRuns = maxRuns;
    this.deadline = System.nanoTime() + maxMillis * 1_000_000;
    this.best = failing;
    this.bestValue = value;
    this.bestFailure = failure;
  }

  /** Runs a check; the failure, or {@code null} when the value passes. */
  static <T> @Nullable Throwable failure(Property.Check<T> check, T value) {
    try {
      check.check(value);
      return null;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
  }

  Result<T> shrink() {
    boolean improved = true;
    while (improved && budgetLeft()) {
      boolean deleted = deleteBlocks();
      boolean zeroed = zeroBlocks();
      boolean lowered = lowerEach();
      improved = deleted || zeroed || lowered;
    }
    return new Result<>(bestValue, bestFailure, steps, runs);
  }

  private boolean deleteBlocks() {
    boolean improved = false;
    for (int k : BLOCKS) {
      for (int i = 0; i + k <= best.length && budgetLeft(); ) {
        long[] candidate = new long[best.length - k];
        System.arraycopy(best, 0, candidate, 0, i);
        System.arraycopy(best, i + k, candidate, i, best.length - i - k);
        if (accept(candidate)) {
          improved = true; // same i: the next block moved here
        } else {
          i++;
        }
      }
    }
    return improved;
  }

  private boolean zeroBlocks() {
    boolean improved = false;
    for (int k : BLOCKS) {
      for (int i = 0; i + k <= best.length && budgetLeft(); i++) {
        boolean anyNonZero = false;
        for (int j = i; j < i + k; j++) {
          anyNonZero |= best[j] != 0;
        }
        if (anyNonZero) {
          long[] candidate = best.clone();
          Arrays.fill(candidate, i, i + k, 0);
          improved |= accept(candidate);
        }
      }
    }
    return improved;
  }

  private boolean lowerEach() {
    boolean improved = false;
    for (int i = 0; i < best.length && budgetLeft(); i++) {
      if (best[i] == 0) {
        continue;
      }
      // Binary search for the lowest value of choice i that still fails.
      long lo = 0;
      long hi = best[i];
      while (lo < hi && budgetLeft() && i < best.length) {
        long mid = lo + (hi - lo) / 2;
        long[] candidate = best.clone();
        candidate[i] = mid;
        if (accept(candidate)) {
          improved = true;
          hi = i < best.length ? Math.min(mid, best[i]) : 0;
        } else {
          lo = mid + 1;
        }
      }
    }
    return improved;
  }

  /** Replays a candidate; keeps it when it fails and is simpler than the best so far. */
  private boolean accept(long[] candidate) {
    runs++;
    Choices choices = Choices.replay(candidate);
    T value;
    try {
      value = gen.generate(choices);
    } catch (RuntimeException e) {
      return false; // not a valid sequence for this generator
    }
    long[] used = choices.recorded();
    if (!simpler(used, best)) {
      return false;
    }
    Throwable failure = failure(check, value);
    if (failure == null) {
      return false;
    }
    best = used;
    bestValue = value;
    bestFailure = failure;
    steps++;
    return true;
  }

  private boolean budgetLeft() {
    return runs < maxRuns && System.nanoTime() < deadline;
  }

  /** Shortlex order: shorter first, then smaller at the first difference. */
  static boolean simpler(long[] a, long[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    return Arrays.compare(a, b) < 0;
  }
}
