package net.udp.epoll;

import net.udp.provider.FreshLoops;
import net.udp.provider.LoopGroup;
import net.udp.spi.UdpProvider;
import net.udp.testkit.UdpConformance;

/**
 * The epoll provider against every conformance rule, as a third party would run them, each rule
 * on loops of its own ({@link FreshLoops} says why). That the shared loops serve rule after rule
 * is shown by the runner's tests, which use the provider as a user does.
 */
class EpollConformanceTest implements UdpConformance {
  private static final FreshLoops<EpollLoop> LOOPS = new FreshLoops<>(EpollProvider::newLoops);

  private final LoopGroup<EpollLoop> loops = LOOPS.next();

  @Override
  public UdpProvider provider() {
    return new EpollProvider(loops);
  }
}
