package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-9.4, 12.1 and 12.7: callbacks that throw. A throw ends the task that ran the callback, so
 * each place that runs one (the loop, an executor's task; receive, send and error callbacks) must
 * catch it, count it and go on.
 */
public interface ThrowingCallbackRules extends ProviderUnderTest {

  /**
   * Rule UDP-9.4: a callback that throws does not stop delivery: to it, and to other sockets of the
   * provider, whether the callback runs on the event loop or on an executor (whose task the
   * throw would end).
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-9.4 a callback that throws does not stop delivery: to it, and to other sockets of the provider, on the event loop and on an executor")
  default void udp_9_4_throwingCallbacksDoNotStopDelivery(Rig rig) {
    for (boolean withExecutor : new boolean[] {false, true}) {
      String where = withExecutor ? "on an executor" : "on the event loop";
      AtomicInteger thrown = new AtomicInteger();
      UdpSocket faulty = throwingEveryTime(rig, withExecutor, thrown, "UDP-9.4");
      Inbox inbox = new Inbox();
      UdpSocket healthy = rig.listening(inbox);
      UdpSocket sender = rig.socket();
      for (int i = 0; i < 10; i++) {
        sender.send("boom", Rig.loopback4(Rig.port(faulty)));
        sender.send("fine " + i, Rig.loopback4(Rig.port(healthy)));
      }
      Rig.await("all ten datagrams at the throwing callback " + where, () -> thrown.get() == 10);
      assertEquals(10, inbox.next(10, "datagrams at the other socket").size());
    }
  }

  /**
   * Rule UDP-12.1: a callback that throws an Error (StackOverflowError, OutOfMemoryError,
   * AssertionError) stops nothing: its socket and every other socket of the provider go on
   * receiving; send callbacks and an error listener that throw them are counted, and the next
   * send is still called back, on the event loop and on an executor.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.1 a callback that throws an Error (StackOverflowError, OutOfMemoryError, AssertionError) stops nothing: its socket and every other socket of the provider go on receiving; send callbacks and error listeners that throw one are counted, and the next send is called back, on the loop and on an executor")
  default void udp_12_1_errorsInCallbacksStopNothing(Rig rig) {
    Error[] errors = {new StackOverflowError("thrown by rule UDP-12.1"), new OutOfMemoryError("thrown by rule UDP-12.1"),
        new AssertionError("thrown by rule UDP-12.1")};
    AtomicInteger calls = new AtomicInteger();
    UdpSocket faulty = rig.listening((s, p, from) -> {
      throw errors[calls.getAndIncrement() % errors.length];
    });
    List<Inbox> inboxes = new ArrayList<>();
    List<UdpSocket> bystanders = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // more sockets than a provider has loops: some share the faulty one's
      Inbox inbox = new Inbox();
      inboxes.add(inbox);
      bystanders.add(rig.listening(inbox));
    }
    UdpSocket sender = rig.socket();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < errors.length; i++) {
        sender.send("boom", Rig.loopback4(Rig.port(faulty)));
      }
      int expected = (round + 1) * errors.length;
      Rig.await("the throwing callback to be called " + expected + " times", () -> calls.get() == expected);
      for (int i = 0; i < bystanders.size(); i++) {
        sender.send("fine " + round, Rig.loopback4(Rig.port(bystanders.get(i))));
        assertEquals("fine " + round, inboxes.get(i).next("a datagram at bystander " + i + " after the errors").text());
      }
    }
    for (boolean withExecutor : new boolean[] {false, true}) {
      errorsInSendCallbacksStopNothing(rig, errors, withExecutor ? rig.executor("throwing-errors", 1) : null);
    }
  }

  /**
   * Send callbacks and an error listener that throw errors: each is counted, and the socket's
   * next send is still called back, on the loop and on an executor, whose task the error would
   * end.
   */
  private static void errorsInSendCallbacksStopNothing(Rig rig, Error[] errors, @Nullable Executor executor) {
    String where = executor == null ? " on the event loop" : " on an executor";
    Inbox inbox = new Inbox();
    InetSocketAddress to = Rig.loopback4(Rig.port(rig.listening(inbox)));
    AtomicInteger heard = new AtomicInteger();
    UdpSocket socket = rig.socket().setExecutor(executor).setErrorListener((s, e) -> {
      heard.incrementAndGet();
      throw new AssertionError("an error listener that throws (expected by rule UDP-12.1)");
    }).listen("127.0.0.1", 0);
    for (int i = 0; i < errors.length; i++) {
      Error error = errors[i];
      socket.send(Datagram.of("thrown").to(to).tag(i), (tag, failure) -> {
        throw error;
      });
    }
    socket.send(Datagram.of("to port 0").to(Rig.loopback4(0))); // fails with no callback: the listener hears of it, and throws
    Outcomes after = new Outcomes();
    socket.send(Datagram.of("after").to(to).tag(99), after);
    Outcomes.Outcome told = after.poll(Rig.patience());
    assertNotNull(told, "the send after " + errors.length + " send callbacks that threw errors was never called back" + where);
    told.succeeded();
    Rig.await("the error listener to hear of the send to port 0" + where, () -> heard.get() == 1);
    int thrown = errors.length + 1;
    Rig.await(thrown + " send callbacks and error listeners that threw errors counted" + where,
        () -> socket.info().counters().callbackFailures() == thrown);
    assertEquals(errors.length + 1, inbox.next(errors.length + 1, "the datagrams sent" + where).size());
  }

  /**
   * Rule UDP-12.7: a receive callback that throws every time is counted in info() every time,
   * whether it runs on the event loop or on an executor, and the socket goes on delivering.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-12.7 a receive callback that throws every time is counted in info() every time, on the event loop and on an executor, and the socket goes on delivering")
  default void udp_12_7_callbackFailuresAreCounted(Rig rig) {
    for (boolean withExecutor : new boolean[] {false, true}) {
      String where = withExecutor ? " on an executor" : " on the event loop";
      AtomicInteger calls = new AtomicInteger();
      UdpSocket faulty = throwingEveryTime(rig, withExecutor, calls, "UDP-12.7");
      UdpSocket sender = rig.socket();
      for (int i = 0; i < 50; i++) {
        sender.send("boom", Rig.loopback4(Rig.port(faulty)));
      }
      Rig.await("fifty calls" + where, () -> calls.get() == 50);
      Rig.await("fifty failures counted" + where, () -> faulty.info().counters().callbackFailures() == 50);
      assertTrue(!faulty.isClosed());
    }
  }

  /** A socket on 127.0.0.1, receiving, whose callback counts each call in {@code calls} and throws. */
  private static UdpSocket throwingEveryTime(Rig rig, boolean withExecutor, AtomicInteger calls, String rule) {
    return rig.socket((s, p, from) -> {
      calls.incrementAndGet();
      throw new IllegalStateException("a bug in the application's callback (expected by rule " + rule + ")");
    }).setExecutor(withExecutor ? rig.executor("throwing", 1) : null).listen("127.0.0.1", 0).receive();
  }
}
