package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.UdpTimeoutException;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-4: sends, their tags and callbacks, and how they fail. */
public interface SendRules extends ProviderUnderTest {

  /**
   * Rule UDP-4.1: every send's callback runs exactly once, with its tag, in the order of the sends,
   * on a provider thread.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.1 every send's callback runs exactly once, with its tag, in the order of the sends, on a provider thread")
  default void udp_4_1_everyCallbackOnceInOrder(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    Property.forAll(Gen.lists(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), 1, 100)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(tags -> {
      Outcomes outcomes = new Outcomes();
      for (long tag : tags) {
        sender.send(Datagram.of("tagged").to(to).tag(tag), outcomes);
      }
      // All callbacks first, then the count: a callback run twice would otherwise show only as
      // "out of order", which names the symptom and not the fault.
      List<Outcomes.Outcome> seen = new ArrayList<>();
      for (int i = 0; i < tags.size(); i++) {
        seen.add(outcomes.next().succeeded());
      }
      assertNull(outcomes.poll(Rules.BRIEF), "a send callback ran twice");
      for (int i = 0; i < tags.size(); i++) {
        Outcomes.Outcome o = seen.get(i);
        long expected = tags.get(i);
        assertEquals(expected, o.tag(), "callbacks out of order");
        assertNotEquals(Thread.currentThread().getName(), o.thread(), "a send callback ran on the sending thread");
      }
      inbox.next(tags.size(), "datagrams");
    });
  }

  /**
   * Rule UDP-4.2: the CompletableFuture form completes when the datagram is sent, and completes
   * exceptionally with the failure otherwise.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-4.2 the CompletableFuture form completes when the datagram is sent, and completes exceptionally with the failure otherwise")
  default void udp_4_2_futuresComplete(Rig rig) throws Exception {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket sender = rig.socket();
    assertNull(sender.sendAsync(Datagram.of("future").to("127.0.0.1", Rig.port(receiver))).get(5, TimeUnit.SECONDS));
    assertEquals("future", inbox.next("the datagram").text());
    sender.close();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> sender.sendAsync(Datagram.of("late").to("127.0.0.1", Rig.port(receiver))).get(5, TimeUnit.SECONDS));
    assertInstanceOf(UdpClosedException.class, e.getCause());
  }

  /**
   * Rule UDP-4.3: a send to a host name that does not resolve fails through its callback with a
   * reason naming the host; send itself does not throw.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.3 a send to a host name that does not resolve fails through its callback with a reason naming the host; send itself does not throw")
  default void udp_4_3_unknownHostFailsTheSend(Rig rig) {
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket();
    sender.send(Datagram.of("x").to("no-such-host.invalid", 9).tag(42), outcomes);
    Outcomes.Outcome o = outcomes.next();
    assertEquals(42, o.tag());
    assertTrue(Rules.message(o.failed()).contains("no-such-host.invalid"), Rules.message(o.failed()));
  }

  /**
   * Rule UDP-4.4: a send after close fails with UdpClosedException through its callback and does
   * not reopen the socket.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.4 a send after close, with a destination or without, fails with UdpClosedException through its callback and does not open the socket again, nor one closed before it was ever opened; one without a destination on an open socket not connected fails, but not as closed")
  default void udp_4_4_sendAfterCloseFails(Rig rig) {
    Outcomes outcomes = new Outcomes();
    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    // Open but not connected, a send without a destination has nowhere to go: a failure, not "closed".
    socket.send(Datagram.of("nowhere").tag(6), outcomes);
    Outcomes.Outcome nowhere = outcomes.next();
    assertEquals(6, nowhere.tag());
    assertFalse(nowhere.failed() instanceof UdpClosedException, () -> "a send without a destination on an open socket failed as closed: " + nowhere.failed());
    socket.close();
    socket.send(Datagram.of("late").to("127.0.0.1", 9).tag(7), outcomes);
    Outcomes.Outcome o = outcomes.next();
    assertEquals(7, o.tag());
    assertInstanceOf(UdpClosedException.class, o.failed());
    assertTrue(Rules.message(o.failed()).contains("closed"), Rules.message(o.failed()));
    socket.send(Datagram.of("late, to no one").tag(8), outcomes);
    Outcomes.Outcome written = outcomes.next();
    assertEquals(8, written.tag());
    assertInstanceOf(UdpClosedException.class, written.failed(), "a send without a destination after close");
    // Two more, to an address: each told once, and only its own outcome.
    socket.send(Datagram.of("late, to an address").to(Rig.loopback4(9)).tag(10), outcomes);
    socket.send(Datagram.of("late again, to an address").to(Rig.loopback4(9)).tag(11), outcomes);
    assertEquals(10, outcomes.next().tag(), "the first of two sends to an address after close");
    assertEquals(11, outcomes.next().tag(), "the second of two sends to an address after close, told after the first and once");
    assertNull(outcomes.poll(Rules.BRIEF), "a send after close was called back twice");
    assertTrue(socket.isClosed(), "a send after close must not reopen the socket");
    assertNull(socket.info().localAddress());
    // A socket closed before it was ever opened is closed as well: its first send does not open it.
    UdpSocket never = rig.socket();
    never.close();
    never.send(Datagram.of("never opened").to("127.0.0.1", 9).tag(9), outcomes);
    Outcomes.Outcome unopened = outcomes.next();
    assertEquals(9, unopened.tag());
    assertInstanceOf(UdpClosedException.class, unopened.failed(), "a send on a socket closed before it was opened");
    assertNull(never.info().localAddress(), "a send after close opened a socket never opened");
  }

  /**
   * Rule UDP-4.5: a send to the broadcast address without {@code broadcast()} fails with the
   * operating system's reason; the socket stays open and usable.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.BROADCAST)
  @Test
  @DisplayName("UDP-4.5 a send to the broadcast address without broadcast() fails with the operating system's reason; the socket stays open and usable")
  default void udp_4_5_broadcastWithoutTheFlagFails(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket();
    sender.send(Datagram.of("all").to(Rig.LOOPBACK_BROADCAST, Rig.port(receiver)).tag(1), outcomes);
    UdpException failure = outcomes.next().failed();
    assertTrue(Rules.message(failure).contains(Rig.LOOPBACK_BROADCAST), Rules.message(failure));
    assertFalse(sender.isClosed(), "a failed send must not close the socket");
    sender.send(Datagram.of("one").to(Rig.loopback4(Rig.port(receiver))).tag(2), outcomes);
    outcomes.next().succeeded();
    assertEquals("one", inbox.next("the datagram after the failure").text());
  }

  /**
   * Rule UDP-4.6: a send to port 0 fails through its callback; the socket stays open and usable.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.6 a send to port 0 fails through its callback; the socket stays open and usable")
  default void udp_4_6_portZeroFailsTheSend(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket();
    sender.send(Datagram.of("nowhere").to("127.0.0.1", 0).tag(1), outcomes);
    outcomes.next().failed();
    assertFalse(sender.isClosed());
    sender.send(Datagram.of("somewhere").to("127.0.0.1", Rig.port(receiver)).tag(2), outcomes);
    outcomes.next().succeeded();
    assertEquals("somewhere", inbox.next("the datagram after the failure").text());
  }

  /**
   * Rule UDP-4.7: an empty datagram is sent, called back and received like any other.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.7 an empty datagram is sent, called back and received like any other")
  default void udp_4_7_emptyDatagramsAreDatagrams(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    Outcomes outcomes = new Outcomes();
    rig.socket().send(Datagram.of(new byte[0]).to(Rig.loopback4(Rig.port(receiver))).tag(5), outcomes);
    assertEquals(5, outcomes.next().succeeded().tag());
    assertEquals(0, inbox.next("the empty datagram").payload().length);
  }

  /**
   * Rule UDP-4.8: a send that cannot complete within the socket's timeout (zero, while a host name
   * resolves) fails with UdpTimeoutException; with time enough it succeeds, with a timeout under a
   * second too.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.8 a send that cannot complete within the socket's timeout (zero, while a host name resolves) fails with UdpTimeoutException; with time enough, under a second too, it succeeds")
  default void udp_4_8_timeoutsFailSends(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket().setTimeout(Duration.ZERO);
    sender.send(Datagram.of("too late").to("localhost", Rig.port(receiver)).tag(1), outcomes);
    assertInstanceOf(UdpTimeoutException.class, outcomes.next().failed());
    // Under a second is time enough too, a timeout is not whole seconds. A busy machine may make a
    // resolution outlast it now and then, so it gets three tries; a provider that rounds the timeout
    // down to whole seconds fails every one.
    UdpException late = null;
    sender.setTimeout(Duration.ofMillis(900));
    for (int i = 0; i < 3; i++) {
      sender.send(Datagram.of("in time").to("localhost", Rig.port(receiver)).tag(3), outcomes);
      late = outcomes.next().failure();
      if (late == null) {
        assertEquals("in time", inbox.next("the datagram sent within a timeout of 900 ms").text());
        break;
      }
    }
    if (late != null) {
      throw new AssertionError("three sends to localhost with a timeout of 900 ms all failed: " + late, late);
    }
    sender.setTimeout(Duration.ofSeconds(10));
    sender.send(Datagram.of("in time").to("localhost", Rig.port(receiver)).tag(2), outcomes);
    outcomes.next().succeeded();
    assertEquals("in time", inbox.next("the datagram sent in time").text());
    inbox.expectNothing(Rig.QUIET, "a send that timed out is never sent");
  }

  /**
   * Rule UDP-4.10: a failed send without a callback is reported to the error listener.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-4.10 a failed send without a callback is reported to the error listener")
  default void udp_4_10_failuresWithoutCallbackReachTheErrorListener(Rig rig) throws Exception {
    LinkedBlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
    UdpSocket socket = rig.socket().setErrorListener((s, error) -> errors.add(error)).listen("127.0.0.1", 0);
    socket.close();
    socket.send("late", "127.0.0.1", 9);
    UdpException error = errors.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertInstanceOf(UdpClosedException.class, error, "the error listener was not told");
  }

  /**
   * Rule UDP-4.11: a String message is sent as its UTF-8 bytes.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.11 a String message is sent as its UTF-8 bytes")
  default void udp_4_11_stringsAreUtf8(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    String text = "h\u00e9llo \u2713 \uD83D\uDE80";
    rig.socket().send(text, "127.0.0.1", Rig.port(receiver));
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), inbox.next("the datagram").payload());
  }

  /**
   * Rule UDP-4.12: a send is not lost to a close that follows it: datagrams sent from a receive
   * callback, with the socket closed from another thread as soon as the callback has sent them,
   * all arrive and are called back as sent.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws InterruptedException when the rule is interrupted
   */
  @Test
  @DisplayName("UDP-4.12 a send is not lost to a close that follows it: datagrams sent from a receive callback, with the socket closed from another thread as soon as the callback has sent them, all arrive and are called back as sent")
  default void udp_4_12_closeDoesNotLoseSends(Rig rig) throws InterruptedException {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    int perRound = 16;
    for (int round = 0; round < 3; round++) {
      Outcomes outcomes = new Outcomes();
      CountDownLatch sent = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      int first = round * perRound;
      UdpSocket relay = rig.socket((socket, payload, from) -> {
        for (int i = first; i < first + perRound; i++) {
          socket.send(Datagram.of(ByteBuffer.wrap(Rules.numbered(i, 8))).to(to).tag(i), outcomes);
        }
        sent.countDown();
        try {
          // Whatever the provider does once the callback returns comes after the close. (Bounded,
          // for a provider whose close waits for a running callback: it may.)
          closed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).listen("127.0.0.1", 0).receive();
      rig.socket().send(Datagram.of(new byte[] {1}).to(Rig.loopback4(Rig.port(relay))));
      assertTrue(sent.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS), "the trigger datagram never arrived");
      relay.close();
      closed.countDown();
      for (int i = first; i < first + perRound; i++) {
        assertEquals(i, outcomes.next().succeeded().tag(), "the sends' callbacks, in order");
      }
      Rules.assertInOrder(inbox.next(perRound, "the datagrams sent before close"), first);
    }
  }

  /**
   * Sends that must wait (a host name to resolve) and sends that need not, interleaved: the
   * callbacks come in the order of the sends, with their tags, and the datagrams arrive in it.
   *
   * @param rig the rule's sockets
   */
  @Test
  @DisplayName("UDP-4.13 sends to a host name and to an address, interleaved, are called back in the order made, with their tags, and arrive in that order")
  default void udp_4_13_namedAndLiteralSendsKeepTheirOrder(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    int port = Rig.port(receiver);
    UdpSocket sender = rig.socket().preferIPv(4);
    int[] next = {0};
    Property.forAll(Gen.lists(Gen.booleans(), 1, 50)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(byName -> {
      Outcomes outcomes = new Outcomes();
      int first = next[0];
      for (boolean name : byName) {
        int n = next[0]++;
        ByteBuffer payload = ByteBuffer.wrap(Rules.numbered(n, 8));
        if (name) {
          sender.send(Datagram.of(payload).to("localhost", port).tag(n), outcomes);
        } else {
          sender.send(Datagram.of(payload).to(Rig.loopback4(port)).tag(n), outcomes);
        }
      }
      for (int i = 0; i < byName.size(); i++) {
        assertEquals(first + i, outcomes.next().succeeded().tag(), "send callbacks out of the order of the sends");
      }
      Rules.assertInOrder(inbox.next(byName.size(), "datagrams"), first);
    });
  }

  /**
   * close while sends to a host name still wait: each is called back once, in order, as sent or
   * failed with UdpClosedException, and exactly those called back as sent arrive.
   *
   * @param rig the rule's sockets
   */
  @Test
  @DisplayName("UDP-4.14 close while sends to a host name still wait: each is called back once, in order, as sent or with UdpClosedException, and exactly those called back as sent arrive")
  default void udp_4_14_closeCompletesWaitingSends(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    int port = Rig.port(receiver);
    int perRound = 50;
    for (int round = 0; round < 5; round++) {
      Outcomes outcomes = new Outcomes();
      UdpSocket sender = rig.socket().preferIPv(4).listen("127.0.0.1", 0);
      int first = round * perRound;
      for (int i = first; i < first + perRound; i++) {
        sender.send(Datagram.of(ByteBuffer.wrap(Rules.numbered(i, 8))).to("localhost", port).tag(i), outcomes);
      }
      sender.close();
      java.util.Set<Integer> sent = new java.util.TreeSet<>();
      for (int i = first; i < first + perRound; i++) {
        Outcomes.Outcome o = outcomes.next();
        assertEquals(i, o.tag(), "send callbacks out of the order of the sends");
        if (o.failure() == null) {
          sent.add(i);
        } else {
          assertInstanceOf(UdpClosedException.class, o.failure(), "send " + i + ", which close stopped, failed with: " + o.failure());
        }
      }
      assertNull(outcomes.poll(Rules.BRIEF), "a send was called back twice");
      java.util.Set<Integer> arrived = new java.util.TreeSet<>();
      for (Inbox.Datagram d = inbox.poll(Rig.QUIET); d != null; d = inbox.poll(Rig.QUIET)) {
        arrived.add(Rules.number(d.payload()));
      }
      assertEquals(sent, arrived, "the datagrams that arrived are those called back as sent (round " + round + ")");
    }
  }
}
