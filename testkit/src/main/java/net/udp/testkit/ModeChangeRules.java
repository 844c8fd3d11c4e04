package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-3, continued: changing the callback and the mode while datagrams flow and callbacks run, and
 * callbacks that run at once.
 */
public interface ModeChangeRules extends ProviderUnderTest {

  /**
   * setCallback on a receiving socket: the next datagram goes to the new callback, without another
   * receive(), and none to the old one. Replaced while datagrams wait for a slow callback, in the
   * kernel or for the executor, each datagram goes to exactly one of the two, in order.
   *
   * @param rig the rule's sockets
   */
  @Test
  @DisplayName("UDP-3.8 setCallback on a receiving socket: the next datagrams go to the new callback, in order, without another receive(), and none to the old one; replaced while datagrams are in flight, on the loop or an executor, each goes to one of them, the old one's first")
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
    for (boolean withExecutor : new boolean[] {false, true}) {
      switchesWhileDatagramsFlow(rig, withExecutor);
    }
  }

  /**
   * The callback replaced while datagrams are in flight: a slow first callback keeps some waiting
   * in the kernel, or for the executor, when setCallback comes. Each datagram goes to one of the
   * two, none is lost or handed to both, and the old callback's all come before the new one's.
   */
  private static void switchesWhileDatagramsFlow(Rig rig, boolean withExecutor) {
    String where = withExecutor ? " (with an executor)" : " (on the event loop)";
    int total = 400;
    Inbox first = Inbox.dwelling(Duration.ofMillis(1));
    Inbox second = new Inbox();
    UdpSocket receiver = rig.socket(first).setExecutor(withExecutor ? rig.executor("slow-callback", 1) : null)
        .setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    for (int i = 0; i < total; i++) {
      int sent = i;
      if (i == total / 4) { // while the old callback runs, with datagrams waiting behind it
        Rig.await("the first callback to be running" + where, first::busy);
        receiver.setCallback(second);
      }
      if (sent - first.count() - second.count() >= Rules.WINDOW) {
        Rig.await("the receiver to catch up with the datagrams sent while setCallback replaced the callback" + where,
            () -> sent - first.count() - second.count() < Rules.WINDOW);
      }
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
    }
    Rig.await("all " + total + " datagrams sent while setCallback replaced the callback" + where, () -> first.count() + second.count() >= total);
    List<Inbox.Datagram> old = first.next(first.count(), "datagrams for the old callback");
    List<Inbox.Datagram> fresh = second.next(second.count(), "datagrams for the new callback");
    assertEquals(total, old.size() + fresh.size(), "datagrams for the two callbacks, of " + total + " sent: each datagram goes to one callback, none"
        + " twice, out of order or not" + where);
    Rules.assertInOrder(old, 0);
    Rules.assertInOrder(fresh, old.size());
    first.expectNothing(Rules.BRIEF, "each datagram goes to one callback, none twice, out of order or not" + where);
    second.expectNothing(Rules.BRIEF, "each datagram goes to one callback, none twice, out of order or not" + where);
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

  /**
   * Rule UDP-3.11: {@code setCallback(null)} on a receiving socket keeps what arrives, as a pause
   * does; the next {@code setCallback} hands it over at once, in order, without another datagram or
   * {@code receive()}.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.11 setCallback(null) on a receiving socket keeps what arrives, as a pause does; the next setCallback hands it over at once, in order, without another datagram or receive()")
  default void udp_3_11_aClearedCallbackLosesNothing(Rig rig) {
    Inbox first = new Inbox();
    UdpSocket receiver = rig.listening(first);
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    sender.send(Datagram.of(Rules.numbered(0, 8)).to(to));
    first.next("the first datagram");
    receiver.setCallback(null);
    for (int i = 1; i <= 5; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(to));
    }
    Rig.pause(Rig.QUIET); // they arrive while no callback is set
    Inbox second = new Inbox();
    receiver.setCallback(second);
    Rules.assertInOrder(second.next(5, "the datagrams that arrived while no callback was set"), 1);
    first.expectNothing(Rig.QUIET, "the cleared callback gets nothing");
  }

  /**
   * Rule UDP-3.12: a socket closed while a datagram waits to be handed over by receiveOne() (it
   * came while no callback was set) opens again paused, as every reopened socket does: the held
   * datagram is gone with the close, and a receiveOne() after the reopen delivers the next
   * datagram to arrive.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-3.12 a socket closed while a datagram waits for receiveOne() opens again paused: the held datagram is gone, and receiveOne() then delivers the next one to arrive")
  default void udp_3_12_aHeldOneShotEndsWithTheClose(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket socket = rig.socket(inbox).listen("127.0.0.1", 0).receiveOne().setCallback(null);
    int port = Rig.port(socket);
    UdpSocket sender = rig.socket();
    sender.send(Datagram.of("held when the socket closed").to(Rig.loopback4(port)));
    // A provider may read it and hold it for receiveOne(), or leave it in the kernel: both end with the close.
    Rig.pause(Rig.QUIET);
    socket.close();
    socket.listen("127.0.0.1", port);
    assertFalse(socket.info().receiving(), "info().receiving() of a socket opened again after a close that found a datagram held for receiveOne()");
    socket.setCallback(inbox);
    inbox.expectNothing(Rig.QUIET, "the datagram held for receiveOne() when the socket closed is gone with the close");
    socket.receiveOne();
    sender.send(Datagram.of("after the reopen").to(Rig.loopback4(port)));
    assertEquals("after the reopen", inbox.next("the datagram receiveOne() hands over after the reopen").text());
    sender.send(Datagram.of("one too many").to(Rig.loopback4(port)));
    inbox.expectNothing(Rig.QUIET, "receiveOne() after the reopen delivers one datagram");
  }
}
