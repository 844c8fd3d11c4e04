package net.udp.epoll;

import net.udp.spi.UdpProvider;
import net.udp.testkit.UdpConformance;

/** The epoll provider against every conformance rule, as a third party would run them. */
class EpollConformanceTest implements UdpConformance {
  @Override
  public UdpProvider provider() {
    return new EpollProvider();
  }
}
