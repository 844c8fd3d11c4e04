package net.udp.testkit.property;

import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A property: a check that must hold for every value of a generator. {@link #check} runs it over
 * a number of generated values; on a failure it shrinks the value to a minimal one that still
 * fails, and throws a {@link PropertyFailure} that gives the seed to replay the run.
 *
 * {@snippet :
 * Property.forAll(Gen.bytes(0, 1200))
 *     .tries(50)
 *     .check(payload -> assertArrayEquals(payload, echo(payload)));
 * }
 *
 * @param <T> the type of the values
 */
public final class Property<T> {
  /** Replays a run: {@code -Dnet.udp.testkit.seed=N}. */
  public static final String SEED_PROPERTY = "net.udp.testkit.seed";

  /** Overrides every property's number of tries: {@code -Dnet.udp.testkit.tries=N}. */
  public static final String TRIES_PROPERTY = "net.udp.testkit.tries";

  /** Bounds every property's shrinking, in checks run: {@code -Dnet.udp.testkit.shrinkRuns=N}. */
  public static final String SHRINK_RUNS_PROPERTY = "net.udp.testkit.shrinkRuns";

  private final Gen<T> gen;
  private int tries = 100;
  private @Nullable Long seed;
  private int shrinkRuns = 500;
  private long shrinkMillis = 30_000;
  private Runnable afterFailure = () -> {};

  private Property(Gen<T> gen) {
    this.gen = gen;
  }

  /**
   * Starts a property over a generator.
   *
   * @param <T> the type of the values
   * @param gen the generator
   * @return the property, with 100 tries
   */
  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(Objects.requireNonNull(gen, "gen"));
  }

  /**
   * Sets the number of values to try; {@code -Dnet.udp.testkit.tries} overrides it.
   *
   * @param count at least 1
   * @return this property
   */
  public Property<T> tries(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("tries must be at least 1: " + count);
    }
    this.tries = count;
    return this;
  }

  /**
   * Fixes the seed; {@code -Dnet.udp.testkit.seed} overrides it. Without either, each run uses a
   * new seed.
   *
   * @param seed the seed
   * @return this property
   */
  public Property<T> seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Bounds shrinking, for properties whose checks are slow.
   *
   * @param runs the most checks shrinking may run
   * @param millis the most time shrinking may take
   * @return this property
   */
  public Property<T> shrinking(int runs, long millis) {
    this.shrinkRuns = runs;
    this.shrinkMillis = millis;
    return this;
  }

  /**
   * Sets what to do after a check fails, before the check runs again while shrinking: clear what
   * the failed run left behind (datagrams that arrived late, say), so that it cannot make a
   * smaller value fail, or pass, for the wrong reason.
   *
   * @param cleanup what to run after each failed check
   * @return this property
   */
  public Property<T> afterFailure(Runnable cleanup) {
    this.afterFailure = Objects.requireNonNull(cleanup, "cleanup");
    return this;
  }

  /**
   * Runs the check over the generated values.
   *
   * @param check the check; it fails by throwing (an assertion or any exception)
   * @throws PropertyFailure when a value fails, with the shrunk value and the seed
   */
  public void check(Check<T> check) {
    Objects.requireNonNull(check, "check");
    Runnable cleanup = afterFailure;
    Check<T> cleaning = value -> {
      try {
        check.check(value);
      } catch (Throwable t) {
        cleanup.run();
        throw t;
      }
    };
    long runSeed = runSeed();
    int count = Integer.getInteger(TRIES_PROPERTY, tries);
    SplittableRandom seeds = new SplittableRandom(runSeed);
    for (int i = 1; i <= count; i++) {
      Choices choices = Choices.random(seeds.nextLong());
      T value = gen.generate(choices);
      Throwable failure = Shrinker.failure(cleaning, value);
      if (failure != null) {
        Shrinker.Result<T> shrunk =
            new Shrinker<>(gen, cleaning, Integer.getInteger(SHRINK_RUNS_PROPERTY, shrinkRuns), shrinkMillis, choices.recorded(), value, failure)
                .shrink();
        throw new PropertyFailure(
            describeFailure(i, count, runSeed, value, shrunk), shrunk.failure(), runSeed, shrunk.value());
      }
    }
  }

  private long runSeed() {
    Long fromProperty = Long.getLong(SEED_PROPERTY);
    if (fromProperty != null) {
      return fromProperty;
    }
    Long fixed = seed;
    return fixed != null ? fixed : new SplittableRandom().nextLong();
  }

  private static String describeFailure(int attempt, int count, long seed, Object original, Shrinker.Result<?> shrunk) {
    return "property failed on try " + attempt + " of " + count + " (seed " + seed + "; replay with -D"
        + SEED_PROPERTY + "=" + seed + ")\n  original: " + Gen.describe(original)
        + "\n  shrunk (" + shrunk.steps() + " steps, " + shrunk.runs() + " runs): " + Gen.describe(shrunk.value())
        + "\n  failure: " + shrunk.failure();
  }

  /**
   * The check of a property.
   *
   * @param <T> the type of the values
   */
  @FunctionalInterface
  public interface Check<T> {
    /**
     * Checks one value.
     *
     * @param value the value
     * @throws Exception (or an {@link AssertionError}) when the value fails
     */
    void check(T value) throws Exception;
  }
}
