package net.udp.nio;

import java.util.Set;
import net.udp.provider.FreshLoops;
import net.udp.provider.LoopGroup;
import net.udp.spi.UdpProvider;
import net.udp.testkit.Capability;
import net.udp.testkit.UdpConformance;

/**
 * The nio provider passes every rule but those java.nio's DatagramChannel cannot, each rule on
 * loops of its own ({@link FreshLoops} says why). That the shared loops serve rule after rule is
 * shown by the runner's tests, which use the provider as a user does.
 */
class NioConformanceTest implements UdpConformance {
  private static final FreshLoops<NioLoop> LOOPS = new FreshLoops<>(NioProvider::newLoops);

  private final LoopGroup<NioLoop> loops = LOOPS.next();

  @Override
  public UdpProvider provider() {
    return new NioProvider(loops);
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
