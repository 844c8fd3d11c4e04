package net.udp.nio;

import java.util.Set;
import net.udp.spi.UdpProvider;
import net.udp.testkit.Capability;
import net.udp.testkit.UdpConformance;

/** The nio provider passes every rule, but the one java.nio's DatagramChannel cannot. */
class NioConformanceTest implements UdpConformance {
  @Override
  public UdpProvider provider() {
    return new NioProvider();
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
