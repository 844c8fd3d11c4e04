package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-12: nothing a user does to one socket stops it, or another. */
public interface RobustnessRules extends ProviderUnderTest {

  /**
   * Rule UDP-12.2: an executor that throws instead of taking a task: every receive and send
   * callback still runs, once, and send never throws.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.2 an executor that throws instead of taking a task: every receive and send callback still runs, once, and send never throws")
  default void udp_12_2_aThrowingExecutorLosesNoCallback(Rig rig) {
    Executor broken = task -> {
      throw new IllegalStateException("executor broken (expected by rule UDP-12.2)");
    };
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setExecutor(broken).listen("127.0.0.1", 0).receive();
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket().setExecutor(broken);
    for (int i = 0; i < 20; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))).tag(i), outcomes);
    }
    for (int i = 0; i < 20; i++) {
      assertEquals(i, outcomes.next().succeeded().tag());
    }
    assertNull(outcomes.poll(Rules.BRIEF), "a send callback ran twice");
    Rules.assertInOrder(inbox.next(20, "datagrams"), 0);
    inbox.expectNothing(Rules.BRIEF, "each datagram is delivered once");
  }

  /**
   * Rule UDP-12.3: an executor that silently drops what it is given: once it is replaced, every
   * held datagram and every waiting send callback is delivered, in order. And callbacks moved from
   * an executor that was only busy run once: not again on it once it is free.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.3 an executor that silently drops what it is given: once it is replaced, every held datagram and every waiting send callback is delivered, in order; those moved from a busy executor run once, not again when it is free")
  default void udp_12_3_replacingADroppingExecutorRecovers(Rig rig) {
    Executor dropping = task -> {};
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setExecutor(dropping).listen("127.0.0.1", 0).receive();
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket().setExecutor(dropping);
    for (int i = 0; i < 10; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))).tag(i), outcomes);
    }
    Rig.await("ten datagrams counted as received", () -> receiver.info().counters().datagramsReceived() == 10);
    assertNull(outcomes.poll(Rules.BRIEF), "a callback ran although the executor dropped every task");
    inbox.expectNothing(Rules.BRIEF, "the executor dropped every task");
    receiver.setExecutor(rig.executor("replacement", 1));
    sender.setExecutor(null);
    Rules.assertInOrder(inbox.next(10, "held datagrams after the executor was replaced"), 0);
    for (int i = 0; i < 10; i++) {
      assertEquals(i, outcomes.next().succeeded().tag());
    }
    for (int i = 10; i < 15; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))).tag(i), outcomes);
    }
    Rules.assertInOrder(inbox.next(5, "datagrams after the replacement"), 10);
    for (int i = 10; i < 15; i++) {
      assertEquals(i, outcomes.next().succeeded().tag());
    }

    // An executor that is only busy keeps its queue: what moved to the new one must not run again
    // on the old one once it is free.
    java.util.concurrent.ExecutorService busy = rig.executor("busy", 1);
    receiver.setExecutor(busy);
    sender.setExecutor(busy);
    java.util.concurrent.CountDownLatch release = Rig.occupy(busy);
    for (int i = 15; i < 20; i++) {
      sender.send(Datagram.of(Rules.numbered(i, 8)).to(Rig.loopback4(Rig.port(receiver))).tag(i), outcomes);
    }
    Rig.await("five more datagrams counted as received", () -> receiver.info().counters().datagramsReceived() == 20);
    receiver.setExecutor(rig.executor("after-busy", 1));
    sender.setExecutor(null);
    Rules.assertInOrder(inbox.next(5, "datagrams that waited for a busy executor, once it was replaced"), 15);
    for (int i = 15; i < 20; i++) {
      assertEquals(i, outcomes.next().succeeded().tag(), "the send callbacks that waited for a busy executor, once it was replaced");
    }
    release.countDown();
    inbox.expectNothing(Rig.QUIET, "callbacks moved from a busy executor ran again on it once it was free");
    assertNull(outcomes.poll(Rules.BRIEF), "send callbacks moved from a busy executor ran again on it once it was free");
  }

  /**
   * Rule UDP-12.4: no datagram that reached a socket before it was closed reaches it after it is
   * opened again, even when the close came while datagrams were being delivered.
   *
   * <p>It opens again on a new port: nothing sent to the old one can then reach the socket but
   * through the provider. (On the same port, a datagram still in the loopback device's backlog at
   * the close would rightly reach the new socket.)
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.4 no datagram that reached a socket before it was closed reaches it after it is opened again, even when the close came while datagrams were being delivered")
  default void udp_12_4_noDatagramOutlivesItsSocket(Rig rig) {
    // Deterministic: the executor holds the delivery task until the socket was closed and opened again.
    List<Runnable> heldBack = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger stale = new AtomicInteger();
    UdpSocket held = rig.socket((s, payload, from) -> stale.incrementAndGet()).setExecutor(heldBack::add).listen("127.0.0.1", 0).receive();
    rig.socket().send("before the close", Rig.loopback4(Rig.port(held)));
    Rig.await("the delivery to reach the executor", () -> !heldBack.isEmpty());
    held.close();
    held.listen("127.0.0.1", 0).receive();
    heldBack.forEach(Runnable::run);
    assertEquals(0, stale.get(), "a datagram that reached the socket before close was delivered after it was opened again");
    // Under load: closes that come in the middle of a batch.
    AtomicInteger old = new AtomicInteger();
    Inbox after = new Inbox();
    UdpSocket socket = rig.socket((s, payload, from) -> {
      if (payload.remaining() >= 4 && payload.getInt(payload.position()) < 1000) {
        old.incrementAndGet();
        Rig.pause(java.time.Duration.ofMillis(1)); // slow, so that the close comes in the middle of a batch
      } else {
        after.onReceive(s, payload, from);
      }
    }).setSocketReceiveBuffer(1 << 20).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    for (int cycle = 0; cycle < 5; cycle++) {
      int port = Rig.port(socket);
      int before = old.get();
      for (int i = 0; i < 200; i++) {
        sender.send(Datagram.of(Rules.numbered(i, 32)).to(Rig.loopback4(port)));
      }
      Rig.await("some datagrams to be delivered in cycle " + cycle, () -> old.get() >= before + 5);
      socket.close();
      int atClose = old.get();
      socket.listen("127.0.0.1", 0).receive();
      for (int i = 1000; i < 1005; i++) {
        sender.send(Datagram.of(Rules.numbered(i, 32)).to(Rig.loopback4(Rig.port(socket))));
      }
      Rules.assertInOrder(after.next(5, "datagrams sent after the socket was opened again (cycle " + cycle + ")"), 1000);
      after.expectNothing(Rules.BRIEF, "only datagrams sent after the reopen arrive (cycle " + cycle + ")");
      // The one callback already called when close was called may begin after it returned.
      assertTrue(old.get() - atClose <= 1, (old.get() - atClose) + " datagrams of the closed socket were delivered after close returned (cycle " + cycle + ")");
    }
  }

  /**
   * Rule UDP-12.5: with an executor, no receive callback runs once close returns, while datagrams
   * flood in (a hundred closes, each while a callback of a millisecond may run), and a task the
   * executor holds back until after the close delivers nothing.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-12.5 with an executor, no receive callback runs or begins once close returns, while datagrams flood in (a hundred closes), and a task the executor holds back until after the close delivers nothing")
  default void udp_12_5_noCallbackAfterCloseWithAnExecutor(Rig rig) throws Exception {
    // Deterministic: the executor holds the delivery task until the socket is closed.
    List<Runnable> heldBack = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger lateCalls = new AtomicInteger();
    UdpSocket held = rig.socket((s, p, from) -> lateCalls.incrementAndGet()).setExecutor(heldBack::add)
        .listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    sender.send("x", Rig.loopback4(Rig.port(held)));
    Rig.await("the delivery to reach the executor", () -> !heldBack.isEmpty());
    held.close();
    heldBack.forEach(Runnable::run);
    assertEquals(0, lateCalls.get(), "a receive callback ran for a socket closed before its executor ran the task");
    // Under load: every close, checked by the callback itself.
    java.util.concurrent.ExecutorService pool = rig.executor("rule-12-5", 2);
    // Read by the flood's thread: the socket's address in this cycle, null before the first.
    java.util.concurrent.atomic.AtomicReference<@org.jspecify.annotations.Nullable InetSocketAddress> to = new java.util.concurrent.atomic.AtomicReference<>();
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger afterClose = new AtomicInteger();
    int worst = 0;
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    int runningAtReturn = 0;
    UdpSocket socket = rig.socket((s, p, from) -> {
      if (closed.get()) {
        afterClose.incrementAndGet();
      }
      running.incrementAndGet();
      calls.incrementAndGet();
      Rig.pause(java.time.Duration.ofMillis(1));
      running.decrementAndGet();
    }).setExecutor(pool);
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.ExecutorService flood = rig.executor("rule-12-5-flood", 1);
    flood.execute(() -> {
      UdpSocket s = rig.socket();
      long deadline = System.nanoTime() + Rig.patience().multipliedBy(20).toNanos();
      for (int i = 0; i < 2_000_000 && !stop.get() && System.nanoTime() < deadline; ) {
        InetSocketAddress target = to.get();
        if (target == null) {
          Rig.pause(java.time.Duration.ofMillis(1)); // the first socket is not open yet: waiting spends no datagram
        } else {
          i++;
          try {
            s.whenWritable().get(Rig.patience().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS); // as fast as taken, none refused
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          s.send("flood", target);
        }
      }
    });
    try {
      for (int cycle = 0; cycle < 100; cycle++) {
        closed.set(false);
        socket.listen("127.0.0.1", 0).receive();
        to.set(Rig.loopback4(Rig.port(socket)));
        int before = calls.get();
        Rig.await("datagrams to flow in cycle " + cycle, () -> calls.get() > before + 2);
        afterClose.set(0);
        socket.close();
        runningAtReturn = Math.max(runningAtReturn, running.get());
        closed.set(true);
        Rig.pause(java.time.Duration.ofMillis(2));
        worst = Math.max(worst, afterClose.get());
      }
    } finally {
      stop.set(true);
    }
    assertEquals(0, runningAtReturn, "a receive callback was still running when close returned (close must wait for it)");
    assertEquals(0, worst, "receive callbacks began after a close returned");
  }

  /**
   * Rule UDP-12.6: twenty thousand sends made inside one receive callback all succeed: the send
   * queue fills only when the operating system refuses, never because the sends came from a
   * callback.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.6 twenty thousand sends made inside one receive callback all succeed: the send queue fills only when the operating system refuses, never because the sends came from a callback")
  default void udp_12_6_aBurstFromACallbackFitsTheQueue(Rig rig) {
    int burst = 20_000;
    Outcomes outcomes = new Outcomes();
    UdpSocket sink = rig.socket().setSocketReceiveBuffer(1 << 20).listen("127.0.0.1", 0); // paused: the kernel drops the rest
    InetSocketAddress to = Rig.loopback4(Rig.port(sink));
    UdpSocket burster = rig.listening((s, p, from) -> {
      for (int i = 0; i < burst; i++) {
        s.send(Datagram.of(Rules.numbered(i, 16)).to(to).tag(i), outcomes);
      }
    });
    rig.socket().send("go", Rig.loopback4(Rig.port(burster)));
    for (int i = 0; i < burst; i++) {
      Outcomes.Outcome o = outcomes.next();
      assertEquals(i, o.tag(), "send callbacks out of order");
      o.succeeded();
    }
    assertEquals(0, burster.info().counters().sendsFailed());
  }

  /**
   * Rule UDP-12.8: an idle socket costs its provider's thread no CPU: neither one paused (or done
   * with its receiveOne) while datagrams wait for it, nor one receiving while nothing arrives. The
   * thread that delivered its callbacks uses less than a quarter of the time watched.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.8 an idle socket costs no CPU: the provider's thread that delivers its callbacks mostly sleeps while it is paused or done with receiveOne with datagrams waiting, and while nothing arrives")
  default void udp_12_8_anIdleSocketCostsNoCpu(Rig rig) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeSupported(),
        "this JVM cannot measure a thread's CPU time");
    threads.setThreadCpuTimeEnabled(true);
    java.util.concurrent.atomic.AtomicReference<Thread> loop = new java.util.concurrent.atomic.AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    UdpSocket receiver = rig.socket((socket, payload, from) -> {
      loop.set(Thread.currentThread());
      calls.incrementAndGet();
    }).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    sender.send("first", to);
    Rig.await("the first datagram", () -> calls.get() == 1);
    watch(threads, loop, "receiving while nothing arrives");
    receiver.receiveOne();
    for (int i = 0; i < 10; i++) {
      sender.send("waiting", to);
    }
    Rig.await("receiveOne's datagram", () -> calls.get() == 2);
    watch(threads, loop, "done with receiveOne, nine datagrams waiting");
    receiver.pause();
    watch(threads, loop, "paused, nine datagrams waiting");
    receiver.receive();
    Rig.await("the datagrams that waited", () -> calls.get() == 11);
  }

  /**
   * Checks that the thread that delivered the last callback uses less than a quarter of a second's
   * CPU over a second, after a settling pause. A thread that ends meanwhile (a pool's, idle) used
   * none since.
   */
  private static void watch(java.lang.management.ThreadMXBean threads, java.util.concurrent.atomic.AtomicReference<Thread> delivering, String state) {
    Rig.pause(Rig.QUIET);
    Thread thread = java.util.Objects.requireNonNull(delivering.get(), "the thread that delivered a datagram");
    long id = thread.threadId();
    long cpuBefore = threads.getThreadCpuTime(id);
    long wallBefore = System.nanoTime();
    Rig.pause(java.time.Duration.ofSeconds(1));
    long cpuAfter = threads.getThreadCpuTime(id);
    long wall = System.nanoTime() - wallBefore;
    if (cpuBefore < 0 || cpuAfter < 0) {
      return; // ended: it is not polling
    }
    long cpu = cpuAfter - cpuBefore;
    assertTrue(cpu < wall / 4, "the provider's thread " + thread.getName() + " used " + cpu / 1_000_000 + " ms of CPU in " + wall / 1_000_000
        + " ms while its socket was idle (" + state + "): it polls instead of sleeping");
  }
}
