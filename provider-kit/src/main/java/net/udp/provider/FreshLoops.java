package net.udp.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Loop groups for a test class that gives each test loops of its own, the last test's closed when
 * the next one's are made. That assumes the class's tests run one after another, as JUnit runs
 * them by default, each closing its sockets before the next begins (the testkit's rules do); a
 * loop of the last group that does not stop within {@link #STOP_WAIT} fails the next test. A
 * provider's conformance class uses it so
 * that no rule leans on a loop's state from the rule before, and so that PIT, which runs against
 * a mutant only the tests that ran the mutated line, sees every rule run the loops' setup:
 *
 * {@snippet :
 * class MyProviderConformanceTest implements UdpConformance {
 *   private static final FreshLoops<MyLoop> LOOPS = new FreshLoops<>(MyProvider::newLoops);
 *   private final LoopGroup<MyLoop> loops = LOOPS.next(); // one test instance a rule
 *
 *   @Override
 *   public UdpProvider provider() {
 *     return new MyProvider(loops);
 *   }
 * }
 * }
 *
 * @param <L> the provider's loop type
 */
public final class FreshLoops<L extends EventLoop> {
  /** How long {@link #next()} waits for each of the last group's loops to end. */
  public static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Supplier<LoopGroup<L>> make;
  private @Nullable LoopGroup<L> last; // guarded by this

  /**
   * Describes the groups; makes none yet.
   *
   * @param make makes a group, not started, as the provider's shared one is made
   */
  public FreshLoops(Supplier<LoopGroup<L>> make) {
    this.make = Objects.requireNonNull(make, "make");
  }

  /**
   * Closes the group made last, if any, and makes another.
   *
   * @return the new group, not started
   * @throws IllegalStateException if a loop of the last group did not end within {@link
   *     #STOP_WAIT}, or the thread was interrupted while waiting
   */
  public synchronized LoopGroup<L> next() {
    LoopGroup<L> previous = last;
    last = null;
    if (previous != null) {
      try {
        if (!previous.close(STOP_WAIT)) {
          throw new IllegalStateException("a loop of the last group did not stop within " + STOP_WAIT.toSeconds() + " s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the last group's loops", e);
      }
    }
    LoopGroup<L> fresh = Objects.requireNonNull(make.get(), "the group supplier returned null");
    last = fresh;
    return fresh;
  }
}
