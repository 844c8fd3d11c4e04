package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import org.junit.jupiter.api.Test;

/**
 * The two providers together, where one checks what the other cannot check itself: the nio
 * provider sends ECN codepoints through its channel's TOS byte, and only the epoll provider can
 * read them back, so the testkit's UDP-18.5 skips nio, and this test takes its place.
 */
class CrossProviderTest {

  @Test
  void eachDatagramNioSendsCarriesItsEcnAsEpollReadsIt() throws InterruptedException {
    LinkedBlockingQueue<Integer> codepoints = new LinkedBlockingQueue<>();
    List<Integer> sent = List.of(-1, 2, 1, 3, 0, 2, 2, -1, 1);
    try (UdpSocket receiver = Udp.provider("epoll").newSocket(ReceiveCallback.withMetadata((s, payload, from, metadata) -> codepoints.add(metadata.ecn())))
            .setReceiveMetadata(EnumSet.of(UdpMetadata.ECN)).listen(0).receive();
        UdpSocket sender = Udp.provider("nio").newSocket().listen(0)) {
      for (String host : new String[] {"127.0.0.1", "::1"}) {
        Datagram datagram = new Datagram().to(host, receiver.info().localPort());
        for (int codepoint : sent) {
          sender.send(datagram.payload("x").ecn(codepoint));
        }
        for (int codepoint : sent) {
          Integer got = codepoints.poll(10, TimeUnit.SECONDS);
          assertNotNull(got, "a datagram nio sent to " + host + " with ECN " + codepoint + " never arrived");
          assertEquals(Math.max(codepoint, 0), got, "the ECN codepoint epoll read of a datagram nio sent to " + host + " with " + codepoint + ", in " + sent);
        }
      }
    }
  }

  @Test
  void nioRefusesASourceAddressRatherThanIgnoreIt() throws InterruptedException {
    LinkedBlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
    try (UdpSocket sender = Udp.provider("nio").newSocket().listen(0)) {
      InetSocketAddress to = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9);
      sender.send(Datagram.of("x").to(to).from(java.net.InetAddress.getLoopbackAddress()), (tag, failure) -> outcomes.add(String.valueOf(failure)));
      String outcome = outcomes.poll(10, TimeUnit.SECONDS);
      assertNotNull(outcome);
      org.junit.jupiter.api.Assertions.assertTrue(outcome.contains("cannot choose a datagram's source address"), outcome);
    }
  }
}
