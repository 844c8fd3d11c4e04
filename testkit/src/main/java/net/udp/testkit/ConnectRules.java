package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.udp.Datagram;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-5: connected sockets. */
public interface ConnectRules extends ProviderUnderTest {

  /**
   * Rule UDP-5.1: a connected socket receives only from its peer, over IPv4 and IPv6: a third
   * socket's datagrams never reach the callback.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-5.1 a connected socket receives only from its peer, over IPv4 and IPv6: a third socket's datagrams never reach the callback")
  default void udp_5_1_connectedSocketsHearOnlyTheirPeer(Rig rig) {
    for (boolean v6 : Rig.hasIPv6() ? new boolean[] {false, true} : new boolean[] {false}) {
      String local = v6 ? "::1" : "127.0.0.1";
      String family = v6 ? " (IPv6)" : " (IPv4)";
      UdpSocket peer = rig.socket().listen(local, 0);
      UdpSocket stranger = rig.socket().listen(local, 0);
      Inbox inbox = new Inbox();
      UdpSocket connected = rig.socket(inbox).listen(local, 0).connect(local, Rig.port(peer)).receive();
      InetSocketAddress to = v6 ? Rig.loopback6(Rig.port(connected)) : Rig.loopback4(Rig.port(connected));
      InetSocketAddress peerAddress = v6 ? Rig.loopback6(Rig.port(peer)) : Rig.loopback4(Rig.port(peer));
      for (int i = 0; i < 10; i++) {
        stranger.send("stranger", to);
        peer.send("peer " + i, to);
      }
      for (int i = 0; i < 10; i++) {
        Inbox.Datagram d = inbox.next("the peer's datagram " + i + family);
        assertEquals("peer " + i, d.text(), "a datagram from someone other than the peer arrived" + family);
        assertEquals(peerAddress, d.sender());
      }
      inbox.expectNothing(Rig.QUIET, "nothing but the peer's datagrams arrives" + family);
    }
  }

  /**
   * Rule UDP-5.2: {@code write()} sends to the peer; {@code send()} to the peer's address works;
   * {@code send()} anywhere else fails through its callback.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-5.2 write() sends to the peer; send() to the peer's address works; send() anywhere else fails through its callback")
  default void udp_5_2_connectedSocketsSendOnlyToTheirPeer(Rig rig) {
    Inbox peerInbox = new Inbox();
    UdpSocket peer = rig.listening(peerInbox);
    Inbox otherInbox = new Inbox();
    UdpSocket other = rig.listening(otherInbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket connected = rig.socket().connect("127.0.0.1", Rig.port(peer));
    connected.send(Datagram.of("by write").tag(1), outcomes);
    outcomes.next().succeeded();
    Inbox.Datagram d = peerInbox.next("the written datagram");
    assertEquals("by write", d.text());
    assertEquals(Rig.port(connected), d.sender().getPort());
    connected.send(Datagram.of("by send").to("127.0.0.1", Rig.port(peer)).tag(2), outcomes);
    outcomes.next().succeeded();
    assertEquals("by send", peerInbox.next("the datagram sent to the peer").text());
    connected.send(Datagram.of("elsewhere").to("127.0.0.1", Rig.port(other)).tag(3), outcomes);
    UdpException failure = outcomes.next().failed();
    assertTrue(Rules.message(failure).contains("127.0.0.1:" + Rig.port(other)), Rules.message(failure));
    otherInbox.expectNothing(Rig.QUIET, "a connected socket sends only to its peer");
  }

  /**
   * Rule UDP-5.3: connect twice and listen after connect throw IllegalStateException and leave the
   * connection as it was.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-5.3 connect twice and listen after connect throw IllegalStateException and leave the connection as it was")
  default void udp_5_3_connectTwiceAndListenAfterConnectFail(Rig rig) {
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    UdpSocket connected = rig.socket().connect("127.0.0.1", Rig.port(peer));
    assertThrows(IllegalStateException.class, () -> connected.connect("127.0.0.1", Rig.port(peer)));
    assertThrows(IllegalStateException.class, () -> connected.listen(0));
    assertTrue(connected.isConnected());
    assertEquals(Rig.port(peer), connected.info().connectedPort());
  }

  /**
   * Rule UDP-5.4: an ICMP port-unreachable for a connected socket reaches the error listener; the
   * socket stays open and connected.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-5.4 an ICMP port-unreachable for a connected socket reaches the error listener; the socket stays open and connected")
  default void udp_5_4_icmpUnreachableIsReported(Rig rig) throws Exception {
    UdpSocket gone = rig.socket().listen("127.0.0.1", 0);
    int deadPort = Rig.port(gone);
    gone.close();
    LinkedBlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
    UdpSocket connected =
        rig.socket(new Inbox()).setErrorListener((s, e) -> errors.add(e)).connect("127.0.0.1", deadPort).receive();
    connected.write("anyone there?");
    UdpException error = errors.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(error, "no error reported for a datagram to a port where nothing listens");
    assertFalse(connected.isClosed(), "an ICMP error must not close the socket");
    assertTrue(connected.isConnected());
  }

  /**
   * Rule UDP-5.5: the onConnected callback runs once, after the socket is connected, not on the
   * caller's thread.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-5.5 the onConnected callback runs once, after the socket is connected, not on the caller's thread (unless its executor runs tasks there, when it still finds the socket connected)")
  default void udp_5_5_onConnectedRunsOnce(Rig rig) throws Exception {
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    LinkedBlockingQueue<String> runs = new LinkedBlockingQueue<>();
    UdpSocket[] socket = new UdpSocket[1];
    socket[0] = rig.socket();
    socket[0].connect("127.0.0.1", Rig.port(peer), () -> runs.add(Thread.currentThread().getName() + " " + socket[0].isConnected()));
    String run = runs.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(run, "onConnected did not run");
    assertTrue(run.endsWith(" true"), "onConnected ran before the socket was connected");
    assertNotEquals(Thread.currentThread().getName(), run.substring(0, run.lastIndexOf(' ')), "onConnected ran on the caller's thread");
    assertEquals(null, runs.poll(Rig.QUIET.toMillis(), TimeUnit.MILLISECONDS), "onConnected ran twice");
    // With an executor that runs tasks at once, in the calling thread, onConnected may run inside
    // connect: it must still find the socket connected, to the peer.
    UdpSocket direct = rig.socket().setExecutor(Runnable::run);
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    direct.connect("127.0.0.1", Rig.port(peer), () -> seen.add(direct.isConnected() + " " + direct.info().connectedAddress()));
    assertEquals(true + " " + Rig.loopback4(Rig.port(peer)), seen.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS),
        "onConnected, run at once by the executor, found the socket connected to the peer");
  }

  /**
   * Rule UDP-5.6: connect after listen keeps the port listen bound.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-5.6 connect after listen keeps the port listen bound")
  default void udp_5_6_connectAfterListenKeepsThePort(Rig rig) {
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    int port = Rig.port(socket);
    socket.connect("127.0.0.1", Rig.port(peer));
    assertEquals(port, Rig.port(socket), "the port after connect");
  }

  /**
   * Rule UDP-5.7: an empty datagram written on a connected socket is sent, called back as sent,
   * and arrives as an empty datagram.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.EMPTY_WHEN_CONNECTED)
  @DisplayName("UDP-5.7 an empty datagram written on a connected socket is sent, called back as sent, and arrives as an empty datagram")
  default void udp_5_7_emptyDatagramsOnConnectedSockets(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket peer = rig.listening(inbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket socket = rig.socket().connect("127.0.0.1", Rig.port(peer));
    socket.send(Datagram.of(new byte[0]).tag(1), outcomes);
    outcomes.next().succeeded();
    socket.send(Datagram.of(new byte[0]).to(Rig.loopback4(Rig.port(peer))).tag(2), outcomes);
    outcomes.next().succeeded();
    assertEquals(0, inbox.next("the empty datagram written").payload().length);
    assertEquals(0, inbox.next("the empty datagram sent to the peer").payload().length);
    assertEquals(2, socket.info().counters().datagramsSent());
  }

  /**
   * Rule UDP-5.8: datagrams that arrived before connect are discarded, whoever sent them: after
   * connect only the peer's datagrams sent since are delivered.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-5.8 datagrams that arrived before connect are discarded, whoever sent them: after connect only the peer's datagrams sent since are delivered")
  default void udp_5_8_connectDiscardsWhatArrivedBefore(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket socket = rig.socket(inbox).listen("127.0.0.1", 0); // paused: datagrams wait in the kernel
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    UdpSocket stranger = rig.socket().listen("127.0.0.1", 0);
    // An empty datagram first: a discard that takes a read of 0 bytes for "nothing left" stops there.
    peer.send(Datagram.of(new byte[0]).to(Rig.loopback4(Rig.port(socket))));
    peer.send("from the peer, before", Rig.loopback4(Rig.port(socket)));
    stranger.send("from a stranger, before", Rig.loopback4(Rig.port(socket)));
    Rig.await("the three datagrams sent", () -> peer.info().counters().datagramsSent() == 2 && stranger.info().counters().datagramsSent() == 1);
    Rig.pause(Rules.BRIEF); // they are in the socket's queue now
    socket.connect("127.0.0.1", Rig.port(peer)).receive();
    peer.send("from the peer, after", Rig.loopback4(Rig.port(socket)));
    assertEquals("from the peer, after", inbox.next("the peer's datagram sent after connect").text(), "the first datagram delivered after connect");
    inbox.expectNothing(Rig.QUIET, "datagrams that arrived before connect are discarded");
  }

  /**
   * Connecting a socket that is receiving: connect returns at once, whether or not datagrams
   * arrive, and from then on only the peer's datagrams are delivered, without another receive().
   *
   * @param rig the rule's sockets
   * @throws Exception if the rule fails
   */
  @Test
  @DisplayName("UDP-5.9 connect on a socket that is receiving returns at once, though nothing arrives, and from then on only the peer's datagrams are delivered, without another receive()")
  default void udp_5_9_connectWhileReceiving(Rig rig) throws Exception {
    Inbox inbox = new Inbox();
    UdpSocket socket = rig.listening(inbox);
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    UdpSocket stranger = rig.socket().listen("127.0.0.1", 0);
    stranger.send("before", Rig.loopback4(Rig.port(socket)));
    assertEquals("before", inbox.next("a datagram before connect").text());
    CompletableFuture<Void> connecting = CompletableFuture.runAsync(() -> socket.connect("127.0.0.1", Rig.port(peer)));
    try {
      connecting.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("connect on a receiving socket did not return within " + Rig.patience().toSeconds() + " s", e);
    }
    stranger.send("stranger", Rig.loopback4(Rig.port(socket)));
    peer.send("peer", Rig.loopback4(Rig.port(socket)));
    assertEquals("peer", inbox.next("the peer's datagram after connect").text());
    inbox.expectNothing(Rig.QUIET, "a connected socket hears only its peer");
    assertTrue(socket.info().receiving(), "connect does not pause a receiving socket");
  }

  /**
   * Rule UDP-5.10: a provider that declares it lacks empty datagrams on connected sockets fails
   * one through its callback, and counts it failed, rather than call it sent while nothing goes.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-5.10 a provider that lacks empty-when-connected fails an empty datagram written on a connected socket through its callback and sends nothing, never calling it sent")
  default void udp_5_10_anEmptyDatagramItCannotSendFails(Rig rig) {
    org.junit.jupiter.api.Assumptions.assumeTrue(lacks().contains(Capability.EMPTY_WHEN_CONNECTED),
        "the provider sends empty datagrams on connected sockets: UDP-5.7 holds it to that");
    Inbox inbox = new Inbox();
    UdpSocket peer = rig.listening(inbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket socket = rig.socket().connect("127.0.0.1", Rig.port(peer));
    socket.send(Datagram.of(new byte[0]).tag(1), outcomes);
    Outcomes.Outcome o = outcomes.next();
    assertEquals(1, o.tag());
    o.failed();
    assertEquals(0, socket.info().counters().datagramsSent(), "an empty datagram that could not be sent was counted as sent");
    inbox.expectNothing(Rules.BRIEF, "an empty datagram the provider says it cannot send");
  }
}
