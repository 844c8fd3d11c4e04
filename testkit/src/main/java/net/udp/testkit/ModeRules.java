package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-3: continuous, one-at-a-time and paused receiving. */
public interface ModeRules extends ProviderUnderTest {

  /**
   * Rule UDP-3.1: {@code receive()} delivers every datagram as it arrives, without further calls.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.1 receive() delivers every datagram as it arrives, without further calls")
  default void udp_3_1_receiveIsContinuous(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 50; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))));
    }
    Rules.assertInOrder(inbox.next(50, "datagrams"), 0);
    assertTrue(receiver.info().receiving());
  }

  /**
   * Rule UDP-3.2: {@code receiveOne()} delivers exactly one datagram per call; the others wait, in
   * order, for the next call, in the operating system's buffer as its Javadoc says: a provider that
   * read them ahead and held them would count them received, and let the kernel take more than the
   * application asked for.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.2 receiveOne() delivers exactly one datagram per call; the others wait, in order, in the operating system's buffer for the next call (read and counted only then)")
  default void udp_3_2_receiveOneDeliversOnePerCall(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0);
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 3; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))));
    }
    Rig.await("the three sends", () -> sender.info().counters().datagramsSent() == 3); // on loopback: in the receiver's buffer
    for (int i = 0; i < 3; i++) {
      receiver.receiveOne();
      assertEquals(i, Rules.number(inbox.next("datagram " + i).payload()));
      inbox.expectNothing(Rig.QUIET, "receiveOne delivers one datagram per call");
      assertEquals(i + 1, receiver.info().counters().datagramsReceived(),
          "datagramsReceived after " + (i + 1) + " receiveOne: the others wait in the operating system's buffer, not read ahead and held");
      assertFalse(receiver.info().receiving(), "after its datagram, a receiveOne socket is paused");
    }
  }

  /**
   * Rule UDP-3.3: after {@code pause()} returns no callback runs; datagrams that arrive meanwhile,
   * or were read and wait for a busy executor, are kept and delivered in order by the next {@code
   * receive()}, with no datagram after them to move them along. While receiveOne's datagram
   * waits for the executor, {@code info().receiving()} says it is armed; once delivered, paused.
   * And receiveOne() on a receiving socket whose executor holds datagrams up hands over the
   * oldest alone, then pauses.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws InterruptedException if interrupted (a failure)
   */
  @Test
  @DisplayName("UDP-3.3 after pause() returns no callback runs; datagrams that arrive meanwhile, or wait for a busy executor, are kept: receiveOne() hands over the oldest (on a receiving socket too, then pauses), the next receive() the rest, in order, and the socket reads on")
  default void udp_3_3_pauseHoldsDatagrams(Rig rig) throws InterruptedException {
    for (boolean busyExecutor : new boolean[] {false, true}) {
      String how = busyExecutor ? " (callbacks on an executor, busy when the pause came)" : "";
      Inbox inbox = new Inbox();
      UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0);
      ExecutorService executor = rig.executor("rule-3-3", 1);
      if (busyExecutor) {
        receiver.setExecutor(executor);
      }
      receiver.receive();
      UdpSocket sender = rig.socket();
      InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
      sender.send(Datagram.of(Rules.numbered(0, 8)).to(to));
      inbox.next("the first datagram" + how);
      CountDownLatch release = new CountDownLatch(1);
      if (busyExecutor) {
        // The datagrams are read while the executor is busy, and wait for it when the pause comes.
        // The task must have begun before they are sent: until then the executor may still be
        // running the task that delivered the first, free to deliver them before the pause.
        release = Rig.occupy(executor);
        for (int i = 1; i <= 5; i++) {
          sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
        }
        Rig.pause(Rig.QUIET);
      }
      receiver.pause();
      assertFalse(receiver.info().receiving(), "info().receiving() after pause()" + how);
      if (!busyExecutor) {
        for (int i = 1; i <= 5; i++) {
          sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
        }
      }
      release.countDown();
      inbox.expectNothing(Rig.QUIET, "a paused socket delivers nothing" + how);
      if (busyExecutor) {
        // Armed, its datagram held and waiting for the executor: receiving, until delivered.
        CountDownLatch again = Rig.occupy(executor);
        receiver.receiveOne();
        assertTrue(receiver.info().receiving(), "info().receiving() after receiveOne(), its datagram held and waiting for the busy executor");
        again.countDown();
      } else {
        receiver.receiveOne();
      }
      assertEquals(1, Rules.number(inbox.next("the first held datagram, by receiveOne()" + how).payload()), "receiveOne() hands over the oldest held datagram" + how);
      inbox.expectNothing(Rules.BRIEF, "receiveOne() hands over one datagram of those held" + how);
      assertFalse(receiver.info().receiving(), "info().receiving() once receiveOne()'s held datagram was delivered" + how);
      receiver.receive();
      Rules.assertInOrder(inbox.next(4, "held datagrams, by receive() alone" + how), 2);
      sender.send(Datagram.of(Rules.numbered(6, 8)).to(to));
      assertEquals(6, Rules.number(inbox.next("a datagram sent after the held ones were delivered" + how).payload()), "the socket reads again");
      if (busyExecutor) {
        // receiveOne() switches a receiving socket to one at a time, its held datagrams too.
        CountDownLatch busy = Rig.occupy(executor);
        for (int i = 7; i <= 9; i++) {
          sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
        }
        Rig.pause(Rig.QUIET);
        receiver.receiveOne();
        busy.countDown();
        assertEquals(7, Rules.number(inbox.next("the oldest datagram held while receiving, by receiveOne()").payload()), "receiveOne() on a receiving socket");
        inbox.expectNothing(Rules.BRIEF, "receiveOne() on a receiving socket whose busy executor held datagrams hands over one of them, then pauses");
        assertFalse(receiver.info().receiving(), "info().receiving() after receiveOne()'s datagram, on a socket that was receiving");
        receiver.receive();
        Rules.assertInOrder(inbox.next(2, "the datagrams still held, by receive()"), 8);
      }
    }
  }

  /**
   * Rule UDP-3.4: any sequence of receive, receiveOne, pause and sends delivers each datagram
   * exactly once, in order, only when the mode allows it.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the fixed sequence fails (an {@link AssertionError}, as the random ones)
   */
  @Test
  @DisplayName("UDP-3.4 any sequence of receive, receiveOne, pause and sends delivers each datagram exactly once, in order, only when the mode allows it")
  default void udp_3_4_anySequenceOfModesLosesNothing(Rig rig) throws Exception {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0);
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    // An operation: 0 receive, 1 receiveOne, 2 pause, 3..5 send that many datagrams minus 2.
    Gen<List<Integer>> operations = Gen.lists(Gen.integers(0, 5), 1, 10);
    Property.Check<List<Integer>> model = ops -> {
      receiver.pause();
      Mode mode = Mode.PAUSED;
      int pending = sent.get() - delivered.get();
      for (int op : ops) {
        switch (op) {
          case 0 -> {
            receiver.receive();
            mode = Mode.CONTINUOUS;
          }
          case 1 -> {
            receiver.receiveOne();
            mode = Mode.ONE;
          }
          case 2 -> {
            receiver.pause();
            mode = Mode.PAUSED;
          }
          default -> {
            for (int i = 0; i < op - 2; i++) {
              sender.send(Datagram.of(Rules.numbered(sent.getAndIncrement(), 8)).to(to));
              pending++;
            }
          }
        }
        int expected = switch (mode) {
          case CONTINUOUS -> pending;
          case ONE -> Math.min(1, pending);
          case PAUSED -> 0;
        };
        for (int i = 0; i < expected; i++) {
          Inbox.Datagram d = inbox.next("datagram " + delivered.get() + " in mode " + mode);
          assertEquals(delivered.getAndIncrement(), Rules.number(d.payload()), "delivered out of order or twice");
          pending--;
        }
        if (mode == Mode.ONE && expected == 1) {
          mode = Mode.PAUSED;
        }
        if (mode != Mode.CONTINUOUS) {
          inbox.expectNothing(Rules.BRIEF, "mode " + mode + " allows no more deliveries");
        }
      }
      receiver.receive();
      for (int i = 0; i < pending; i++) {
        assertEquals(delivered.getAndIncrement(), Rules.number(inbox.next("a held datagram").payload()));
      }
      inbox.expectNothing(Rules.BRIEF, "each datagram is delivered once");
    };
    // First sequences that random ones may miss in fifteen tries: three waiting, then one at a time.
    model.check(List.of(5, 1, 1, 2, 1, 0));
    // And a pause that must disarm a receiveOne() still waiting for its datagram.
    model.check(List.of(1, 2, 3, 2, 0));
    Property.forAll(operations).tries(15).afterFailure(() -> {
      receiver.receive();
      inbox.drain(Rules.BRIEF);
      delivered.set(sent.get());
    }).check(model);
  }

  /** The receive modes, as the model in rule 3.4 tracks them. */
  enum Mode {
    /** Not reading: datagrams wait in the kernel or in the socket. */
    PAUSED,
    /** {@code receive()}: every datagram as it arrives. */
    CONTINUOUS,
    /** {@code receiveOne()}: the next datagram, then paused. */
    ONE
  }

  /**
   * Rule UDP-3.5: with an executor, callbacks run on its threads, one at a time and in order, and
   * the payload handed over stays valid after the call.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.5 with an executor, callbacks run on its threads, one at a time and in order, and the payload handed over stays valid after the call")
  default void udp_3_5_executorRunsCallbacksInOrder(Rig rig) {
    // Each call lasts a little, so that calls a provider let overlap (two drains of one socket at
    // once, say) overlap for long enough to be seen.
    Inbox inbox = Inbox.dwelling(Duration.ofNanos(100_000));
    UdpSocket receiver =
        rig.socket(inbox).setExecutor(rig.executor("rule-executor", 4)).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 200; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 16)).to(Rig.loopback4(Rig.port(receiver))));
    }
    List<Inbox.Datagram> got = inbox.next(200, "datagrams");
    assertEquals(0, inbox.overlaps(), "callbacks of one socket overlapped");
    Rules.assertInOrder(got, 0);
    for (Inbox.Datagram d : got) {
      assertTrue(d.thread().startsWith("rule-executor-"), "callback ran on " + d.thread());
    }
    // Kept past its call, a payload still holds its datagram: the provider handed over a copy of
    // its own, not a buffer it takes back for the next.
    List<java.nio.ByteBuffer> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
    UdpSocket keeper = rig.socket((socket, payload, from) -> kept.add(payload)).setExecutor(rig.executor("rule-keeper", 2))
        .listen("127.0.0.1", 0).receive();
    for (int i = 0; i < 100; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 16)).to(Rig.loopback4(Rig.port(keeper))));
    }
    Rig.await("100 datagrams handed to a callback that keeps each payload", () -> kept.size() == 100);
    for (int i = 0; i < 100; i++) {
      java.nio.ByteBuffer payload = kept.get(i).duplicate();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      org.junit.jupiter.api.Assertions.assertArrayEquals(Rules.numbered(i, 16), bytes, "payload " + i + ", read after its callback returned");
    }
  }

  /**
   * Rule UDP-3.6: without an executor, callbacks run on a provider thread, never the caller's, and
   * the payload is read-only.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.6 without an executor, callbacks run on a provider thread, never the caller's, and the payload is read-only")
  default void udp_3_6_callbacksRunOnTheEventLoop(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    rig.socket().send("x", Rig.loopback4(Rig.port(receiver)));
    Inbox.Datagram d = inbox.next("the datagram");
    assertNotEquals(Thread.currentThread().getName(), d.thread());
    assertTrue(d.readOnly(), "the payload handed to a callback must be read-only");
  }

  /**
   * With an executor, every kind of callback runs on it: send callbacks, onConnected and the error
   * listener, not only receive callbacks.
   *
   * @param rig the rule's sockets
   * @throws Exception if the rule fails
   */
  @Test
  @DisplayName("UDP-3.7 with an executor, send callbacks, onConnected and the error listener run on its threads too, not only receive callbacks; a burst of send callbacks queued while it is busy all run, in order, once it is free")
  default void udp_3_7_executorRunsEveryKindOfCallback(Rig rig) throws Exception {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
    UdpSocket socket = rig.socket().setExecutor(rig.executor("rule-3-7", 2))
        .setErrorListener((s, e) -> calls.add("error listener on " + Thread.currentThread().getName()));
    Outcomes outcomes = new Outcomes();
    socket.send(Datagram.of("by address").to(Rig.loopback4(Rig.port(receiver))).tag(1), outcomes);
    String onSent = outcomes.next().succeeded().thread();
    assertTrue(onSent.startsWith("rule-3-7-"), "a send callback ran on " + onSent);
    socket.send(Datagram.of("by name").to("localhost", Rig.port(receiver)).tag(2), outcomes);
    String onSentByName = outcomes.next().thread();
    assertTrue(onSentByName.startsWith("rule-3-7-"), "the callback of a send to a name ran on " + onSentByName);
    // Send callbacks queued faster than the executor runs them: a burst, while its one thread is
    // busy, all run once it is free, in order, with no send after them to move them along.
    ExecutorService one = rig.executor("rule-3-7-burst", 1);
    UdpSocket bursting = rig.socket().setExecutor(one);
    CountDownLatch release = Rig.occupy(one);
    Outcomes burst = new Outcomes();
    for (int i = 0; i < 300; i++) {
      bursting.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))).tag(i), burst);
    }
    release.countDown();
    for (int i = 0; i < 300; i++) {
      Outcomes.Outcome o = burst.poll(Rig.patience());
      assertNotNull(o, i + " of 300 send callbacks queued on a busy executor ran, then no more");
      assertEquals(i, o.tag(), "send callbacks queued on a busy executor, in the order of the sends");
    }
    UdpSocket connecting = rig.socket().setExecutor(rig.executor("rule-3-7-connect", 1));
    connecting.connect("127.0.0.1", Rig.port(receiver), () -> calls.add("onConnected on " + Thread.currentThread().getName()));
    String connected = calls.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(connected, "onConnected did not run");
    assertTrue(connected.startsWith("onConnected on rule-3-7-connect-"), connected);
    socket.close();
    socket.send("after close", "127.0.0.1", 9); // fails, with no callback: the error listener hears of it
    String error = calls.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(error, "the error listener was not told");
    assertTrue(error.startsWith("error listener on rule-3-7-"), error);
  }
}
