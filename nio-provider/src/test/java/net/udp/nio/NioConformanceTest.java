package net.udp.nio;

import java.time.Duration;
import java.util.Set;
import net.udp.provider.LoopGroup;
import net.udp.spi.UdpProvider;
import net.udp.testkit.Capability;
import net.udp.testkit.UdpConformance;
import org.jspecify.annotations.Nullable;

/**
 * The nio provider passes every rule but those java.nio's DatagramChannel cannot, each rule on
 * loops of its own. A rule then cannot lean on a loop's state from the rule before, and PIT
 * (scripts/mutation), which runs against a mutant only the rules that ran the mutated code, sees
 * every rule run the loops' setup, not only the first of the run. That the shared loops serve
 * rule after rule is shown by the runner's tests, which use the provider as a user does.
 */
class NioConformanceTest implements UdpConformance {
  private static @Nullable LoopGroup<NioLoop> previous; // stopped when the next rule begins, its sockets closed by then

  private final LoopGroup<NioLoop> loops = freshLoops();

  @Override
  public UdpProvider provider() {
    return new NioProvider(loops);
  }

  private static synchronized LoopGroup<NioLoop> freshLoops() {
    LoopGroup<NioLoop> last = previous;
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
    LoopGroup<NioLoop> fresh = NioProvider.newLoops();
    previous = fresh;
    return fresh;
  }

  @Override
  public Set<Capability> lacks() {
    // A connected DatagramChannel writes nothing for an empty buffer, hands over and takes no
    // control messages, and cannot read the path MTU.
    boolean linux = System.getProperty("os.name", "").startsWith("Linux"); // ECN through the channel's TOS byte
    return linux
        ? Set.of(Capability.EMPTY_WHEN_CONNECTED, Capability.RECEIVE_METADATA, Capability.PATH_MTU, Capability.SEND_SOURCE)
        : Set.of(Capability.EMPTY_WHEN_CONNECTED, Capability.RECEIVE_METADATA, Capability.PATH_MTU, Capability.SEND_SOURCE, Capability.SEND_ECN);
  }
}
