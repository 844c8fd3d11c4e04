package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-1: what is sent arrives, intact, once, in order, with its sender. */
public interface DeliveryRules extends ProviderUnderTest {

  /**
   * Rule UDP-1.1: any payload from 0 to 65507 bytes sent over IPv4 arrives byte-for-byte, once,
   * with the sender's address and port.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-1.1 any payload from 0 to 65507 bytes sent over IPv4 arrives byte-for-byte, once, with the sender's address and port")
  default void udp_1_1_payloadsArriveIntactOverIPv4(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    Property.forAll(Gen.bytes(0, Rules.MAX_IPV4_PAYLOAD)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(payload -> {
      sender.send(Datagram.of(payload).to(to));
      Inbox.Datagram d = inbox.next("the datagram of " + payload.length + " bytes");
      assertArrayEquals(payload, d.payload());
      assertEquals(Rig.loopback4(Rig.port(sender)), d.sender(), "the sender's address and port");
    });
    inbox.expectNothing(Rig.QUIET, "each datagram arrives once");
  }

  /**
   * Rule UDP-1.2: any payload from 0 to 65527 bytes sent over IPv6 arrives byte-for-byte, once,
   * with the sender's address and port.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-1.2 any payload from 0 to 65527 bytes sent over IPv6 arrives byte-for-byte, once, with the sender's address and port")
  default void udp_1_2_payloadsArriveIntactOverIPv6(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listeningV6(inbox);
    UdpSocket sender = rig.socket().listen("::1", 0);
    InetSocketAddress to = Rig.loopback6(Rig.port(receiver));
    Property.forAll(Gen.bytes(0, Rules.MAX_IPV6_PAYLOAD)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(payload -> {
      sender.send(Datagram.of(payload).to(to));
      Inbox.Datagram d = inbox.next("the datagram of " + payload.length + " bytes");
      assertArrayEquals(payload, d.payload());
      assertEquals(Rig.loopback6(Rig.port(sender)), d.sender(), "the sender's address and port");
    });
    inbox.expectNothing(Rig.QUIET, "each datagram arrives once");
  }

  /**
   * Rule UDP-1.3: a dual-stack socket receives from IPv4 and IPv6 senders in any interleaving, each
   * once, IPv4 senders as IPv4 addresses (never ::ffff:).
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-1.3 a dual-stack socket receives from IPv4 and IPv6 senders in any interleaving, each once, IPv4 senders as IPv4 addresses (never ::ffff:)")
  default void udp_1_3_dualStackShowsEachSenderInItsOwnFamily(Rig rig) {
    rig.assumeIPv6();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    UdpSocket v4 = rig.socket().listen("127.0.0.1", 0);
    UdpSocket v6 = rig.socket().listen("::1", 0);
    int port = Rig.port(receiver);
    Property.forAll(Gen.lists(Gen.booleans(), 1, 20)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(useIPv6 -> {
      for (boolean six : useIPv6) {
        (six ? v6 : v4).send(six ? "six" : "four", six ? Rig.loopback6(port) : Rig.loopback4(port));
      }
      for (int i = 0; i < useIPv6.size(); i++) {
        // Loopback keeps order per sender, not across families: match by content.
        Inbox.Datagram d = inbox.next("a datagram");
        boolean fromSix = d.text().equals("six");
        if (fromSix) {
          assertInstanceOf(Inet6Address.class, d.sender().getAddress());
          assertEquals(Rig.loopback6(Rig.port(v6)), d.sender());
        } else {
          assertInstanceOf(Inet4Address.class, d.sender().getAddress(), "an IPv4 sender must appear as IPv4");
          assertEquals(Rig.loopback4(Rig.port(v4)), d.sender());
        }
      }
      inbox.expectNothing(Rules.BRIEF, "each datagram arrives once");
    });
  }

  /**
   * Rule UDP-1.4: datagrams from one sender arrive in the order sent, none lost, for any count and
   * sizes (loopback, paced).
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-1.4 datagrams from one sender arrive in the order sent, none lost, for any count and sizes (loopback, paced)")
  default void udp_1_4_oneSendersDatagramsArriveInOrder(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    int[] next = {0};
    Property.forAll(Gen.lists(Gen.integers(4, 1400), 1, 300)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(sizes -> {
      List<byte[]> payloads = new ArrayList<>();
      for (int size : sizes) {
        payloads.add(Rules.numbered(next[0]++, size));
      }
      Rules.sendPaced(sender, payloads, to, inbox);
      List<Inbox.Datagram> got = inbox.next(payloads.size(), "datagrams");
      Rules.assertInOrder(got, next[0] - payloads.size());
      for (int i = 0; i < got.size(); i++) {
        assertArrayEquals(payloads.get(i), got.get(i).payload());
      }
    });
  }

  /**
   * Rule UDP-1.5: the seed's ping-pong: a server on a port and a client sending to localhost
   * exchange pings and pongs, each seeing the other's address.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-1.5 the seed's ping-pong: a server on a port and a client sending to localhost exchange pings and pongs, each seeing the other's address")
  default void udp_1_5_seedPingPong(Rig rig) {
    int rounds = 5;
    Inbox clientInbox = new Inbox();
    Inbox serverInbox = new Inbox();
    UdpSocket server =
        rig.socket((socket, payload, from) -> {
          serverInbox.onReceive(socket, payload, from);
          socket.send("pong", from.getAddress().getHostAddress(), from.getPort());
        }).listen(0).receive();
    UdpSocket client =
        rig.socket((socket, payload, from) -> {
          clientInbox.onReceive(socket, payload, from);
          if (clientInbox.count() < rounds) {
            socket.send("ping", from.getAddress().getHostAddress(), from.getPort());
          }
        });
    client.send("ping", "localhost", Rig.port(server)).receive();
    for (int i = 0; i < rounds; i++) {
      Inbox.Datagram ping = serverInbox.next("ping " + (i + 1));
      assertEquals("ping", ping.text());
      assertEquals(Rig.port(client), ping.sender().getPort());
      Inbox.Datagram pong = clientInbox.next("pong " + (i + 1));
      assertEquals("pong", pong.text());
      assertEquals(Rig.port(server), pong.sender().getPort());
      assertTrue(pong.sender().getAddress().isLoopbackAddress());
    }
    serverInbox.expectNothing(Rig.QUIET, "the exchange stops after " + rounds + " rounds");
  }

  /**
   * Rule UDP-1.6: several senders interleaving sends to one socket: every datagram arrives once,
   * each sender's in its order.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-1.6 several senders interleaving sends to one socket: every datagram arrives once, each sender's in its order")
  default void udp_1_6_interleavedSendersKeepTheirOrder(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    List<UdpSocket> senders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      senders.add(rig.socket().listen("127.0.0.1", 0));
    }
    Property.forAll(Gen.lists(Gen.integers(0, senders.size() - 1), 1, 200)).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(who -> {
      Map<Integer, Integer> sentBy = new HashMap<>();
      int base = inbox.count();
      for (int i = 0; i < who.size(); i++) {
        int s = who.get(i);
        int n = sentBy.merge(s, 1, Integer::sum);
        int sent = i;
        if (sent - (inbox.count() - base) >= Rules.WINDOW) {
          Rig.await("the receiver to catch up", () -> sent - (inbox.count() - base) < Rules.WINDOW);
        }
        senders.get(s).send(Datagram.of(Rules.numbered(n, 8)).to(to));
      }
      Map<Integer, Integer> seenFrom = new HashMap<>();
      for (Inbox.Datagram d : inbox.next(who.size(), "datagrams")) {
        int s = senders.indexOf(senders.stream().filter(x -> Rig.port(x) == d.sender().getPort()).findFirst().orElseThrow());
        int expected = seenFrom.merge(s, 1, Integer::sum);
        assertEquals(expected, Rules.number(d.payload()), "sender " + s + "'s datagrams out of order");
      }
      assertEquals(sentBy, seenFrom, "datagrams from each sender");
      inbox.expectNothing(Rules.BRIEF, "each datagram arrives once");
    });
  }
  /**
   * Rule UDP-1.7: many senders, one after another, more than a cache of addresses would hold:
   * every datagram arrives with its own sender's address and port, over IPv4 and IPv6 on one
   * dual-stack socket. A provider that keeps the senders it has seen, so as not to make an address
   * per datagram, must never hand one sender's address to another's datagram.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception if a send fails or waits in vain (a failure)
   */
  @Test
  @DisplayName("UDP-1.7 many senders, one after another, more than a cache of addresses would hold: every datagram arrives with its own sender's address and port, over IPv4 and IPv6 on one socket")
  default void udp_1_7_manySendersEachSeenAsItself(Rig rig) throws Exception {
    int perFamily = 300; // two senders of a family sharing a slot of a cache of 512 or fewer is all but certain
    boolean six = Rig.hasIPv6();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22);
    (six ? receiver.listen(0) : receiver.listen("127.0.0.1", 0)).receive();
    int port = Rig.port(receiver);
    int sent = 0;
    for (int i = 0; i < perFamily; i++) {
      for (boolean v6 : six ? new boolean[] {false, true} : new boolean[] {false}) {
        UdpSocket sender = rig.socket().listen(v6 ? "::1" : "127.0.0.1", 0);
        InetSocketAddress self = v6 ? Rig.loopback6(Rig.port(sender)) : Rig.loopback4(Rig.port(sender));
        byte[] claim = (self.getAddress().getHostAddress() + " " + self.getPort()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        InetSocketAddress to = v6 ? Rig.loopback6(port) : Rig.loopback4(port);
        for (int k = 0; k < 2; k++) { // the second from a sender seen before
          sender.sendAsync(Datagram.of(claim).to(to)).get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
          sent++;
        }
        sender.close();
      }
      if (sent - inbox.count() >= Rules.WINDOW) {
        int total = sent;
        Rig.await("the receiver to catch up", () -> total - inbox.count() < Rules.WINDOW);
      }
    }
    for (Inbox.Datagram d : inbox.next(sent, "one datagram from each sender, twice")) {
      String seen = d.sender().getAddress().getHostAddress() + " " + d.sender().getPort();
      assertEquals(d.text(), seen, "the datagram names its sender; the provider says it came from another");
    }
    inbox.expectNothing(Rules.BRIEF, "each datagram arrives once");
  }

  /**
   * Rule UDP-1.8: several threads sending on one socket at once. Every datagram arrives once and
   * whole, each thread's in the order that thread sent them; each send is called back once, as
   * sent, with its tag, each thread's in its order; the socket counts each datagram once. A
   * provider that stages a send in state shared by the socket's callers, or counts without care,
   * mixes or loses one thread's datagram under another's.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception if a sending thread fails or waits in vain (a failure)
   */
  @Test
  @DisplayName("UDP-1.8 several threads sending on one socket at once: every datagram arrives once and whole, each thread's in its order; each send is called back once with its tag, in that thread's order, and counted once")
  default void udp_1_8_threadsSendingOnOneSocket(Rig rig) throws Exception {
    int threads = 4;
    int each = 250;
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    ExecutorService pool = rig.executor("sending-thread", threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger sent = new AtomicInteger();
    List<Outcomes> outcomes = new ArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Outcomes told = new Outcomes();
      outcomes.add(told);
      int thread = t;
      done.add(pool.submit(() -> {
        start.await();
        for (int n = 0; n < each; n++) {
          if (sent.get() - inbox.count() >= Rules.WINDOW) { // paced, so that the receiver's buffer never overflows
            Rig.await("the receiver to catch up", () -> sent.get() - inbox.count() < Rules.WINDOW);
          }
          byte[] payload = ByteBuffer.allocate(8).putInt(thread).putInt(n).array();
          sender.send(Datagram.of(payload).to(to).tag(thread * 1000L + n), told);
          sent.incrementAndGet();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(Rig.patience().toMillis() * 4, TimeUnit.MILLISECONDS);
    }
    int[] next = new int[threads];
    for (Inbox.Datagram d : inbox.next(threads * each, "datagrams of " + threads + " threads")) {
      ByteBuffer b = ByteBuffer.wrap(d.payload());
      assertEquals(8, d.payload().length, "a datagram of 8 bytes arrived as " + d.payload().length);
      int thread = b.getInt();
      int n = b.getInt();
      assertTrue(thread >= 0 && thread < threads, () -> "a datagram of no sending thread: " + thread);
      assertEquals(next[thread], n, "thread " + thread + "'s datagrams, in the order it sent them (" + n + " arrived where "
          + next[thread] + " was due: one thread's datagram was lost or sent as another's)");
      next[thread]++;
    }
    inbox.expectNothing(Rules.BRIEF, "each datagram arrives once");
    for (int t = 0; t < threads; t++) {
      for (int n = 0; n < each; n++) {
        assertEquals(t * 1000L + n, outcomes.get(t).next().succeeded().tag(), "thread " + t + "'s send callbacks, in the order of its sends");
      }
      assertEquals(null, outcomes.get(t).poll(Rules.BRIEF), "thread " + t + "'s sends are each called back once");
    }
    Rig.await("the sender to count " + threads * each + " datagrams and " + threads * each * 8 + " bytes sent",
        () -> sender.info().counters().datagramsSent() == (long) threads * each && sender.info().counters().bytesSent() == (long) threads * each * 8);
  }
}
