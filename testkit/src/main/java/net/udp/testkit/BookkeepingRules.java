package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.udp.Datagram;
import net.udp.UdpCounters;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-16: bookkeeping. Every outcome told once and in one place, and counters that count each
 * datagram whichever way it was sent.
 */
public interface BookkeepingRules extends ProviderUnderTest {

  /**
   * Rule UDP-16.1: each send's outcome is told once, in one place: to its callback alone when it
   * has one (never also to the error listener), to the error listener once when it has none and
   * fails, and a success to no listener.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-16.1 each send's outcome is told once, in one place: to its callback alone when it has one, never also to the error listener; a failed send without one to the error listener, once")
  default void udp_16_1_eachOutcomeOnceInOnePlace(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    List<UdpException> heard = new CopyOnWriteArrayList<>();
    UdpSocket socket = rig.socket().setErrorListener((s, e) -> heard.add(e)).listen("127.0.0.1", 0);
    Outcomes outcomes = new Outcomes();
    // Failures of every kind a send can meet, and a success, each with a callback.
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {1})).to(Rig.loopback4(0)).tag(1), outcomes); // the kernel refuses
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {2})).to("no-such-host.invalid", 9).tag(2), outcomes); // no such name
    socket.send(Datagram.of(ByteBuffer.allocate(Rules.MAX_IPV4_PAYLOAD + 1)).to(Rig.loopback4(Rig.port(receiver))).tag(3), outcomes); // too long
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {4})).to(new InetSocketAddress(Rig.LOOPBACK_BROADCAST, 9)).tag(4), outcomes); // no broadcast()
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {5})).to(Rig.loopback4(Rig.port(receiver))).tag(5), outcomes); // sent
    List<Long> failed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Outcomes.Outcome o = outcomes.next();
      if (o.failure() != null) {
        failed.add(o.tag());
      } else {
        assertEquals(5, o.tag(), "the send that succeeded");
      }
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), failed.stream().sorted().toList(), "the sends called back as failed");
    assertEquals(5, inbox.next("the datagram that was sent").payload()[0]);
    assertNull(outcomes.poll(Rig.QUIET), "a send callback ran twice");
    assertEquals(List.of(), messages(heard), "the error listener was told of failures that their callbacks were told of");

    // Without a callback, the failures go to the listener, each once; the success nowhere.
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {6})).to(Rig.loopback4(0)).tag(6), null);
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {7})).to("no-such-host.invalid", 9).tag(7), null);
    socket.send(Datagram.of(ByteBuffer.wrap(new byte[] {8})).to(Rig.loopback4(Rig.port(receiver))).tag(8), null);
    Rig.await("the error listener to hear of two failed sends", () -> heard.size() >= 2);
    assertEquals(8, inbox.next("the datagram sent without a callback").payload()[0]);
    Rig.pause(Rig.QUIET);
    assertEquals(2, heard.size(), "the error listener's reports of two failed sends without callbacks: " + messages(heard));
  }

  /**
   * Rule UDP-16.2: the counters count datagrams, whichever way they were sent: from a plain thread,
   * from a receive callback, in a segmented send (of one group of segments, and of more than 64
   * with the last group short) and in a batch, each datagram once in datagramsSent and its bytes
   * in bytesSent, and each received datagram once on the other side.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-16.2 the counters count each datagram once, whichever way it was sent: from a thread, from a callback, in a segmented send or a batch, on the sending and the receiving side; a send from a callback that the kernel refuses counts as failed")
  default void udp_16_2_countersCountEveryWayOfSending(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket((socket, payload, from) -> {
      for (int i = 0; i < 10; i++) {
        socket.send(Datagram.of(ByteBuffer.allocate(20)).to(to).tag(0), outcomes); // from the callback: 10 × 20 bytes
      }
      // Refused by the kernel (broadcast without broadcast()), among sends that may go together.
      socket.send(Datagram.of(ByteBuffer.allocate(5)).to(new InetSocketAddress("127.255.255.255", 9)).tag(99), outcomes);
    }).listen("127.0.0.1", 0).receive();
    sender.send(Datagram.of(ByteBuffer.allocate(30)).to(to).tag(0), outcomes); // from this thread: 30 bytes
    sender.send(Datagram.of(ByteBuffer.allocate(250)).to(to).segments(100).tag(0), outcomes); // 100 + 100 + 50 bytes
    // More than a kernel's group of 64 segments, the last group short: 129 × 100 + 50 bytes.
    sender.send(Datagram.of(ByteBuffer.allocate(12_950)).to(to).segments(100).tag(0), outcomes);
    net.udp.UdpBatch batch = new net.udp.UdpBatch(3);
    batch.add(ByteBuffer.allocate(7), to, 0, outcomes).add(ByteBuffer.allocate(8), to, 0, outcomes);
    sender.send(batch); // 7 + 8 bytes
    rig.socket().send("go", Rig.loopback4(Rig.port(sender)));
    int refused = 0;
    for (int i = 0; i < 1 + 1 + 1 + 2 + 10 + 1; i++) {
      Outcomes.Outcome o = outcomes.next();
      if (o.tag() == 99) {
        o.failed();
        refused++;
      } else {
        o.succeeded();
      }
    }
    assertEquals(1, refused, "the refused send from the callback was called back once");
    int datagrams = 1 + 3 + 130 + 2 + 10;
    long bytes = 30 + 250 + 12_950 + 15 + 200;
    inbox.next(datagrams, "datagrams");
    // Counters may lag the callbacks a little: wait for the expected values, then compare them.
    long deadline = System.nanoTime() + Rig.patience().toNanos();
    while (System.nanoTime() < deadline && (sender.info().counters().datagramsSent() != datagrams || receiver.info().counters().datagramsReceived() != datagrams)) {
      Rig.pause(java.time.Duration.ofMillis(5));
    }
    Rig.pause(Rig.QUIET);
    UdpCounters sent = sender.info().counters();
    UdpCounters received = receiver.info().counters();
    assertEquals(datagrams, sent.datagramsSent(), "datagramsSent");
    assertEquals(bytes, sent.bytesSent(), "bytesSent");
    assertEquals(1, sent.datagramsReceived(), "datagramsReceived of the sender, which got one datagram");
    assertEquals(datagrams, received.datagramsReceived(), "datagramsReceived");
    assertEquals(bytes, received.bytesReceived(), "bytesReceived");
    assertEquals(1, sent.sendsFailed(), "sendsFailed, after one send from a callback the kernel refused");
  }

  private static List<String> messages(List<UdpException> errors) {
    return errors.stream().map(e -> String.valueOf(e.getMessage())).toList();
  }
}
