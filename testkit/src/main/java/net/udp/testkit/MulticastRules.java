package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import net.udp.UdpException;
import net.udp.UdpMembership;
import net.udp.UdpMulticastInfo;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-13: multicast, in the network namespace {@link MulticastNet} describes: datagrams are sent out
 * of {@code mc0} and arrive at {@code mc1}; nothing leaves the machine. A provider without
 * multicast declares it lacks {@link Capability#MULTICAST}.
 */
public interface MulticastRules extends ProviderUnderTest {

  /** A sender bound to one source address, sending out of {@code mc0}. */
  private static UdpSocket sender(Rig rig, String source) {
    return rig.socket().listen(source, 0).setMulticastInterface(MulticastNet.SENDER);
  }

  /** Sends one text to a group and the receiver's port. */
  private static void send(UdpSocket from, String group, UdpSocket to, String text) {
    from.send(text, group, Rig.port(to));
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Rule UDP-13.1: an IPv4 group joined on mc1, on a dual-stack and on an IPv4 socket, delivers
   * what is sent to it, from the sender's address.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.1 a socket that joined an IPv4 group (dual-stack or IPv4) receives what is sent to the group, from the sender's address")
  default void udp_13_1_anySourceIPv4(Rig rig) {
    rig.assumeMulticastNet();
    Inbox dual = new Inbox();
    Inbox four = new Inbox();
    UdpSocket dualStack = rig.socket(dual).reusePort().listen(0).receive();
    UdpSocket ipv4 = rig.socket(four).reusePort().enableIPv(6, false).listen(Rig.port(dualStack)).receive();
    dualStack.join("239.1.2.3", MulticastNet.RECEIVER);
    ipv4.join("239.1.2.3", MulticastNet.RECEIVER);
    UdpSocket sender = sender(rig, "10.9.0.1");
    send(sender, "239.1.2.3", dualStack, "to the group");
    for (Inbox inbox : List.of(dual, four)) {
      Inbox.Datagram d = inbox.next("the datagram sent to 239.1.2.3");
      assertEquals("to the group", d.text());
      assertEquals(new InetSocketAddress(ip("10.9.0.1"), Rig.port(sender)), d.sender(), "the sender's address");
      inbox.expectNothing(Rules.BRIEF, "one datagram sent, one received");
    }
  }

  /**
   * Rule UDP-13.2: an IPv6 group joined on mc1 delivers what is sent to it.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.2 a socket that joined an IPv6 group receives what is sent to the group, from the sender's address")
  default void udp_13_2_anySourceIPv6(Rig rig) {
    rig.assumeMulticastNet();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    receiver.join("ff15::1:2:3", MulticastNet.RECEIVER);
    UdpSocket sender = sender(rig, "fd00:9::1");
    send(sender, "ff15::1:2:3", receiver, "to the IPv6 group");
    Inbox.Datagram d = inbox.next("the datagram sent to ff15::1:2:3");
    assertEquals("to the IPv6 group", d.text());
    assertEquals(new InetSocketAddress(ip("fd00:9::1"), Rig.port(sender)), d.sender(), "the sender's address");
  }

  /**
   * Rule UDP-13.3: a source-specific membership delivers its one source's datagrams and no
   * other's, in IPv4 and IPv6.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.3 a source-specific membership delivers the datagrams of its one source, and no other's (IPv4 and IPv6)")
  default void udp_13_3_sourceSpecific(Rig rig) {
    rig.assumeMulticastNet();
    String[][] cases = {{"232.1.2.3", "10.9.0.1", "10.9.0.3"}, {"ff35::1:2:3", "fd00:9::1", "fd00:9::3"}};
    for (String[] c : cases) {
      Inbox inbox = new Inbox();
      UdpSocket receiver = rig.socket(inbox).listen(0).receive();
      receiver.join(c[0], MulticastNet.RECEIVER, c[1]);
      UdpSocket chosen = sender(rig, c[1]);
      UdpSocket other = sender(rig, c[2]);
      send(other, c[0], receiver, "from another source");
      send(chosen, c[0], receiver, "from the chosen source");
      Inbox.Datagram d = inbox.next("the chosen source's datagram to " + c[0]);
      assertEquals("from the chosen source", d.text(), "a datagram from a source the membership does not name arrived");
      // The other source's datagram may come second: two senders' datagrams keep no order.
      inbox.expectNothing(Rig.QUIET, "a datagram from a source the membership does not name arrived (" + c[0] + " from " + c[1] + " only)");
    }
  }

  /**
   * Rule UDP-13.4: after drop no datagram of the group arrives, the membership is no longer valid,
   * and drop again does nothing.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.4 after drop() the group's datagrams no longer arrive, the membership is no longer valid, and a second drop() does nothing")
  default void udp_13_4_dropLeavesTheGroup(Rig rig) {
    rig.assumeMulticastNet();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    UdpMembership membership = receiver.join("239.1.2.4", MulticastNet.RECEIVER);
    UdpSocket sender = sender(rig, "10.9.0.1");
    send(sender, "239.1.2.4", receiver, "while a member");
    assertEquals("while a member", inbox.next("the datagram sent while a member").text());
    assertTrue(membership.isValid());
    membership.drop();
    assertFalse(membership.isValid(), "isValid() after drop()");
    send(sender, "239.1.2.4", receiver, "after leaving");
    inbox.expectNothing(Rig.QUIET, "a socket that left the group receives none of its datagrams");
    membership.drop();
    assertTrue(receiver.info().multicast().memberships().isEmpty(), "info() after drop()");
  }

  /**
   * Rule UDP-13.5: block stops one source's datagrams in an any-source membership, unblock brings
   * them back, and the other sources are delivered throughout.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.5 block(source) stops that source's datagrams and no other's; unblock(source) delivers them again")
  default void udp_13_5_blockAndUnblock(Rig rig) {
    rig.assumeMulticastNet();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    UdpMembership membership = receiver.join("239.1.2.5", MulticastNet.RECEIVER);
    UdpSocket kept = sender(rig, "10.9.0.1");
    UdpSocket noisy = sender(rig, "10.9.0.3");
    membership.block("10.9.0.3");
    assertEquals(Set.of(ip("10.9.0.3")), membership.blocked());
    send(noisy, "239.1.2.5", receiver, "blocked");
    send(kept, "239.1.2.5", receiver, "kept");
    assertEquals("kept", inbox.next("the datagram of the source not blocked").text(), "a blocked source's datagram arrived");
    inbox.expectNothing(Rig.QUIET, "a blocked source's datagram arrived (it may come second: two senders' datagrams keep no order)");
    membership.unblock("10.9.0.3");
    assertEquals(Set.of(), membership.blocked());
    send(noisy, "239.1.2.5", receiver, "unblocked");
    assertEquals("unblocked", inbox.next("the datagram of the unblocked source").text());
  }

  /**
   * Rule UDP-13.6: setMulticastTtl sets the TTL (IPv4) and hop limit (IPv6) the socket's datagrams
   * carry, before or after binding. What a datagram carries is not visible through the API, and the
   * expected effect of 0, staying on the host, does not hold everywhere (Linux 6.18 sends TTL-0 and
   * hop-limit-0 multicast out of a veth link all the same), so the value is read back from the
   * kernel through info(), and datagrams sent with it must arrive.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.6 setMulticastTtl sets the TTL and hop limit in the kernel, before or after binding (info() reads it back), and datagrams sent with it arrive")
  default void udp_13_6_ttlTakesEffect(Rig rig) {
    rig.assumeMulticastNet();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    receiver.join("ff15::1:2:6", MulticastNet.RECEIVER);
    receiver.join("239.1.2.6", MulticastNet.RECEIVER);
    String[][] cases = {{"fd00:9::1", "ff15::1:2:6"}, {"10.9.0.1", "239.1.2.6"}};
    for (String[] c : cases) {
      UdpSocket after = sender(rig, c[0]);
      assertEquals(1, after.info().multicast().ttl(), "the default TTL read from the kernel (" + c[0] + ")");
      after.setMulticastTtl(5);
      assertEquals(5, after.info().multicast().ttl(), "the TTL read from the kernel after setMulticastTtl(5) (" + c[0] + ")");
      UdpSocket before = rig.socket().setMulticastTtl(9).listen(c[0], 0).setMulticastInterface(MulticastNet.SENDER);
      assertEquals(9, before.info().multicast().ttl(), "the TTL read from the kernel, set before binding (" + c[0] + ")");
      for (int edge : new int[] {0, 255}) { // the ends of the range, set before binding too
        UdpSocket bound = rig.socket().setMulticastTtl(edge).listen(c[0], 0);
        assertEquals(edge, bound.info().multicast().ttl(), "the TTL read from the kernel, " + edge + " set before binding (" + c[0] + ")");
        bound.close();
      }
      send(after, c[1], receiver, "ttl 5");
      send(before, c[1], receiver, "ttl 9");
      assertEquals(List.of("ttl 5", "ttl 9"), inbox.next(2, "datagrams sent with TTL 5 and 9 to " + c[1]).stream().map(Inbox.Datagram::text).sorted().toList());
    }
  }

  /**
   * Rule UDP-13.7: with loopback on, a member on the sending interface receives what the host
   * sends; with loopback off, it does not.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.7 setMulticastLoopback takes effect: with it on, a member on the sending interface receives what this host sends; with it off, it does not")
  default void udp_13_7_loopbackTakesEffect(Rig rig) {
    rig.assumeMulticastNet();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    receiver.join("239.1.2.7", MulticastNet.SENDER); // on the sending side: only loopback reaches it
    UdpSocket sender = sender(rig, "10.9.0.1");
    assertTrue(sender.info().multicast().loopback(), "loopback is on by default");
    send(sender, "239.1.2.7", receiver, "looped back");
    assertEquals("looped back", inbox.next("the datagram looped back").text());
    sender.setMulticastLoopback(false);
    send(sender, "239.1.2.7", receiver, "not looped back");
    inbox.expectNothing(Rig.QUIET, "with loopback off, this host's members do not receive what it sends");
  }

  /**
   * Rule UDP-13.8: several reusePort sockets on one port that joined one group each receive every
   * datagram sent to it, once.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires({Capability.MULTICAST, Capability.REUSE_PORT})
  @DisplayName("UDP-13.8 three reusePort sockets on one port that joined one group each receive every datagram sent to it, once")
  default void udp_13_8_everyListenerOnAPortGetsEveryDatagram(Rig rig) {
    rig.assumeMulticastNet();
    List<Inbox> inboxes = List.of(new Inbox(), new Inbox(), new Inbox());
    int port = 0;
    for (Inbox inbox : inboxes) {
      UdpSocket listener = rig.socket(inbox).reusePort().listen(port).receive();
      port = Rig.port(listener);
      listener.join("239.1.2.8", MulticastNet.RECEIVER);
    }
    UdpSocket sender = sender(rig, "10.9.0.1");
    for (int i = 0; i < 3; i++) {
      sender.send("announcement " + i, "239.1.2.8", port);
    }
    for (int n = 0; n < inboxes.size(); n++) {
      List<Inbox.Datagram> got = inboxes.get(n).next(3, "announcements at listener " + (n + 1));
      for (int i = 0; i < 3; i++) {
        assertEquals("announcement " + i, got.get(i).text(), "listener " + (n + 1));
      }
      inboxes.get(n).expectNothing(Rules.BRIEF, "listener " + (n + 1) + " receives each datagram once");
    }
  }

  /**
   * Rule UDP-13.9: info() shows the multicast settings and each membership as it stands.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.9 info() shows the multicast settings and each membership as it stands: group, interface (the route's when none was named), source, blocked sources")
  default void udp_13_9_infoShowsMemberships(Rig rig) {
    rig.assumeMulticastNet();
    UdpSocket socket = rig.socket(new Inbox());
    assertEquals(UdpMulticastInfo.DEFAULT, socket.info().multicast(), "a new socket's multicast()");
    socket.setMulticastInterface(MulticastNet.SENDER).setMulticastTtl(3).setMulticastLoopback(false).listen(0);
    UdpMembership any = socket.join("239.1.2.9"); // no interface named: the route's, mc0
    UdpMembership one = socket.join("232.1.2.9", MulticastNet.RECEIVER, "10.9.0.1");
    any.block("10.9.0.3");
    UdpMulticastInfo info = socket.info().multicast();
    assertEquals(MulticastNet.SENDER, info.networkInterface(), "networkInterface()");
    assertEquals(3, info.ttl(), "ttl()");
    assertFalse(info.loopback(), "loopback()");
    assertEquals(List.of(
        UdpMulticastInfo.Membership.of(ip("239.1.2.9"), MulticastNet.SENDER, null, Set.of(ip("10.9.0.3"))),
        UdpMulticastInfo.Membership.of(ip("232.1.2.9"), MulticastNet.RECEIVER, ip("10.9.0.1"), Set.of())),
        info.memberships().stream().map(m -> UdpMulticastInfo.Membership.of(m.group(), m.networkInterface(), m.source(), m.blocked())).toList(),
        "memberships()");
    one.drop();
    assertEquals(1, socket.info().multicast().memberships().size(), "memberships() after one drop()");
    socket.close();
    assertEquals(List.of(), socket.info().multicast().memberships(), "memberships() after close()");
  }

  /**
   * Rule UDP-13.10: what cannot be joined is refused with the reason, naming the group.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.10 join refuses, naming the group and the reason: a unicast address, an unknown interface or one without multicast, a family the socket does not carry, a group joined already, a socket not bound")
  default void udp_13_10_joinRefusesWhatCannotBe(Rig rig) {
    rig.assumeMulticastNet();
    UdpSocket socket = rig.socket().listen(0);
    assertTrue(Rules.message(assertThrows(IllegalArgumentException.class, () -> socket.join("10.9.0.2"),
        "a unicast address is refused")).contains("10.9.0.2"), "a unicast address is refused, named");
    assertTrue(Rules.message(assertThrows(IllegalArgumentException.class, () -> socket.join("239.1.2.10", "nosuch0"),
        "an unknown interface is refused")).contains("nosuch0"), "an unknown interface is refused, named");
    assertTrue(Rules.message(assertThrows(UdpException.class, () -> socket.join("239.1.2.10", "lo"),
        "an interface without multicast is refused")).contains("lo"), "an interface without multicast is refused, named");
    UdpSocket ipv4 = rig.socket().enableIPv(6, false).listen(0);
    String family = Rules.message(assertThrows(UdpException.class, () -> ipv4.join("ff15::1:2:10", MulticastNet.RECEIVER),
        "an IPv6 group on an IPv4 socket is refused"));
    assertTrue(family.contains("ff15::1:2:10") && family.contains("IPv6"), family);
    socket.join("239.1.2.10", MulticastNet.RECEIVER);
    assertTrue(Rules.message(assertThrows(IllegalStateException.class, () -> socket.join("239.1.2.10", MulticastNet.RECEIVER),
        "a second join of the same group is refused")).contains("239.1.2.10"), "a second join of the same group is refused, named");
    assertTrue(Rules.message(assertThrows(IllegalStateException.class, () -> rig.socket().join("239.1.2.10", MulticastNet.RECEIVER),
        "a socket not bound cannot join")).contains("bound"), "a socket not bound cannot join, and says so");
    UdpMembership specific = socket.join("232.1.2.10", MulticastNet.RECEIVER, "10.9.0.1");
    assertThrows(IllegalStateException.class, () -> specific.block("10.9.0.3"), "block in a source-specific membership");
    assertThrows(IllegalArgumentException.class, () -> socket.setMulticastTtl(256));
  }

  /**
   * Rule UDP-13.11: close leaves every group; a socket opened again is a member of none until it
   * joins again.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.MULTICAST)
  @DisplayName("UDP-13.11 close() leaves every group and ends the memberships; opened again, the socket receives a group's datagrams only once it joins again")
  default void udp_13_11_closeLeavesEveryGroup(Rig rig) {
    rig.assumeMulticastNet();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    int port = Rig.port(receiver);
    UdpMembership membership = receiver.join("239.1.2.11", MulticastNet.RECEIVER);
    receiver.close();
    assertFalse(membership.isValid(), "a membership after its socket closed");
    receiver.listen(port).receive();
    UdpSocket sender = sender(rig, "10.9.0.1");
    sender.send("before joining again", "239.1.2.11", port);
    inbox.expectNothing(Rig.QUIET, "a socket opened again is a member of no group");
    receiver.join("239.1.2.11", MulticastNet.RECEIVER);
    sender.send("after joining again", "239.1.2.11", port);
    assertEquals("after joining again", inbox.next("the datagram after joining again").text());
  }
}
