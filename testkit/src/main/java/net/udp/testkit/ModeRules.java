package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
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
   * order, for the next call.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.2 receiveOne() delivers exactly one datagram per call; the others wait, in order, for the next call")
  default void udp_3_2_receiveOneDeliversOnePerCall(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0);
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 3; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))));
    }
    for (int i = 0; i < 3; i++) {
      receiver.receiveOne();
      assertEquals(i, Rules.number(inbox.next("datagram " + i).payload()));
      inbox.expectNothing(Rig.QUIET, "receiveOne delivers one datagram per call");
      assertFalse(receiver.info().receiving(), "after its datagram, a receiveOne socket is paused");
    }
  }

  /**
   * Rule UDP-3.3: after {@code pause()} returns no callback runs; datagrams that arrive meanwhile
   * are kept and delivered in order by the next {@code receive()} .
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.3 after pause() returns no callback runs; datagrams that arrive meanwhile are kept and delivered in order by the next receive()")
  default void udp_3_3_pauseHoldsDatagrams(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    sender.send(Datagram.of(Rules.numbered(0, 8)).to(to));
    inbox.next("the first datagram");
    receiver.pause();
    assertFalse(receiver.info().receiving(), "info().receiving() after pause()");
    for (int i = 1; i <= 5; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
    }
    inbox.expectNothing(Rig.QUIET, "a paused socket delivers nothing");
    receiver.receive();
    Rules.assertInOrder(inbox.next(5, "held datagrams"), 1);
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
    // First a sequence that random ones may miss in fifteen tries: three waiting, then one at a time.
    model.check(List.of(5, 1, 1, 2, 1, 0));
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
    Inbox inbox = new Inbox();
    UdpSocket receiver =
        rig.socket(inbox).setExecutor(rig.executor("rule-executor", 4)).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 200; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 16)).to(Rig.loopback4(Rig.port(receiver))));
    }
    List<Inbox.Datagram> got = inbox.next(200, "datagrams");
    Rules.assertInOrder(got, 0);
    for (Inbox.Datagram d : got) {
      assertTrue(d.thread().startsWith("rule-executor-"), "callback ran on " + d.thread());
    }
    assertEquals(0, inbox.overlaps(), "callbacks of one socket overlapped");
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
  @DisplayName("UDP-3.7 with an executor, send callbacks, onConnected and the error listener run on its threads too, not only receive callbacks")
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

  /**
   * setCallback on a receiving socket: the next datagram goes to the new callback, without another
   * receive(), and none to the old one.
   *
   * @param rig the rule's sockets
   */
  @Test
  @DisplayName("UDP-3.8 setCallback on a receiving socket: the next datagrams go to the new callback, in order, without another receive(), and none to the old one")
  default void udp_3_8_setCallbackWhileReceiving(Rig rig) {
    Inbox first = new Inbox();
    Inbox second = new Inbox();
    UdpSocket receiver = rig.listening(first);
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    for (int i = 0; i < 3; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
    }
    Rules.assertInOrder(first.next(3, "datagrams for the first callback"), 0);
    receiver.setCallback(second);
    for (int i = 3; i < 6; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
    }
    Rules.assertInOrder(second.next(3, "datagrams for the new callback"), 3);
    first.expectNothing(Rig.QUIET, "the old callback gets nothing after setCallback");
    assertTrue(receiver.info().receiving(), "setCallback does not pause a receiving socket");
  }

  /**
   * Rule UDP-3.9: pause() and receiveOne() called while a receive callback runs: each returns
   * without waiting for it; after pause() no other callback begins, after receiveOne() exactly one
   * more; the datagrams held meanwhile arrive by the next receive(), each once, in order.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws InterruptedException if interrupted (a failure)
   */
  @Test
  @DisplayName("UDP-3.9 pause() and receiveOne() called while a callback runs return without waiting for it; after pause() no other callback begins, after receiveOne() exactly one more; what was held arrives by the next receive(), once, in order")
  default void udp_3_9_pauseAndReceiveOneWhileACallbackRuns(Rig rig) throws InterruptedException {
    for (boolean one : new boolean[] {false, true}) {
      String call = one ? "receiveOne()" : "pause()";
      LinkedBlockingQueue<Integer> got = new LinkedBlockingQueue<>();
      java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      UdpSocket receiver = rig.socket((socket, payload, from) -> {
        int n = payload.getInt(payload.position());
        got.add(n);
        if (n == 0) {
          running.countDown();
          try {
            release.await(Rig.patience().toMillis() * 3, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }).setSocketReceiveBuffer(1 << 20).listen("127.0.0.1", 0).receive();
      UdpSocket sender = rig.socket();
      int total = 20;
      for (int i = 0; i < total; i++) {
        sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))));
      }
      assertTrue(running.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS), "the first callback to begin");
      Rig.pause(Rig.QUIET); // the other datagrams reach the socket meanwhile
      java.util.concurrent.CompletableFuture<Void> called = java.util.concurrent.CompletableFuture.runAsync(one ? receiver::receiveOne : receiver::pause);
      try {
        called.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError(call + " called while a callback runs did not return within " + Rig.patience().toSeconds() + " s: it waits for the callback", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError(call + " threw", e.getCause());
      } finally {
        release.countDown();
      }
      assertEquals(0, got.take(), "the callback that was running");
      if (one) {
        Integer next = got.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(Integer.valueOf(1), next, "the one datagram receiveOne() called during a callback delivers after it");
      }
      Integer extra = got.poll(Rig.QUIET.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(null, extra, "a callback began after " + call + " returned" + (one ? " and its one datagram was delivered" : ""));
      receiver.receive();
      int first = one ? 2 : 1;
      for (int i = first; i < total; i++) {
        Integer n = got.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(Integer.valueOf(i), n, "the held datagrams after " + call + ", delivered by receive(), once and in order");
      }
      assertEquals(null, got.poll(Rig.QUIET.toMillis(), TimeUnit.MILLISECONDS), "a datagram delivered twice");
      receiver.close();
    }
  }

  /**
   * Rule UDP-3.10: with concurrent callbacks, each datagram's callback runs beside the others on
   * the executor, with a payload of its own that stays whole after the others arrived; a pause
   * holds what arrives for the next receive, receiveOne hands over one datagram, and close waits
   * for the callbacks under way.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-3.10 with concurrent callbacks, each datagram's callback runs beside the others on the executor, with a payload of its own that stays whole; a pause holds what arrives, receiveOne hands over one, and close waits for those under way")
  default void udp_3_10_concurrentCallbacks(Rig rig) throws Exception {
    int together = 8;
    java.util.concurrent.CyclicBarrier meeting = new java.util.concurrent.CyclicBarrier(together);
    List<String> payloads = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger apart = new AtomicInteger();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(together);
    UdpSocket receiver = rig.socket((s, payload, from) -> {
      try {
        meeting.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS); // all eight at once, or none
      } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
        apart.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      payloads.add(java.nio.charset.StandardCharsets.UTF_8.decode(payload.duplicate()).toString());
      done.countDown();
    }).setExecutor(rig.executor("rule-3-10", together)).setConcurrentCallbacks(true).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < together; i++) {
      sent.add("datagram " + i);
      sender.send("datagram " + i, to);
    }
    // One after the other, the first would wait its patience for the rest: room for that.
    assertTrue(done.await(3 * Rig.patience().toMillis(), TimeUnit.MILLISECONDS), done.getCount() + " of " + together + " callbacks never ran");
    assertEquals(0, apart.get(), apart.get() + " of " + together + " callbacks never met the others: they did not run at once");
    assertEquals(new java.util.TreeSet<>(sent), new java.util.TreeSet<>(payloads), "the payloads, each read after all had arrived");

    Inbox inbox = new Inbox();
    receiver.setCallback(inbox).pause();
    for (int i = 0; i < 3; i++) {
      sender.send("while paused " + i, to);
    }
    inbox.expectNothing(Rig.QUIET, "the socket is paused");
    receiver.receiveOne();
    inbox.next("the one datagram receiveOne hands over");
    inbox.expectNothing(Rig.QUIET, "receiveOne hands over one datagram");
    receiver.receive();
    assertEquals(2, inbox.next(2, "the datagrams held while paused").size());

    AtomicInteger running = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    receiver.setCallback((s, payload, from) -> {
      running.incrementAndGet();
      calls.incrementAndGet();
      Rig.pause(java.time.Duration.ofMillis(50));
      running.decrementAndGet();
    });
    for (int i = 0; i < together; i++) {
      sender.send("slow " + i, to);
    }
    Rig.await("slow callbacks under way", () -> calls.get() > 0);
    receiver.close();
    assertEquals(0, running.get(), "callbacks were still running when close returned (close must wait for them)");

    // Callbacks running at once that each close the socket: none may wait for another.
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(together);
    java.util.concurrent.CyclicBarrier closing = new java.util.concurrent.CyclicBarrier(together);
    receiver.setCallback((s, payload, from) -> {
      try {
        closing.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
        // fewer arrived: they close all the same
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      s.close();
      closed.countDown();
    }).listen("127.0.0.1", 0).receive();
    java.util.concurrent.CompletableFuture<Void> finallyClosed = receiver.closeFuture();
    for (int i = 0; i < together; i++) {
      sender.send("close " + i, Rig.loopback4(Rig.port(receiver)));
    }
    assertTrue(closed.await(3 * Rig.patience().toMillis(), TimeUnit.MILLISECONDS),
        (together - closed.getCount()) + " of " + together + " callbacks that closed their socket at once returned: close waited for the others");
    finallyClosed.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
  }
}
