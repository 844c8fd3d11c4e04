package net.udp.epoll;

import java.time.Duration;
import net.udp.provider.LoopGroup;
import net.udp.spi.UdpProvider;
import net.udp.testkit.UdpConformance;
import org.jspecify.annotations.Nullable;

/**
 * The epoll provider against every conformance rule, as a third party would run them, each rule
 * on loops of its own. A rule then cannot lean on a loop's state from the rule before, and PIT
 * (scripts/mutation), which runs against a mutant only the rules that ran the mutated code, sees
 * every rule run the loops' setup, not only the first of the run. That the shared loops serve
 * rule after rule is shown by the runner's tests, which use the provider as a user does.
 */
class EpollConformanceTest implements UdpConformance {
  private static @Nullable LoopGroup<EpollLoop> previous; // stopped when the next rule begins, its sockets closed by then

  private final LoopGroup<EpollLoop> loops = freshLoops();

  @Override
  public UdpProvider provider() {
    return new EpollProvider(loops);
  }

  private static synchronized LoopGroup<EpollLoop> freshLoops() {
    LoopGroup<EpollLoop> last = previous;
    if (last != null) {
      try {
        if (!last.close(Duration.ofSeconds(10))) {
          throw new IllegalStateException("the last rule's loops did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the last rule's loops", e);
      }
    }
    LoopGroup<EpollLoop> fresh = EpollProvider.newLoops();
    previous = fresh;
    return fresh;
  }
}
