package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import net.udp.Datagram;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-7: IPv4, IPv6 and dual-stack sockets, and the preferred version. */
public interface VersionRules extends ProviderUnderTest {

  /**
   * The system property naming the host that rules 7.4 and 7.7 resolve, which must have both an
   * IPv4 and an IPv6 loopback address; {@link TestNames#BOTH} by default.
   */
  String DUAL_NAME_PROPERTY = "net.udp.testkit.dualName";

  /**
   * Rule UDP-7.1: with both versions enabled (the default) a socket bound to a port is one
   * dual-stack socket: it carries IPv4 and IPv6 on one port.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-7.1 with both versions enabled (the default) a socket bound to a port is one dual-stack socket: it carries IPv4 and IPv6 on one port")
  default void udp_7_1_defaultIsDualStack(Rig rig) {
    rig.assumeIPv6();
    UdpSocketInfo info = rig.socket().listen(0).info();
    assertTrue(info.ipv4(), "ipv4() of a socket bound to a port alone");
    assertTrue(info.ipv6(), "ipv6() of a socket bound to a port alone");
    assertEquals(info.localPort(), info.localPortIPv4());
    assertEquals(info.localPort(), info.localPortIPv6());
    assertEquals("0.0.0.0", info.localHostIPv4());
    assertEquals("::", info.localHostIPv6());
  }

  /**
   * Rule UDP-7.2: {@code enableIPv(4, false)} makes an IPv6-only socket: IPv6 datagrams arrive,
   * IPv4 ones never reach the callback, IPv4 destinations fail with a reason.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.IPV6_ONLY)
  @Test
  @DisplayName("UDP-7.2 enableIPv(4, false) makes an IPv6-only socket: IPv6 datagrams arrive, IPv4 ones never reach the callback, IPv4 destinations fail with a reason")
  default void udp_7_2_ipv6OnlySockets(Rig rig) {
    rig.assumeIPv6();
    Inbox inbox = new Inbox();
    UdpSocket socket = rig.socket(inbox).enableIPv(4, false).listen(0).receive();
    assertFalse(socket.info().ipv4(), "ipv4() of an IPv6-only socket");
    assertNull(socket.info().localAddressIPv4());
    rig.socket().send("over four", Rig.loopback4(Rig.port(socket)));
    rig.socket().send("over six", Rig.loopback6(Rig.port(socket)));
    assertEquals("over six", inbox.next("the IPv6 datagram").text());
    inbox.expectNothing(Rig.QUIET, "an IPv6-only socket delivers no IPv4 datagram");
    Outcomes outcomes = new Outcomes();
    socket.send(Datagram.of("to four").to("127.0.0.1", 9).tag(1), outcomes);
    assertTrue(Rules.message(outcomes.next().failed()).contains("IPv4"));
  }

  /**
   * Rule UDP-7.3: {@code enableIPv(6, false)} makes an IPv4 socket: IPv6 destinations and IPv6
   * local addresses fail with a reason.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-7.3 enableIPv(6, false) makes an IPv4 socket: IPv6 destinations and IPv6 local addresses fail with a reason")
  default void udp_7_3_ipv4OnlySockets(Rig rig) {
    UdpSocket socket = rig.socket().enableIPv(6, false).listen(0);
    UdpSocketInfo info = socket.info();
    assertTrue(info.ipv4(), "ipv4() of an IPv4-only socket");
    assertFalse(info.ipv6(), "ipv6() of an IPv4-only socket");
    assertNull(info.localAddressIPv6());
    Outcomes outcomes = new Outcomes();
    socket.send(Datagram.of("to six").to("::1", 9).tag(1), outcomes);
    assertTrue(Rules.message(outcomes.next().failed()).contains("IPv6"));
    UdpException e = assertThrows(UdpException.class, () -> rig.socket().enableIPv(6, false).listen("::1", 0));
    assertTrue(Rules.message(e).contains("IPv6"), Rules.message(e));
  }

  /**
   * Rule UDP-7.4: preferIPv decides the address used when a name resolves to both versions; a
   * socket that carries one version uses the name's address of that version, whatever it prefers.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws UnknownHostException when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-7.4 preferIPv decides the address used when a name resolves to both versions; a socket that carries one version uses the name's address of that version, whatever it prefers")
  default void udp_7_4_preferenceChoosesTheAddress(Rig rig) throws UnknownHostException {
    rig.assumeIPv6();
    String name = System.getProperty(DUAL_NAME_PROPERTY, TestNames.BOTH);
    InetAddress[] all = InetAddress.getAllByName(name);
    Assumptions.assumeTrue(
        Arrays.stream(all).anyMatch(a -> a instanceof Inet4Address) && Arrays.stream(all).anyMatch(a -> a instanceof Inet6Address),
        name + " does not resolve to both an IPv4 and an IPv6 address here (" + Arrays.toString(all)
            + "); the testkit's own name " + TestNames.BOTH
            + " does where the JDK loads the testkit's resolver (another InetAddressResolverProvider may have won): name one that does with -D" + DUAL_NAME_PROPERTY);
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    rig.socket().preferIPv(4).send("four", name, Rig.port(receiver));
    assertInstanceOf(Inet4Address.class, inbox.next("the datagram sent preferring IPv4").sender().getAddress());
    rig.socket().preferIPv(6).send("six", name, Rig.port(receiver));
    assertInstanceOf(Inet6Address.class, inbox.next("the datagram sent preferring IPv6").sender().getAddress());
    // A socket that carries one version uses the name's address of that version, whatever it prefers.
    for (int preferred : new int[] {0, 4, 6}) {
      for (int only : new int[] {4, 6}) {
        UdpSocket socket = rig.socket().enableIPv(only == 4 ? 6 : 4, false);
        if (preferred != 0) {
          socket.preferIPv(preferred);
        }
        String what = "a datagram sent to " + name + " from an IPv" + only + "-only socket" + (preferred == 0 ? "" : " preferring IPv" + preferred);
        Outcomes outcomes = new Outcomes();
        socket.send(Datagram.of(what).to(name, Rig.port(receiver)).tag(only), outcomes);
        UdpException refused = outcomes.next().failure();
        assertNull(refused, () -> what + " failed (" + refused + "), though the socket can use one of the name's addresses");
        Class<? extends InetAddress> version = only == 4 ? Inet4Address.class : Inet6Address.class;
        assertInstanceOf(version, inbox.next(what).sender().getAddress(), what + ": the name's address of the socket's version, as it has one");
      }
    }
  }

  /**
   * Rule UDP-7.5: enableIPv after binding throws IllegalStateException, and disabling both versions
   * throws IllegalArgumentException.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-7.5 enableIPv after binding throws IllegalStateException, and disabling both versions throws IllegalArgumentException")
  default void udp_7_5_versionRulesAreEnforced(Rig rig) {
    UdpSocket bound = rig.socket().listen(0);
    assertThrows(IllegalStateException.class, () -> bound.enableIPv(6, false));
    UdpSocket socket = rig.socket().enableIPv(4, false);
    assertThrows(IllegalArgumentException.class, () -> socket.enableIPv(6, false));
    assertTrue(socket.info().ipv6Enabled());
  }

  /**
   * Rule UDP-7.6: for every combination of enabled and preferred versions, {@code info()} reports
   * the settings and, once bound, the versions the socket carries.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-7.6 for every combination of enabled and preferred versions, info() reports the settings and, once bound, the versions the socket carries, with an address and port for each and none for the other; bound to 127.0.0.1 or ::1, only that address's version")
  default void udp_7_6_infoReportsEveryCombination(Rig rig) {
    // Each of the twelve, not a sample: a property of 20 tries missed two of them a run.
    for (int enabled = 1; enabled <= 3; enabled++) {
      for (int prefer : new int[] {0, 4, 6, 5}) {
        checkCombination(rig, enabled, prefer);
      }
    }
    // Bound to one address, a socket with both versions enabled carries that address's version
    // alone: only a wildcard socket is dual-stack.
    UdpSocketInfo four = rig.socket().listen("127.0.0.1", 0).info();
    assertTrue(four.ipv4(), "ipv4() of a socket bound to 127.0.0.1");
    assertFalse(four.ipv6(), "ipv6() of a socket bound to 127.0.0.1");
    assertNull(four.localAddressIPv6(), "localAddressIPv6() of a socket bound to 127.0.0.1");
    assertEquals(0, four.localPortIPv6(), "localPortIPv6() of a socket bound to 127.0.0.1");
    assertEquals(four.localAddress(), four.localAddressIPv4(), "localAddressIPv4() of a socket bound to 127.0.0.1");
    if (Rig.hasIPv6()) {
      UdpSocketInfo six = rig.socket().listen("::1", 0).info();
      assertFalse(six.ipv4(), "ipv4() of a socket bound to ::1, which no IPv4 datagram can reach");
      assertTrue(six.ipv6(), "ipv6() of a socket bound to ::1");
      assertNull(six.localAddressIPv4(), "localAddressIPv4() of a socket bound to ::1");
      assertEquals(0, six.localPortIPv4(), "localPortIPv4() of a socket bound to ::1");
      assertEquals(six.localAddress(), six.localAddressIPv6(), "localAddressIPv6() of a socket bound to ::1");
    }
  }

  /** Rule UDP-7.6 for one combination: versions {@code enabled} (1: IPv4, 2: IPv6, 3: both) and {@code prefer}. */
  private static void checkCombination(Rig rig, int enabled, int prefer) {
    boolean v4 = (enabled & 1) != 0;
    boolean v6 = (enabled & 2) != 0;
    String of = " of a socket with IPv4 " + (v4 ? "on" : "off") + ", IPv6 " + (v6 ? "on" : "off") + " and preferIPv(" + prefer + ")";
    UdpSocket socket = rig.socket().enableIPv(4, v4).enableIPv(6, v6).preferIPv(prefer);
    UdpSocketInfo before = socket.info();
    assertEquals(v4, before.ipv4Enabled(), "ipv4Enabled()" + of);
    assertEquals(v6, before.ipv6Enabled(), "ipv6Enabled()" + of);
    assertEquals(prefer == 4, before.ipv4Preferred(), "ipv4Preferred()" + of);
    assertEquals(prefer == 6, before.ipv6Preferred(), "ipv6Preferred()" + of);
    assertEquals(prefer != 4 && prefer != 6, before.ipVersionNeutral(), "ipVersionNeutral()" + of);
    assertTrue(before.closed(), "closed()" + of + ", not bound yet");
    if (v6 && !Rig.hasIPv6() && !v4) {
      return; // an IPv6-only socket cannot be bound on this host
    }
    UdpSocketInfo after = socket.listen(0).info();
    boolean carries6 = v6 && Rig.hasIPv6();
    assertEquals(v4, after.ipv4(), "ipv4" + of);
    assertEquals(carries6, after.ipv6(), "ipv6" + of);
    assertEquals(v4, after.localAddressIPv4() != null, "localAddressIPv4" + of);
    assertEquals(carries6, after.localAddressIPv6() != null, "localAddressIPv6" + of);
    int port = after.localPort();
    assertEquals(v4 ? port : 0, after.localPortIPv4(), "localPortIPv4()" + of);
    assertEquals(carries6 ? port : 0, after.localPortIPv6(), "localPortIPv6()" + of);
    assertNotNull(after.localAddress(), "localAddress()" + of);
    socket.close();
  }

  /**
   * With no preference, a name that resolves to both versions is used with the first address the
   * resolver gives, as {@code preferIPv()} says.
   *
   * @param rig the rule's sockets
   * @throws UnknownHostException if the name does not resolve at all
   */
  @Test
  @DisplayName("UDP-7.7 with no preference (the default, or preferIPv() after another), a name that resolves to both versions is used with the first address the resolver gives")
  default void udp_7_7_noPreferenceTakesTheFirstAddress(Rig rig) throws UnknownHostException {
    rig.assumeIPv6();
    String name = System.getProperty(DUAL_NAME_PROPERTY, TestNames.BOTH);
    InetAddress[] all = InetAddress.getAllByName(name);
    Assumptions.assumeTrue(
        Arrays.stream(all).anyMatch(a -> a instanceof Inet4Address) && Arrays.stream(all).anyMatch(a -> a instanceof Inet6Address),
        name + " does not resolve to both an IPv4 and an IPv6 address here (" + Arrays.toString(all)
            + "); the testkit's own name " + TestNames.BOTH
            + " does where the JDK loads the testkit's resolver (another InetAddressResolverProvider may have won): name one that does with -D" + DUAL_NAME_PROPERTY);
    Class<?> first = all[0].getClass();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    rig.socket().send("by default", name, Rig.port(receiver));
    assertInstanceOf(first, inbox.next("the datagram sent with no preference").sender().getAddress(), "the resolver gave " + Arrays.toString(all));
    UdpSocket changed = rig.socket().preferIPv(first == Inet4Address.class ? 6 : 4).preferIPv();
    assertTrue(changed.info().ipVersionNeutral());
    changed.send("neutral again", name, Rig.port(receiver));
    assertInstanceOf(first, inbox.next("the datagram sent after preferIPv()").sender().getAddress(), "the resolver gave " + Arrays.toString(all));
  }

  /**
   * Rule UDP-7.8: two sockets used from one thread, each sending in turn to an IPv4 and an IPv6
   * destination of the same port number: every datagram reaches the destination it was sent to,
   * from the socket that sent it, whatever the provider caches between sends.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-7.8 two sockets used from one thread, each sending in turn to an IPv4 and an IPv6 destination of one port number: every datagram reaches its own destination, from the socket that sent it; so too a dual-stack and an IPv4 socket sending in turn to one IPv4 destination")
  default void udp_7_8_bothFamiliesFromOneThread(Rig rig) {
    rig.assumeIPv6();
    Inbox four = new Inbox();
    Inbox six = new Inbox();
    UdpSocket v4 = null;
    UdpSocket v6 = null;
    for (int attempt = 0; attempt < 20 && v6 == null; attempt++) { // ::1 with the port 127.0.0.1 got, unless taken
      UdpSocket candidate = rig.socket(four).listen("127.0.0.1", 0).receive();
      try {
        v6 = rig.socket(six).listen("::1", Rig.port(candidate)).receive();
        v4 = candidate;
      } catch (UdpException taken) {
        candidate.close();
      }
    }
    Assumptions.assumeTrue(v4 != null && v6 != null, "no port free on both 127.0.0.1 and ::1 in 20 tries");
    int port = Rig.port(java.util.Objects.requireNonNull(v4));
    UdpSocket a = rig.socket().listen(0);
    UdpSocket b = rig.socket().listen(0);
    int rounds = 50;
    for (int i = 0; i < rounds; i++) {
      a.send(Datagram.of(Rules.numbered(4 * i, 8)).to(Rig.loopback4(port)));
      a.send(Datagram.of(Rules.numbered(4 * i + 1, 8)).to(Rig.loopback6(port)));
      b.send(Datagram.of(Rules.numbered(4 * i + 2, 8)).to(Rig.loopback6(port)));
      b.send(Datagram.of(Rules.numbered(4 * i + 3, 8)).to(Rig.loopback4(port)));
    }
    java.util.Map<Integer, Integer> senderOf = java.util.Map.of(0, Rig.port(a), 1, Rig.port(a), 2, Rig.port(b), 3, Rig.port(b));
    for (Inbox.Datagram d : four.next(2 * rounds, "datagrams sent to 127.0.0.1:" + port)) {
      int n = Rules.number(d.payload());
      assertTrue(n % 4 == 0 || n % 4 == 3, "datagram " + n + ", sent to [::1]:" + port + ", arrived at 127.0.0.1:" + port);
      assertEquals(senderOf.get(n % 4), d.sender().getPort(), "the port datagram " + n + " came from");
    }
    for (Inbox.Datagram d : six.next(2 * rounds, "datagrams sent to [::1]:" + port)) {
      int n = Rules.number(d.payload());
      assertTrue(n % 4 == 1 || n % 4 == 2, "datagram " + n + ", sent to 127.0.0.1:" + port + ", arrived at [::1]:" + port);
      assertEquals(senderOf.get(n % 4), d.sender().getPort(), "the port datagram " + n + " came from");
    }
    four.expectNothing(Rig.QUIET, "no more datagrams at 127.0.0.1 than were sent there");
    six.expectNothing(Rules.BRIEF, "no more datagrams at ::1 than were sent there");
    // A dual-stack socket and an IPv4 socket, in turn, to one IPv4 destination: each sends as its
    // own family, whatever the other sent before from this thread.
    UdpSocket ipv4 = rig.socket().enableIPv(6, false).listen(0);
    for (int i = 0; i < 20; i++) {
      a.send(Datagram.of(Rules.numbered(2 * i, 8)).to(Rig.loopback4(port)));
      ipv4.send(Datagram.of(Rules.numbered(2 * i + 1, 8)).to(Rig.loopback4(port)));
    }
    List<Integer> arrived = new java.util.ArrayList<>();
    for (Inbox.Datagram d : four.next(40, "datagrams sent in turn by a dual-stack and an IPv4 socket to 127.0.0.1:" + port)) {
      int n = Rules.number(d.payload());
      assertEquals(n % 2 == 0 ? Rig.port(a) : Rig.port(ipv4), d.sender().getPort(), "the port datagram " + n + " came from");
      arrived.add(n);
    }
    java.util.Collections.sort(arrived);
    assertEquals(java.util.stream.IntStream.range(0, 40).boxed().toList(), arrived, "each datagram sent in turn by a dual-stack and an IPv4 socket arrives once");
  }
}
