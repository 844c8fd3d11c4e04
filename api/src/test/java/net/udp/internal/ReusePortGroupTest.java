package net.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import net.udp.UdpCounters;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.junit.jupiter.api.Test;

/** A group's counters are its members' summed, counter by counter; the drops only when every member knows its own. */
class ReusePortGroupTest {

  private static UdpSocketInfo member(long n, OptionalLong drops) {
    UdpCounters c = CountersBuilder.of().received(n, 10 * n).truncated(n + 1).dropped(drops).sent(n + 2, 20 * n).sendsFailed(n + 3).callbackFailures(n + 4).build();
    return SocketInfoBuilder.of("test").counters(c).build();
  }

  @Test
  void everyCounterIsSummed() {
    UdpCounters sum = ReusePortGroup.sum(List.of(member(1, OptionalLong.of(3)), member(5, OptionalLong.of(4))));
    assertEquals(CountersBuilder.of().received(6, 60).truncated(8).dropped(OptionalLong.of(7)).sent(10, 120).sendsFailed(12).callbackFailures(14).build(), sum);
  }

  @Test
  void dropsAreUnknownWhenOneMemberCannotTell() {
    UdpCounters sum = ReusePortGroup.sum(List.of(member(1, OptionalLong.of(3)), member(5, OptionalLong.empty())));
    assertEquals(OptionalLong.empty(), sum.datagramsDropped());
    assertEquals(6, sum.datagramsReceived());
  }
}
