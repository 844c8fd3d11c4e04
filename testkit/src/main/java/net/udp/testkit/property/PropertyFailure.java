package net.udp.testkit.property;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** A property failed: the message gives the original and shrunk values and the seed. */
public final class PropertyFailure extends AssertionError {
  @Serial private static final long serialVersionUID = 1L;

  /** The seed of the run that failed; kept when the failure is serialized (by a forked test runner, say). */
  private final long seed;

  private final transient @Nullable Object shrunk;

  PropertyFailure(String message, Throwable cause, long seed, @Nullable Object shrunk) {
    super(message, cause);
    this.seed = seed;
    this.shrunk = shrunk;
  }

  /**
   * The seed of the run, for {@code -Dnet.udp.testkit.seed}.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The smallest failing value shrinking found.
   *
   * @return the value
   */
  public @Nullable Object shrunk() {
    return shrunk;
  }
}
