package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import net.udp.Datagram;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-6: broadcast and port reuse, the seed's second example among them. */
public interface BroadcastRules extends ProviderUnderTest {

  /**
   * Rule UDP-6.1: the seed's broadcast: three reusePort listeners on one port each receive one
   * broadcast to 127.255.255.255 exactly once, from the broadcaster's IPv4 address.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires({Capability.REUSE_PORT, Capability.BROADCAST})
  @Test
  @DisplayName("UDP-6.1 the seed's broadcast: three reusePort listeners on one port each receive one broadcast to 127.255.255.255 exactly once, from the broadcaster's IPv4 address")
  default void udp_6_1_seedBroadcastReachesEveryListener(Rig rig) {
    List<Inbox> inboxes = new ArrayList<>();
    int port = 0;
    for (int i = 0; i < 3; i++) {
      Inbox inbox = new Inbox();
      inboxes.add(inbox);
      UdpSocket listener = rig.socket(inbox).reusePort().listen(port).receive();
      port = Rig.port(listener);
    }
    UdpSocket broadcaster = rig.socket().broadcast();
    Outcomes outcomes = new Outcomes();
    broadcaster.send(Datagram.of("hello!").to(Rig.LOOPBACK_BROADCAST, port).tag(1), outcomes);
    outcomes.next().succeeded();
    for (int i = 0; i < inboxes.size(); i++) {
      Inbox.Datagram d = inboxes.get(i).next("the broadcast at listener " + (i + 1));
      assertEquals("hello!", d.text());
      assertInstanceOf(Inet4Address.class, d.sender().getAddress(), "a dual-stack listener shows an IPv4 sender as IPv4");
      assertEquals(Rig.port(broadcaster), d.sender().getPort());
    }
    for (int i = 0; i < inboxes.size(); i++) {
      inboxes.get(i).expectNothing(Rig.QUIET, "listener " + (i + 1) + " receives the broadcast once");
    }
  }

  /**
   * Rule UDP-6.2: {@code broadcast(false)} after {@code broadcast(true)} forbids broadcasts again:
   * the flag means what it says.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.BROADCAST)
  @Test
  @DisplayName("UDP-6.2 broadcast(false) after broadcast(true) forbids broadcasts again: the flag means what it says")
  default void udp_6_2_broadcastFlagMeansWhatItSays(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket listener = rig.socket(inbox).listen(0).receive();
    Outcomes outcomes = new Outcomes();
    UdpSocket broadcaster = rig.socket().broadcast(true);
    assertTrue(broadcaster.info().broadcast(), "info().broadcast() after broadcast(true)");
    broadcaster.send(Datagram.of("allowed").to(Rig.LOOPBACK_BROADCAST, Rig.port(listener)).tag(1), outcomes);
    outcomes.next().succeeded();
    assertEquals("allowed", inbox.next("the broadcast").text());
    broadcaster.broadcast(false);
    broadcaster.send(Datagram.of("forbidden").to(Rig.LOOPBACK_BROADCAST, Rig.port(listener)).tag(2), outcomes);
    outcomes.next().failed();
    inbox.expectNothing(Rig.QUIET, "a forbidden broadcast is not sent");
  }

  /**
   * Rule UDP-6.3: without reusePort a second socket cannot bind a bound port (the error names the
   * address and reason); with reusePort on both it can.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.REUSE_PORT)
  @Test
  @DisplayName("UDP-6.3 without reusePort a second socket cannot bind a bound port (the error names the address and reason); with reusePort on both it can")
  default void udp_6_3_reusePortIsNeededToShareAPort(Rig rig) {
    UdpSocket first = rig.socket().listen("127.0.0.1", 0);
    int port = Rig.port(first);
    UdpException e = assertThrows(UdpException.class, () -> rig.socket().listen("127.0.0.1", port));
    assertTrue(Rules.message(e).startsWith("listen 127.0.0.1:" + port + ": "), Rules.message(e));
    UdpSocket a = rig.socket().reusePort().listen("127.0.0.1", 0);
    UdpSocket b = rig.socket().reusePort().listen("127.0.0.1", Rig.port(a));
    assertEquals(Rig.port(a), Rig.port(b));
    assertTrue(b.info().reusePort());
  }

  /**
   * Rule UDP-6.4: reusePort after the socket is bound throws IllegalStateException.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-6.4 reusePort after the socket is bound throws IllegalStateException")
  default void udp_6_4_reusePortMustPrecedeBinding(Rig rig) {
    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    assertThrows(IllegalStateException.class, socket::reusePort);
  }
}
