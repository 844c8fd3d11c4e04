package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.udp.Datagram;
import net.udp.UdpClosedException;
import net.udp.UdpCounters;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-15: pressure. The conditions where event loops go wrong, made through the public API and
 * the operating system: a kernel send buffer that fills ({@link SlowPath}), and a socket flooded
 * beside quiet ones.
 */
public interface PressureRules extends ProviderUnderTest {

  /** Datagrams a pressure rule sends at a full buffer: a fifth of a second on the slow path. */
  int BACKLOG = 200;

  /** Payload size on the slow path: about 1,000 datagrams a second leave at 8 Mbit/s. */
  int SLOW_SIZE = 1000;

  /** The most datagrams a socket holds for an executor that falls behind, as setExecutor promises. */
  int HELD_AT_MOST = 4096;

  /**
   * Rule UDP-15.1: with the kernel's send buffer full, every send (empty ones among them) is
   * either delivered or failed, never called back as sent and lost; the sends waiting for room
   * leave as the kernel makes it, with no further call from the user, whether they were made from
   * a plain thread or from a callback on the provider's thread.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-15.1 with the kernel's send buffer full, sends from a thread and from a callback, empty and ECN-marked ones among them, are each delivered or failed, never called back as sent and lost, and the waiting ones leave as room is made, without another call")
  default void udp_15_1_aFullSendBufferLosesNothing(Rig rig) {
    rig.assumeSlowPath();
    Inbox inbox = new Inbox();
    InetSocketAddress to = SlowPath.receiver(rig, inbox);
    Outcomes outcomes = new Outcomes();
    // Every tenth send carries an ECN codepoint, where the provider can send one: a provider may
    // send those another way (with control messages), and that way must wait for room too.
    boolean ecn = !lacks().contains(Capability.SEND_ECN);
    UdpSocket sender = rig.socket((socket, payload, from) -> {
      for (int i = BACKLOG; i < 2 * BACKLOG; i++) {
        socket.send(pressed(i, to, ecn), outcomes);
      }
    }).setSocketSendBuffer(SlowPath.SEND_BUFFER).setSendQueueCapacity(2 * BACKLOG).listen("127.0.0.1", 0).receive();

    for (int i = 0; i < BACKLOG; i++) {
      sender.send(pressed(i, to, ecn), outcomes);
    }
    SlowPath.expectDelivered(outcomes, inbox, 0, "from a plain thread");
    rig.socket().send("go", Rig.loopback4(Rig.port(sender)));
    SlowPath.expectDelivered(outcomes, inbox, BACKLOG, "from a receive callback");
    UdpCounters counters = sender.info().counters();
    assertEquals(2L * BACKLOG, counters.datagramsSent(), "datagramsSent after " + 2 * BACKLOG + " sends delivered, most of them after waiting");
    assertEquals(0, counters.sendsFailed(), "sendsFailed");
  }

  /**
   * Rule UDP-15.4: close while sends wait for room in a full kernel buffer: each waiting send is
   * called back once, soon, as sent or failed as closed; only those called back as sent arrive;
   * and the counters add up to the sends.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-15.4 close while sends wait at a full kernel buffer: each is called back once, soon, sent or failed as closed; only those called back as sent arrive, and the counters add up")
  default void udp_15_4_closeWithSendsWaiting(Rig rig) {
    rig.assumeSlowPath();
    Inbox inbox = new Inbox();
    InetSocketAddress to = SlowPath.receiver(rig, inbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = SlowPath.sender(rig).setSendQueueCapacity(2 * BACKLOG).listen("127.0.0.1", 0);
    for (int i = 0; i < BACKLOG; i++) {
      sender.send(Datagram.of(ByteBuffer.wrap(Rules.numbered(i, SLOW_SIZE))).to(to).tag(i), outcomes);
    }
    UdpCounters before = sender.info().counters();
    sender.close();
    java.util.Set<Long> sent = new java.util.TreeSet<>();
    int failed = 0;
    for (int i = 0; i < BACKLOG; i++) {
      Outcomes.Outcome o = outcomes.poll(Rig.patience());
      if (o == null) {
        throw new AssertionError(i + " of " + BACKLOG + " sends called back, then none within " + Rig.patience().toSeconds()
            + " s of the close: the sends that waited were not told");
      }
      if (o.failure() == null) {
        sent.add(o.tag());
      } else {
        assertTrue(o.failure() instanceof UdpClosedException, "send " + o.tag() + " failed, but not as closed: " + o.failure());
        failed++;
      }
    }
    assertEquals(null, outcomes.poll(Rules.BRIEF), "a send was called back twice");
    List<Long> arrived = new ArrayList<>(); // a list, sorted: the slow path may reorder, and a datagram sent twice must show
    for (Inbox.Datagram d = inbox.poll(Rig.QUIET); d != null && arrived.size() <= BACKLOG; d = inbox.poll(Rig.QUIET)) {
      arrived.add((long) Rules.number(d.payload()));
    }
    arrived.sort(null);
    assertEquals(List.copyOf(sent), arrived, "the datagrams that arrived are those called back as sent");
    // A provider whose send made the caller wait while the kernel was full has nothing waiting.
    org.junit.jupiter.api.Assumptions.assumeTrue(failed > 0,
        "no send waited when the socket closed (" + before + "): the provider's sends waited for the kernel themselves");
    UdpCounters after = sender.info().counters();
    assertEquals(sent.size(), after.datagramsSent(), "datagramsSent after the close");
    assertEquals(failed, after.sendsFailed(), "sendsFailed after the close");
  }

  /** Send {@code n} of UDP-15.1: its payload, and for every tenth, when {@code ecn}, the codepoint ECT(1). */
  private static Datagram pressed(int n, InetSocketAddress to, boolean ecn) {
    Datagram d = Datagram.of(ByteBuffer.wrap(SlowPath.payload(n))).to(to).tag(n);
    return ecn && n % 10 == 4 ? d.ecn(1) : d;
  }

  /**
   * Rule UDP-15.2: a flooded socket does not starve the provider's other sockets: while one
   * socket's callback cannot keep up with what arrives, datagrams to eight quiet sockets, some on
   * the flooded socket's event loop, each arrive while the flood goes on.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws IOException if the flooding channel cannot be opened (not a failure of the provider)
   */
  @Test
  @DisplayName("UDP-15.2 a flooded socket whose callback cannot keep up does not starve the provider's other sockets: datagrams to eight quiet sockets arrive while the flood goes on")
  default void udp_15_2_aFloodStarvesNoOtherSocket(Rig rig) throws IOException {
    AtomicLong flooded = new AtomicLong();
    UdpSocket target = rig.socket((socket, payload, from) -> {
      flooded.incrementAndGet();
      LockSupport.parkNanos(20_000); // slower than the flood: the kernel always has more for it
    }).listen("127.0.0.1", 0).receive();
    List<Inbox> inboxes = new ArrayList<>();
    List<UdpSocket> quiet = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Inbox inbox = new Inbox();
      inboxes.add(inbox);
      quiet.add(rig.listening(inbox));
    }
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicLong floodSent = new AtomicLong();
    // Bounded by far more than the rule's waits, the first of which (a patience) catches starvation.
    Thread flood = new Thread(() -> Rules.flood(Rig.loopback4(Rig.port(target)), flooding::get, floodSent, Rig.patience().multipliedBy(30)), "udp-15.2-flood");
    flood.setDaemon(true);
    flood.start();
    try (DatagramChannel poker = DatagramChannel.open()) {
      Rig.await("the flood to reach its socket", () -> flooded.get() > 100);
      for (int round = 0; round < 3; round++) {
        for (UdpSocket q : quiet) {
          poker.send(ByteBuffer.wrap(new byte[] {(byte) round}), Rig.loopback4(Rig.port(q)));
        }
        for (int i = 0; i < quiet.size(); i++) {
          Inbox.Datagram d = inboxes.get(i).poll(Rig.patience());
          if (d == null) {
            throw new AssertionError("round " + round + ": a datagram to quiet socket " + i + " did not arrive within " + Rig.patience().toSeconds()
                + " s while another socket was flooded (" + flooded.get() + " flood datagrams delivered): the flooded socket starves the others");
          }
          assertEquals(round, d.payload()[0], "round of the datagram at quiet socket " + i);
        }
      }
      assertTrue(flood.isAlive(), "the flood ended before the quiet sockets were checked");
    } finally {
      flooding.set(false);
      try {
        flood.join(Rig.patience().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Rule UDP-15.6: a socket whose callbacks fall far behind catches up. While its callback
   * executor is held up, datagrams keep coming: the provider reads them until it holds as many as
   * it will, at most {@link #HELD_AT_MOST} (its counter of datagrams received stops growing), and
   * more wait in the kernel. Once
   * the executor runs again, every one of them arrives, in order: the provider goes back to
   * reading as its callbacks make room, with no further datagram or call to wake it.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception if the sending channel fails (not a failure of the provider)
   */
  @Test
  @DisplayName("UDP-15.6 a socket whose callback executor is held up holds at most 4,096 datagrams for it and leaves the rest in the kernel; it delivers every datagram in order once the executor runs again")
  default void udp_15_6_aCallbackFarBehindCatchesUp(Rig rig) throws Exception {
    Inbox inbox = new Inbox();
    java.util.concurrent.ExecutorService executor = rig.executor("udp-15.6", 1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    executor.execute(() -> {
      try {
        release.await(); // holds up every callback behind it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    UdpSocket receiver = rig.socket(inbox).setExecutor(executor).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    int sent = 0;
    try (DatagramChannel sender = DatagramChannel.open()) {
      // In rounds, while the provider reads all of each (bounded: a provider that holds without
      // limit fails at 20,000); then a few more, which wait in the kernel.
      boolean reading = true;
      while (reading && sent < 20_000) {
        for (int i = 0; i < 64; i++, sent++) {
          sender.send(ByteBuffer.wrap(Rules.numbered(sent, 8)), to);
        }
        long deadline = System.nanoTime() + Rules.BRIEF.toNanos() * 10;
        while (receiver.info().counters().datagramsReceived() < sent && System.nanoTime() < deadline) {
          LockSupport.parkNanos(1_000_000);
        }
        reading = receiver.info().counters().datagramsReceived() >= sent;
      }
      long held = receiver.info().counters().datagramsReceived();
      assertFalse(reading, "a socket whose executor was held up read all " + sent + " datagrams sent to it: it holds them without bound, where it"
          + " should hold at most " + HELD_AT_MOST + " and leave the rest in the kernel's buffer");
      assertTrue(held <= HELD_AT_MOST, "a socket whose executor was held up holds " + held + " datagrams, more than " + HELD_AT_MOST);
      for (int i = 0; i < 64; i++, sent++) {
        sender.send(ByteBuffer.wrap(Rules.numbered(sent, 8)), to);
      }
    } finally {
      release.countDown();
    }
    List<Inbox.Datagram> got = inbox.next(sent, "datagrams (" + receiver.info().counters().datagramsReceived()
        + " of them read while the executor was held up) once it ran again");
    for (int i = 0; i < sent; i++) {
      assertArrayEquals(Rules.numbered(i, 8), got.get(i).payload(), "datagram " + i + " of " + sent);
    }
  }
}
