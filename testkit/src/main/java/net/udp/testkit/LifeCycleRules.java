package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-9: closing, reopening, and slow callbacks. UDP-9.4, callbacks that throw, is in {@link
 * ThrowingCallbackRules}.
 */
public interface LifeCycleRules extends ProviderUnderTest {

  /**
   * Rule UDP-9.1: close from another thread while datagrams flow: when close returns, no receive
   * callback runs, and none begins after it, as {@code UdpSocket.close} says. Each callback takes
   * a millisecond, so that close mostly comes while one runs.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-9.1 close from another thread while datagrams flow: when close returns no receive callback runs, and none begins after it")
  default void udp_9_1_closeWhileDatagramsFlow(Rig rig) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger late = new AtomicInteger();
    UdpSocket receiver =
        rig.listening((s, p, from) -> {
          if (closed.get()) {
            late.incrementAndGet();
          }
          running.incrementAndGet();
          calls.incrementAndGet();
          Rig.pause(Duration.ofMillis(1));
          running.decrementAndGet();
        });
    int port = Rig.port(receiver);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    ExecutorService flood = rig.executor("flood", 1);
    // A JDK channel floods until told to stop, so that datagrams still come after close however
    // slow the machine: a flood of fixed length could be over before close.
    flood.execute(() -> Rules.flood(Rig.loopback4(port), () -> !stop.get(), sent, Rig.patience().multipliedBy(10)));
    int runningAtReturn;
    try {
      Rig.await("datagrams to flow", () -> calls.get() > 20);
      receiver.close();
      runningAtReturn = running.get();
      closed.set(true);
      long sentAtClose = sent.get();
      Rig.await("a thousand datagrams sent to the closed socket's port", () -> sent.get() - sentAtClose >= 1000);
      Rig.pause(Rig.QUIET);
    } finally {
      stop.set(true);
    }
    assertEquals(0, runningAtReturn, "a receive callback was still running when close returned (close must wait for it)");
    assertEquals(0, late.get(), "receive callbacks began after close returned");
    assertTrue(receiver.isClosed());
  }

  /**
   * Rule UDP-9.2: close inside a callback: no callback runs after it.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-9.2 close inside a callback: no callback runs after it")
  default void udp_9_2_closeInsideACallback(Rig rig) {
    AtomicInteger calls = new AtomicInteger();
    UdpSocket receiver =
        rig.listening((socket, p, from) -> {
          calls.incrementAndGet();
          socket.close();
        });
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 20; i++) {
      sender.send("x", Rig.loopback4(Rig.port(receiver)));
    }
    Rig.await("the first callback", () -> calls.get() > 0);
    Rig.pause(Rig.QUIET);
    assertEquals(1, calls.get(), "callbacks ran after the callback closed the socket");
    assertTrue(receiver.isClosed());
  }

  /**
   * Rule UDP-9.3: close is idempotent: a second close does nothing and throws nothing.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-9.3 close is idempotent: a second close does nothing and throws nothing")
  default void udp_9_3_closeTwice(Rig rig) {
    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    socket.close();
    socket.close();
    assertTrue(socket.isClosed());
    UdpSocket never = rig.socket();
    never.close();
    assertTrue(never.isClosed());
  }

  /**
   * Rule UDP-9.5: with an executor each, a slow callback on one socket does not hold up another
   * socket's deliveries.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-9.5 with an executor each, a slow callback on one socket does not hold up another socket's deliveries")
  default void udp_9_5_slowCallbacksDoNotBlockOthers(Rig rig) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    ReceiveCallback slow =
        (s, p, from) -> {
          stuck.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    UdpSocket slowSocket = rig.socket(slow).setExecutor(rig.executor("slow", 1)).listen("127.0.0.1", 0).receive();
    Inbox inbox = new Inbox();
    UdpSocket quick = rig.socket(inbox).setExecutor(rig.executor("quick", 1)).listen("127.0.0.1", 0).receive();
    try {
      UdpSocket sender = rig.socket();
      sender.send("hold", Rig.loopback4(Rig.port(slowSocket)));
      assertTrue(stuck.await(5, TimeUnit.SECONDS), "the slow callback never started");
      for (int i = 0; i < 5; i++) {
        sender.send("go " + i, Rig.loopback4(Rig.port(quick)));
      }
      assertEquals(5, inbox.next(5, "datagrams while the other socket's callback is stuck").size());
    } finally {
      release.countDown();
    }
  }

  /**
   * Rule UDP-9.6: opening and closing 1000 sockets, 100 of whose listens fail (the port taken),
   * leaves no file descriptor open (counted in /proc/self/fd).
   *
   * @param rig the sockets of this rule, closed after it
   * @throws IOException when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-9.6 opening and closing 1000 sockets, 100 of whose listens fail (the port taken), leaves no file descriptor open (counted in /proc/self/fd)")
  default void udp_9_6_noDescriptorLeaks(Rig rig) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(Files.isDirectory(fds), "this system has no /proc/self/fd to count descriptors");
    UdpSocket target = rig.socket().listen("127.0.0.1", 0);
    for (int i = 0; i < 50; i++) { // warm up: loops, selectors and resolvers open what they keep
      rig.socket().send("warm", Rig.loopback4(Rig.port(target)));
    }
    Rig.pause(Duration.ofMillis(100));
    long before = count(fds);
    int failed = 0;
    for (int i = 0; i < 1000; i++) {
      UdpSocket socket = rig.provider().newSocket(null);
      if (i % 10 == 9) { // a listen that fails: the port is taken
        try {
          socket.listen("127.0.0.1", Rig.port(target));
        } catch (net.udp.UdpException taken) {
          failed++;
        }
      } else {
        socket.listen("127.0.0.1", 0).send("x", Rig.loopback4(Rig.port(target)));
      }
      socket.close();
    }
    assertEquals(100, failed, "listens on a taken port that failed");
    long after = count(fds);
    assertTrue(after <= before + 10, "descriptors before: " + before + ", after 1000 open/close cycles, 100 of whose listens failed: " + after);
  }

  private static long count(Path fds) throws IOException {
    try (Stream<Path> list = Files.list(fds)) {
      return list.count();
    }
  }

  /**
   * Rule UDP-9.7: close frees the port at once; listen afterwards reopens the same socket with its
   * configuration and fresh counters.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-9.7 close frees the port at once; listen afterwards reopens the same socket with its configuration (broadcast still allowed) and fresh counters, not receiving until receive() is called")
  default void udp_9_7_closeFreesThePortAndListenReopens(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket socket = rig.socket((s, payload, from) -> {
      if (payload.remaining() == 0) {
        throw new IllegalStateException("a callback that fails, so that its count has something to reset (expected by rule UDP-9.7)");
      }
      inbox.onReceive(s, payload, from);
    }).broadcast().setBufferSize(1000).listen("127.0.0.1", 0).receive();
    int port = Rig.port(socket);
    // Something in every counter: sent, received, truncated, failed, callbacks that threw.
    socket.send(Datagram.of(new byte[1001]).to(Rig.loopback4(port)));
    inbox.next("the datagram the socket sent itself");
    socket.send(Datagram.of("to port 0").to(Rig.loopback4(0)).tag(0), new Outcomes());
    socket.send(Datagram.of(new byte[0]).to(Rig.loopback4(port)));
    Rig.await("every counter to move", () -> {
      net.udp.UdpCounters c = socket.info().counters();
      return c.datagramsSent() == 2 && c.datagramsReceived() == 2 && c.datagramsTruncated() == 1 && c.sendsFailed() == 1 && c.callbackFailures() == 1;
    });
    socket.close();
    UdpSocket other = rig.socket().listen("127.0.0.1", port); // would fail if the port were still held
    other.close();
    socket.listen("127.0.0.1", port);
    assertFalse(socket.isClosed());
    assertEquals(port, Rig.port(socket));
    assertTrue(socket.info().broadcast());
    assertEquals(1000, socket.info().maxReceiveIPv4BufferSize());
    net.udp.UdpCounters fresh = socket.info().counters();
    assertEquals(0, fresh.datagramsSent(), "datagramsSent after the reopen");
    assertEquals(0, fresh.bytesSent(), "bytesSent after the reopen");
    assertEquals(0, fresh.datagramsReceived(), "datagramsReceived after the reopen");
    assertEquals(0, fresh.bytesReceived(), "bytesReceived after the reopen");
    assertEquals(0, fresh.datagramsTruncated(), "datagramsTruncated after the reopen");
    assertEquals(0, fresh.sendsFailed(), "sendsFailed after the reopen");
    assertEquals(0, fresh.callbackFailures(), "callbackFailures after the reopen");
    fresh.datagramsDropped().ifPresent(drops -> assertEquals(0, drops, "datagramsDropped after the reopen"));
    // Receiving ended with the close: opened again, the socket delivers nothing until receive().
    assertFalse(socket.info().receiving(), "info().receiving() after the reopen, before receive()");
    rig.socket().send(Datagram.of("after the reopen").to(Rig.loopback4(port)));
    inbox.expectNothing(Rules.BRIEF, "a datagram was delivered after the reopen before receive() was called");
    socket.receive();
    assertEquals("after the reopen", new String(inbox.next("the datagram that waited for receive()").payload(), java.nio.charset.StandardCharsets.UTF_8));
    // Its configuration not only remembered but set on the new operating-system socket, where a
    // broadcast needs it (to the discard port: no socket of the rule is bound to the wildcard).
    Outcomes broadcast = new Outcomes();
    socket.send(Datagram.of("broadcast after the reopen").to(new java.net.InetSocketAddress("127.255.255.255", 9)).tag(1), broadcast);
    broadcast.next().succeeded();
  }

  /**
   * Rule UDP-9.8: on a closed socket receive throws IllegalStateException; pause, info and close
   * still work.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-9.8 on a closed socket receive throws IllegalStateException; pause, info and close still work")
  default void udp_9_8_closedSocketsRefuseToReceive(Rig rig) {
    UdpSocket socket = rig.socket(new Inbox()).listen("127.0.0.1", 0);
    socket.close();
    assertThrows(IllegalStateException.class, socket::receive);
    assertThrows(IllegalStateException.class, socket::receiveOne);
    socket.pause();
    assertTrue(socket.info().closed());
    socket.close();
  }

  /**
   * Rule UDP-9.9: close frees the port at once even while one of the socket's callbacks is still
   * running: another socket can bind the port while close waits for the callback, close returns
   * once the callback does, and no callback starts after it.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-9.9 close frees the port at once even while one of the socket's callbacks is still running: another socket can bind the port while close waits for the callback, close returns once it does, and no callback starts after it")
  default void udp_9_9_closeFreesThePortWhileACallbackRuns(Rig rig) throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    UdpSocket busy = rig.listening((s, p, from) -> {
      calls.incrementAndGet();
      inside.countDown();
      try {
        release.await(3 * Rig.patience().toMillis(), TimeUnit.MILLISECONDS); // released as soon as the rule has looked
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    int port = Rig.port(busy);
    UdpSocket sender = rig.socket();
    java.util.concurrent.Future<?> closing;
    java.util.concurrent.CompletableFuture<Void> closed;
    try {
      sender.send("hold", Rig.loopback4(port));
      assertTrue(inside.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS), "the callback never started");
      sender.send("after", Rig.loopback4(port));
      closed = busy.closeFuture();
      closing = rig.executor("rule-9-9-close", 1).submit(busy::close);
      UdpSocket[] next = new UdpSocket[1];
      Rig.await("another socket to bind the port while close waits for the callback", () -> {
        try {
          next[0] = rig.socket().listen("127.0.0.1", port);
          return true;
        } catch (UdpException e) { // the port is still bound: close has not closed it yet
          return false;
        }
      });
      assertEquals(port, Rig.port(java.util.Objects.requireNonNull(next[0])));
      assertTrue(busy.isClosed());
      assertFalse(closing.isDone(), "close returned while the socket's receive callback was still running");
      assertFalse(closed.isDone(), "the close future completed while close waited for the socket's receive callback");
    } finally {
      release.countDown();
    }
    closing.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(closed.isDone(), "the close future is not done when close has returned");
    Rig.pause(Rig.QUIET);
    assertEquals(1, calls.get(), "a callback started after close returned");
  }

  /**
   * Rule UDP-9.10: the close future completes when close has done its work, whoever closes: not
   * before, once for each life, normally; stages added to it see the socket closed; a socket
   * opened again has a new one; and the future a caller gets is its own.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-9.10 the close future completes when close has done its work, whoever closes (a thread, a callback, a socket never opened), and not before; a socket opened again has a new one, and the future a caller gets is its own")
  default void udp_9_10_closeFuture(Rig rig) throws Exception {
    UdpSocket never = rig.socket();
    java.util.concurrent.CompletableFuture<Void> unopened = never.closeFuture();
    assertFalse(unopened.isDone(), "the close future of a socket never opened nor closed is done");
    never.close();
    assertTrue(unopened.isDone(), "the close future of a socket never opened is not done when close returns");

    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    java.util.concurrent.CompletableFuture<Void> first = socket.closeFuture();
    first.complete(null); // the caller's own copy: the socket's future is not completed by it
    assertFalse(socket.closeFuture().isDone(), "completing the future a caller got completed the socket's");
    assertFalse(socket.isClosed());
    java.util.concurrent.CompletableFuture<Void> waiting = socket.closeFuture();
    AtomicBoolean seen = new AtomicBoolean();
    var unused = waiting.thenRun(() -> seen.set(socket.isClosed()));
    rig.executor("rule-9-10-close", 1).execute(socket::close);
    waiting.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(seen.get(), "a stage of the close future ran before the socket was closed");
    assertTrue(socket.closeFuture().isDone(), "a closed socket's close future is not done");

    socket.listen("127.0.0.1", 0);
    java.util.concurrent.CompletableFuture<Void> second = socket.closeFuture();
    assertFalse(second.isDone(), "a socket opened again has the close future of its earlier life");
    assertTrue(waiting.isDone());
    CountDownLatch inCallback = new CountDownLatch(1);
    socket.setCallback((s, p, from) -> {
      s.close();
      inCallback.countDown();
    }).receive();
    rig.socket().send("close yourself", Rig.loopback4(Rig.port(socket)));
    second.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(inCallback.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(socket.isClosed());
    assertFalse(second.isCompletedExceptionally());
  }
}
