package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.udp.Datagram;
import net.udp.UdpCounters;
import net.udp.UdpException;
import net.udp.UdpServerGroup;
import net.udp.UdpServerGroupInfo;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-20: server groups, several sockets on one port opened and closed as one. */
public interface GroupRules extends ProviderUnderTest {

  /**
   * Rule UDP-20.1: a server group of three on one port: every datagram of many senders arrives
   * exactly once, at one member, every member bound to the group's port; each member counts what
   * its callback was handed, and the group's info() lists the members and sums their counters.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.REUSE_PORT)
  @Test
  @DisplayName("UDP-20.1 a server group of three on one port: every datagram of many senders arrives exactly once, at one member, every member bound to the group's port, and more than one member gets some unless the group is steered; each member counts what its callback was handed, and info() lists the members and sums their counters")
  default void udp_20_1_aGroupDeliversEachDatagramOnce(Rig rig) {
    Inbox inbox = new Inbox();
    UdpServerGroup group = rig.serverGroup(0, 3, inbox).receive();
    int port = group.port();
    assertEquals(3, group.members().size(), "serverGroup(0, 3).members()");
    assertBoundToTheGroupsPort(group);
    int senders = 12;
    int each = 10;
    int size = 16;
    Set<String> expected = new HashSet<>();
    for (int s = 0; s < senders; s++) {
      UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
      for (int k = 0; k < each; k++) {
        int number = s * 1000 + k;
        sender.send(Datagram.of(Rules.numbered(number, size)).to(Rig.loopback4(port)));
        expected.add(Rig.port(sender) + "/" + number);
      }
    }
    List<Inbox.Datagram> got = inbox.next(senders * each, "the datagrams sent to the group");
    inbox.expectNothing(Rig.QUIET, "each datagram arrives at one member, once");
    long[] handed = new long[group.members().size()];
    Set<String> arrived = new HashSet<>();
    for (Inbox.Datagram d : got) {
      int member = group.members().indexOf(d.socket());
      assertTrue(member >= 0, "a datagram was handed a socket that is not a member: " + d.socket());
      handed[member]++;
      assertTrue(arrived.add(d.sender().getPort() + "/" + Rules.number(d.payload())), "arrived twice: " + d);
    }
    assertEquals(expected, arrived, "the datagrams that arrived are those sent");
    if (!group.steered()) {
      // Twelve senders' ports hashed over three members: all on one by chance once in 170,000.
      long reached = java.util.Arrays.stream(handed).filter(n -> n > 0).count();
      assertTrue(reached > 1, () -> "the datagrams of " + senders + " senders all reached one member of an unsteered group, where the kernel"
          + " spreads them by a hash of each sender's address and port (handed " + java.util.Arrays.toString(handed) + ")");
    }
    for (int i = 0; i < group.members().size(); i++) {
      UdpSocket member = group.members().get(i);
      long handedToIt = handed[i];
      int index = i;
      Rig.await("member " + i + " to count the " + handedToIt + " datagrams its callback was handed (it counts "
          + member.info().counters().datagramsReceived() + ")", () -> group.members().get(index).info().counters().datagramsReceived() == handedToIt);
    }
    UdpServerGroupInfo info = group.info();
    assertEquals(port, info.port(), "info().port()");
    assertEquals(group.steered(), info.steered(), "info().steered()");
    assertEquals(3, info.members().size(), "info().members()");
    UdpCounters sum = info.counters();
    assertEquals((long) senders * each, sum.datagramsReceived(), "info().counters().datagramsReceived() sums the members'");
    assertEquals((long) senders * each * size, sum.bytesReceived(), "info().counters().bytesReceived() sums the members'");
    long members = 0;
    for (UdpSocketInfo m : info.members()) {
      members += m.counters().datagramsReceived();
    }
    assertEquals(members, sum.datagramsReceived(), "the group's count is the sum of its members' snapshots");
    // Drops are known for the group only when every member knows its own.
    boolean allKnown = info.members().stream().allMatch(m -> m.counters().datagramsDropped().isPresent());
    long drops = info.members().stream().mapToLong(m -> m.counters().datagramsDropped().orElse(0)).sum();
    assertEquals(allKnown ? java.util.OptionalLong.of(drops) : java.util.OptionalLong.empty(), sum.datagramsDropped(),
        "info().counters().datagramsDropped(): the members' sum when each knows its own, else unknown");
  }

  /**
   * Rule UDP-20.2: a server group answers IPv4 and IPv6 clients alike: the member that received a
   * datagram replies from the group's port, to the client's address.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.REUSE_PORT)
  @Test
  @DisplayName("UDP-20.2 a server group answers IPv4 and IPv6 clients alike: the member that received a datagram replies from the group's port, to the client's address")
  default void udp_20_2_repliesLeaveFromTheGroupsPort(Rig rig) {
    rig.assumeIPv6();
    UdpServerGroup group = rig.serverGroup(0, 2, (socket, payload, sender) -> {
      byte[] copy = new byte[payload.remaining()];
      payload.get(copy);
      socket.send(Datagram.of(copy).to(sender));
    }).receive();
    int port = group.port();
    List<InetSocketAddress> servers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      servers.add(Rig.loopback4(port));
      servers.add(Rig.loopback6(port));
    }
    for (int i = 0; i < servers.size(); i++) {
      InetSocketAddress server = servers.get(i);
      Inbox inbox = new Inbox();
      UdpSocket client = rig.socket(inbox).listen(server.getAddress().getHostAddress(), 0).receive();
      client.send(Datagram.of("ping " + i).to(server));
      Inbox.Datagram reply = inbox.next("the reply to client " + i + " of " + server);
      assertEquals("ping " + i, reply.text());
      assertEquals(server, reply.sender(), "the reply to a client of " + server + " comes from the address and port it sent to");
    }
  }

  /**
   * Rule UDP-20.3: closing a server group closes every member and frees the port at once: a socket
   * without reusePort then binds it; closing again does nothing.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.REUSE_PORT)
  @Test
  @DisplayName("UDP-20.3 closing a server group closes every member and frees the port at once: a socket without reusePort then binds it; closing again does nothing")
  default void udp_20_3_closeFreesThePort(Rig rig) {
    Inbox inbox = new Inbox();
    UdpServerGroup group = rig.serverGroup(0, 3, inbox).receive();
    int port = group.port();
    UdpSocket sender = rig.socket();
    sender.send(Datagram.of("before close").to(Rig.loopback4(port)));
    assertEquals("before close", inbox.next("a datagram before the close").text());
    group.close();
    for (int i = 0; i < group.members().size(); i++) {
      assertTrue(group.members().get(i).isClosed(), "member " + i + " is still open after the group closed");
    }
    try {
      rig.socket().listen(port);
    } catch (UdpException e) {
      fail("the port is still taken after close: " + Rules.message(e), e);
    }
    group.close();
  }

  /**
   * Rule UDP-20.4: a server group has exactly the members asked for, one to four, each bound to
   * its port; receive() and pause() reach every member; a group of one is one server socket.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.REUSE_PORT)
  @Test
  @DisplayName("UDP-20.4 a server group has exactly the members asked for, one to four, each bound to its port; receive() and pause() reach every member; a group of one is one server socket, never steered, and groups of two to four are all steered or none")
  default void udp_20_4_aGroupHasTheMembersAskedFor(Rig rig) {
    boolean[] steered = new boolean[5];
    for (int size = 1; size <= 4; size++) {
      UdpServerGroup group = rig.serverGroup(0, size, new Inbox());
      assertEquals(size, group.members().size(), "serverGroup(0, " + size + ").members()");
      steered[size] = group.steered();
      assertBoundToTheGroupsPort(group);
      for (int i = 0; i < size; i++) {
        assertFalse(group.members().get(i).info().receiving(), "member " + i + " receives before receive()");
      }
      group.receive();
      for (int i = 0; i < size; i++) {
        assertTrue(group.members().get(i).info().receiving(), "member " + i + " does not receive after the group's receive()");
      }
      group.pause();
      for (int i = 0; i < size; i++) {
        assertFalse(group.members().get(i).info().receiving(), "member " + i + " still receives after the group's pause()");
      }
      group.close();
    }
    assertFalse(steered[1], "steered() of a group of one, which has nothing to steer");
    for (int size = 2; size <= 4; size++) {
      assertEquals(steered[4], steered[size], "steered() of a group of " + size + " against one of 4: a provider steers every group of two or more, or none");
    }
    Inbox inbox = new Inbox();
    UdpServerGroup one = rig.serverGroup(0, 1, inbox).receive();
    UdpSocket sender = rig.socket();
    for (int i = 0; i < 5; i++) {
      sender.send(Datagram.of("to one " + i).to(Rig.loopback4(one.port())));
    }
    for (int i = 0; i < 5; i++) {
      Inbox.Datagram d = inbox.next("datagram " + i + " to a group of one");
      assertEquals("to one " + i, d.text(), "a group of one delivers in order");
      assertEquals(0, one.members().indexOf(d.socket()), "handed its one member");
    }
    Rig.await("the group of one to count 5 datagrams", () -> one.info().counters().datagramsReceived() == 5);
    assertEquals(one.members().get(0).info().counters(), one.info().counters(), "a group of one counts as its member");
  }

  /**
   * Rule UDP-20.5: serverGroup refuses a size below one and a port outside 0..65535 with
   * IllegalArgumentException, and a port a socket without reusePort holds with UdpException naming
   * the port; nothing it made stays open.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.REUSE_PORT)
  @Test
  @DisplayName("UDP-20.5 serverGroup refuses a size below one and a port outside 0..65535 with IllegalArgumentException, and a port a socket without reusePort holds with UdpException naming the port; nothing it made stays open")
  default void udp_20_5_badGroupsAreRefused(Rig rig) {
    int[][] bad = {{0, 0}, {0, -1}, {-1, 2}, {65_536, 2}};
    for (int[] b : bad) {
      assertThrows(IllegalArgumentException.class, () -> rig.serverGroup(b[0], b[1], null), "serverGroup(" + b[0] + ", " + b[1] + ")");
    }
    UdpSocket taken = rig.socket().listen(0);
    int port = Rig.port(taken);
    UdpException e = assertThrows(UdpException.class, () -> rig.serverGroup(port, 2, null), "serverGroup on a port a socket holds without reusePort");
    assertTrue(Rules.message(e).contains(Integer.toString(port)), "the failure names the port: " + Rules.message(e));
    taken.close();
    try {
      rig.socket().listen(port);
    } catch (UdpException again) {
      fail("a failed serverGroup left the port taken: " + Rules.message(again), again);
    }
  }

  private static void assertBoundToTheGroupsPort(UdpServerGroup group) {
    for (int i = 0; i < group.members().size(); i++) {
      UdpSocketInfo member = group.members().get(i).info();
      assertFalse(member.closed(), "member " + i + " is closed");
      assertEquals(group.port(), member.localPort(), "member " + i + " is bound to port " + member.localPort() + ", not the group's port");
      assertTrue(member.reusePort(), "member " + i + " does not reuse the port");
    }
  }
}
