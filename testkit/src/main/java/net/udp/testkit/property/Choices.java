package net.udp.testkit.property;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The source every generator draws from: a sequence of choices, each a number in a range. Drawn
 * at random while testing, and recorded; replayed with edits while shrinking. A replayed sequence
 * that runs out gives zeros, the simplest choice, so that deleting choices is always a valid edit.
 */
public final class Choices {
  private static final int MAX_CHOICES = 100_000;

  private final @Nullable SplittableRandom random; // null when replaying
  private final long[] replay;
  private long[] drawn = new long[16];
  private int count;

  private Choices(@Nullable SplittableRandom random, long[] replay) {
    this.random = random;
    this.replay = replay;
  }

  /**
   * Random choices from a seed.
   *
   * @param seed the seed
   * @return a source that draws at random and records what it drew
   */
  public static Choices random(long seed) {
    return new Choices(new SplittableRandom(seed), new long[0]);
  }

  /**
   * Choices replayed from a sequence; each clamped to the range asked for, and zeros after the end.
   *
   * @param sequence the sequence
   * @return a source that replays and records what it gave
   */
  public static Choices replay(long[] sequence) {
    return new Choices(null, sequence.clone());
  }

  /**
   * Draws a number from 0 to {@code max}, inclusive; at random, edges and small numbers come
   * often. Generators map 0 to their simplest value, so that smaller choices shrink to simpler
   * values.
   *
   * @param max the largest number, at least 0
   * @return the choice
   * @throws IllegalArgumentException if {@code max} is negative
   * @throws IllegalStateException if one generation draws more than 100,000 choices
   */
  public long draw(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be at least 0: " + max);
    }
    if (count == MAX_CHOICES) {
      throw new IllegalStateException("a generator drew more than " + MAX_CHOICES + " choices");
    }
    long value;
    SplittableRandom r = random;
    if (r == null) {
      value = count < replay.length ? Math.min(replay[count], max) : 0;
    } else {
      value = biased(r, max);
    }
    if (count == drawn.length) {
      drawn = Arrays.copyOf(drawn, count * 2);
    }
    drawn[count++] = value;
    return value;
  }

  /**
   * A random choice, at the edges more often than chance: 0 (the simplest value), {@code max} and
   * {@code max - 1} (the far edges), and small numbers, one time in sixteen each. The bias lives
   * here, not in the generators, so that every generated value is one choice that shrinks.
   */
  private static long biased(SplittableRandom r, long max) {
    int kind = r.nextInt(16);
    return switch (kind) {
      case 0 -> 0;
      case 1 -> max;
      case 2 -> Math.max(0, max - 1);
      case 3 -> r.nextLong(Math.min(max, 16) + 1);
      default -> max == Long.MAX_VALUE ? r.nextLong() & Long.MAX_VALUE : r.nextLong(max + 1);
    };
  }

  /**
   * The choices drawn so far.
   *
   * @return a copy of the sequence
   */
  long[] recorded() {
    return Arrays.copyOf(drawn, count);
  }
}
