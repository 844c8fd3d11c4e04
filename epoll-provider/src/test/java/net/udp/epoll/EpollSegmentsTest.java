package net.udp.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Segmentation offload, which the rules cannot see (they see only the datagrams): the epoll
 * provider hands segments to the kernel in one call where it can, says so in info(), and where a
 * route refuses a segment size it sends the datagrams one by one instead, the same datagrams.
 */
class EpollSegmentsTest {
  private final List<UdpSocket> sockets = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    sockets.forEach(UdpSocket::close);
  }

  private UdpSocket socket(LinkedBlockingQueue<byte[]> inbox) {
    UdpSocket s = new EpollProvider().newSocket((socket, payload, from) -> {
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      inbox.add(bytes);
    });
    sockets.add(s);
    return s;
  }

  private static byte[] numbered(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 7 + i / 251);
    }
    return bytes;
  }

  private static void assertArrive(LinkedBlockingQueue<byte[]> inbox, byte[] sent, int segment) throws InterruptedException {
    for (int at = 0; at < sent.length; at += segment) {
      byte[] got = inbox.poll(5, TimeUnit.SECONDS);
      assertArrayEquals(Arrays.copyOfRange(sent, at, Math.min(sent.length, at + segment)), got, "the datagram at " + at);
    }
    assertNull(inbox.poll(200, TimeUnit.MILLISECONDS), "no datagram beyond the buffer's");
  }

  @Test
  void segmentsGoToTheKernelAtOnceOnLoopback() throws Exception {
    LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    UdpSocket receiver = socket(inbox).setSocketReceiveBuffer(1 << 23).listen("127.0.0.1", 0).receive();
    UdpSocket sender = socket(new LinkedBlockingQueue<>()).listen("127.0.0.1", 0);
    assertTrue(sender.info().segmentationOffload(), "offload on an epoll socket before any segmented send");
    byte[] sent = numbered(1200 * 130 + 17); // three calls of at most 54 segments, then a short one
    CompletableFuture<UdpException> outcome = new CompletableFuture<>();
    sender.send(Datagram.of(ByteBuffer.wrap(sent)).to(new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), receiver.info().localPort())).segments(1200).tag(1), (tag, failure) -> outcome.complete(failure));
    assertNull(outcome.get(5, TimeUnit.SECONDS));
    assertArrive(inbox, sent, 1200);
    assertEquals(131, sender.info().counters().datagramsSent(), "each segment is counted as a datagram");
    assertEquals(sent.length, sender.info().counters().bytesSent());
    assertTrue(sender.info().segmentationOffload(), "offload still on");
  }

  @Test
  void aSegmentSizeTheRouteRefusesGoesOneByOne() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(System.getenv("NET_UDP_IN_NETNS")), "needs the veth pair of the tests' namespace (scripts/netns-java)");
    LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    UdpSocket receiver = socket(inbox).listen("10.9.0.2", 0).receive();
    UdpSocket sender = socket(new LinkedBlockingQueue<>()).listen("10.9.0.1", 0);
    byte[] sent = numbered(1480 * 3 + 40); // 1480 + 28 bytes of headers: more than mc0's MTU of 1500, so the kernel refuses GSO
    CompletableFuture<UdpException> outcome = new CompletableFuture<>();
    sender.send(Datagram.of(ByteBuffer.wrap(sent)).to(new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {10, 9, 0, 2}), receiver.info().localPort())).segments(1480).tag(1), (tag, failure) -> outcome.complete(failure));
    assertNull(outcome.get(5, TimeUnit.SECONDS));
    assertArrive(inbox, sent, 1480); // fragmented on the way, whole on arrival
    assertTrue(sender.info().segmentationOffload(), "a size refused once does not turn offload off");
    assertFalse(sender.info().counters().sendsFailed() > 0);
  }

  @Test
  void withReceiveOffloadTheKernelCoalescesAndEachDatagramArrivesAlone() throws Exception {
    LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    UdpSocket receiver = socket(inbox).setReceiveOffload(true).setSocketReceiveBuffer(1 << 23).listen("127.0.0.1", 0);
    assertTrue(receiver.info().receiveOffload(), "asked for before listen, on once open");
    UdpSocket sender = socket(new LinkedBlockingQueue<>()).listen("127.0.0.1", 0);
    assertFalse(sender.info().receiveOffload(), "off unless asked for");
    byte[] sent = numbered(1200 * 64 + 100);
    long before = EpollReads.COALESCED_READS.sum();
    CompletableFuture<UdpException> outcome = new CompletableFuture<>();
    // Sent while the receiver is not reading, so the kernel holds the segments as they came: coalesced.
    sender.send(Datagram.of(ByteBuffer.wrap(sent)).to(new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), receiver.info().localPort())).segments(1200).tag(1), (tag, failure) -> outcome.complete(failure));
    assertNull(outcome.get(5, TimeUnit.SECONDS));
    receiver.receive();
    assertArrive(inbox, sent, 1200);
    assertTrue(EpollReads.COALESCED_READS.sum() > before, "no read held more than one datagram");
    assertEquals(65, receiver.info().counters().datagramsReceived(), "each coalesced datagram is counted");
    receiver.setReceiveOffload(false);
    assertFalse(receiver.info().receiveOffload(), "turned off on the open socket");
  }
}
