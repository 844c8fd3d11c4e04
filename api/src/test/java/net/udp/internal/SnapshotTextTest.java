package net.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalLong;
import net.udp.UdpCounters;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.junit.jupiter.api.Test;

/** What a user sees when printing info() or its counters: the public names, values as people write them. */
class SnapshotTextTest {

  @Test
  void infoPrintsByThePublicNamesWithoutRecordsOrOptionals() {
    UdpCounters counters = CountersBuilder.of().received(3, 15).dropped(OptionalLong.empty()).sent(2, 10).build();
    UdpSocketInfo info = SocketInfoBuilder.of("nio")
        .localAddresses(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000), null, null)
        .timeout(Duration.ofMillis(1500))
        .counters(counters)
        .build();
    String text = info.toString();
    assertTrue(text.startsWith("UdpSocketInfo[provider=nio, closed=true, localAddress=127.0.0.1:9000, connectedAddress=none,"), text);
    assertTrue(text.contains(", timeout=1.5 s,"), text);
    assertTrue(text.contains(", counters=UdpCounters[datagramsReceived=3, bytesReceived=15, datagramsTruncated=0, datagramsDropped=unknown, "
        + "datagramsSent=2, bytesSent=10, sendsFailed=0, callbackFailures=0], multicast=UdpMulticastInfo[networkInterface=default,"), text);
    for (String internal : new String[] {"SocketInfo[", "Counts[", "MulticastRecord[", "Optional"}) {
      assertFalse(text.replace("UdpSocketInfo[", "").contains(internal), internal + " in " + text);
    }
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertEquals("250 ms", SocketInfo.text(Duration.ofMillis(250)));
    assertEquals("1 s", SocketInfo.text(Duration.ofSeconds(1)));
    assertEquals("1.5 s", SocketInfo.text(Duration.ofMillis(1500)));
    assertEquals("90 s", SocketInfo.text(Duration.ofSeconds(90)));
    assertEquals("2 min", SocketInfo.text(Duration.ofMinutes(2)));
    assertEquals("500 µs", SocketInfo.text(Duration.ofNanos(500_000)));
  }
}
