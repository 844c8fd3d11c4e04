package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-11: sustained traffic. */
public interface LoadRules extends ProviderUnderTest {

  /** How many datagrams rule 11.1 sends: {@code -Dnet.udp.testkit.load=N}, 200,000 by default. */
  String LOAD_PROPERTY = "net.udp.testkit.load";

  /**
   * Rule UDP-11.1: a paced stream of 200,000 datagrams arrives with nothing lost, duplicated or
   * corrupted; kernel drops, where reported, are zero.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-11.1 a paced stream of 200,000 datagrams arrives with nothing lost, duplicated or corrupted; kernel drops, where reported, are zero")
  default void udp_11_1_sustainedStreamLosesNothing(Rig rig) {
    int total = Integer.getInteger(LOAD_PROPERTY, 200_000);
    BitSet seen = new BitSet(total);
    AtomicInteger received = new AtomicInteger();
    AtomicReference<@Nullable String> problem = new AtomicReference<>();
    UdpSocket receiver =
        rig.socket((s, payload, from) -> {
          int number = payload.getInt(payload.position());
          long crc = payload.getLong(payload.position() + 4);
          CRC32 check = new CRC32();
          ByteBuffer body = payload.duplicate();
          body.position(body.position() + 12);
          check.update(body);
          if (crc != check.getValue()) {
            problem.compareAndSet(null, "datagram " + number + " is corrupted");
          } else if (number < 0 || number >= total || seen.get(number)) {
            problem.compareAndSet(null, "datagram " + number + " arrived twice or was never sent");
          } else {
            seen.set(number);
          }
          received.incrementAndGet();
        }).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    ByteBuffer datagram = ByteBuffer.allocate(12 + 256);
    long deadline = System.nanoTime() + 120_000_000_000L;
    for (int i = 0; i < total; i++) {
      int sent = i;
      if (sent - received.get() >= Rules.WINDOW * 4) {
        Rig.await("the receiver to keep up (" + sent + " sent, " + received.get() + " received)",
            () -> sent - received.get() < Rules.WINDOW * 4);
      }
      int bodyLength = 4 + (i * 7919) % 240;
      datagram.clear().putInt(i).putLong(0);
      for (int b = 0; b < bodyLength; b++) {
        datagram.put((byte) (i + b * 31));
      }
      CRC32 crc = new CRC32();
      crc.update(datagram.array(), 12, bodyLength);
      datagram.putLong(4, crc.getValue()).flip();
      sender.send(datagram, to);
      assertTrue(System.nanoTime() < deadline, "the stream took more than 120 s");
    }
    Rig.await("all " + total + " datagrams (" + received.get() + " so far)", () -> received.get() >= total);
    Rig.pause(Rig.QUIET);
    assertEquals(null, problem.get());
    assertEquals(total, received.get(), "datagrams received");
    assertEquals(total, seen.cardinality(), "distinct datagrams received");
    receiver.info().counters().datagramsDropped().ifPresent(drops -> assertEquals(0, drops, "kernel drops"));
    assertEquals(total, receiver.info().counters().datagramsReceived());
  }

  /**
   * Rule UDP-11.3: datagrams overflowing a paused socket's kernel buffer are lost whole, the rest
   * arrive intact and in order; where drops are reported, received plus dropped equals sent.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-11.3 datagrams overflowing a paused socket's kernel buffer are lost whole, the rest arrive intact and in order; where drops are reported, received plus dropped equals sent")
  default void udp_11_3_overflowIsCountedWhereReported(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(4096).listen("127.0.0.1", 0); // paused
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    int sent = 200;
    for (int i = 0; i < sent; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 512)).to(to));
    }
    Rig.await("all " + sent + " sends", () -> sender.info().counters().datagramsSent() == sent);
    receiver.receive();
    List<Inbox.Datagram> got = new ArrayList<>();
    for (Inbox.Datagram d = inbox.poll(Rig.QUIET); d != null; d = inbox.poll(Rig.QUIET)) {
      got.add(d);
    }
    assertTrue(got.size() < sent, "a 4 KiB kernel buffer held all " + sent + " datagrams of 512 bytes: nothing overflowed");
    int last = -1;
    for (Inbox.Datagram d : got) {
      int number = Rules.number(d.payload());
      assertTrue(number > last, "datagram " + number + " after " + last + ": duplicated or out of order");
      assertEquals(java.util.Arrays.toString(Rules.numbered(number, 512)), java.util.Arrays.toString(d.payload()), "datagram " + number + " corrupted");
      last = number;
    }
    // One more datagram, now that there is room: it carries the kernel's final drop count.
    sender.send(Datagram.of(Rules.numbered(sent, 512)).to(to));
    assertEquals(sent, Rules.number(inbox.next("the datagram after the overflow").payload()));
    int received = got.size();
    java.util.OptionalLong dropped = receiver.info().counters().datagramsDropped();
    if (!lacks().contains(Capability.KERNEL_DROPS)) {
      assertTrue(dropped.isPresent(), "no drop count is reported; a provider that cannot know it declares it lacks " + Capability.KERNEL_DROPS.id());
    }
    dropped.ifPresent(drops -> assertEquals(sent - received, drops, "kernel drops reported, with " + received + " of " + sent + " received"));
  }

  /**
   * Rule UDP-11.2: three hundred sockets receiving at once each get all of their datagrams.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-11.2 three hundred sockets receiving at once each get all of their datagrams")
  default void udp_11_2_manySocketsAtOnce(Rig rig) {
    List<Inbox> inboxes = new ArrayList<>();
    List<UdpSocket> receivers = new ArrayList<>();
    // More than 64 on each of four loops: where a provider's tables of sockets, sized for fewer,
    // must grow while others are registered.
    int sockets = 300;
    for (int i = 0; i < sockets; i++) {
      Inbox inbox = new Inbox();
      inboxes.add(inbox);
      receivers.add(rig.listening(inbox));
    }
    UdpSocket sender = rig.socket();
    for (int round = 0; round < 20; round++) {
      for (UdpSocket receiver : receivers) {
        sender.send(Datagram.of(Rules.numbered(round, 8)).to(Rig.loopback4(Rig.port(receiver))));
      }
    }
    for (Inbox inbox : inboxes) {
      Rules.assertInOrder(inbox.next(20, "datagrams"), 0);
    }
  }
}
