package net.udp.nio;

import net.udp.spi.UdpProvider;
import net.udp.testkit.UdpConformance;

/** The nio provider against every conformance rule, as a third party would run them. */
class NioConformanceTest implements UdpConformance {
  @Override
  public UdpProvider provider() {
    return new NioProvider();
  }
}
