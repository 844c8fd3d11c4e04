package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-10: bad input gets the documented exception and leaves the socket usable. */
public interface BadInputRules extends ProviderUnderTest {

  /**
   * Rule UDP-10.1: any port outside 0..65535 (1..65535 for connect) throws IllegalArgumentException
   * from listen, send and connect, and port 65535 works with all three; the socket stays usable.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-10.1 any port outside 0..65535 (1..65535 for connect) throws IllegalArgumentException from listen, send and connect, and port 65535 works with all three; the socket stays usable")
  default void udp_10_1_portsOutOfRange(Rig rig) {
    Gen<Integer> badPorts =
        Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE).filter(p -> p < 0 || p > 65_535);
    UdpSocket socket = rig.socket();
    Property.forAll(badPorts).tries(100).check(port -> {
      assertThrows(IllegalArgumentException.class, () -> socket.listen(port));
      assertThrows(IllegalArgumentException.class, () -> socket.listen("127.0.0.1", port));
      assertThrows(IllegalArgumentException.class, () -> socket.send("x", "127.0.0.1", port));
      assertThrows(IllegalArgumentException.class, () -> socket.connect("127.0.0.1", port));
    });
    assertThrows(IllegalArgumentException.class, () -> socket.connect("127.0.0.1", 0));
    for (int port : new int[] {-1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE}) { // the boundaries exactly
      assertThrows(IllegalArgumentException.class, () -> socket.listen("127.0.0.1", port), "listen on port " + port);
      assertThrows(IllegalArgumentException.class, () -> socket.send("x", "127.0.0.1", port), "send to port " + port);
      assertThrows(IllegalArgumentException.class, () -> socket.connect("127.0.0.1", port), "connect to port " + port);
    }
    assertTrue(socket.isClosed(), "bad arguments must not bind the socket");
    // 65535 is a port like any other, everywhere a port is taken.
    Inbox top = new Inbox();
    UdpSocket highest;
    try {
      highest = rig.socket(top).listen("127.0.0.1", 65_535).receive();
    } catch (net.udp.UdpException inUse) { // taken by another program: the operating system's word, never an argument error
      highest = null;
    }
    if (highest != null) {
      assertEquals(65_535, Rig.port(highest), "the port of a socket bound to 65535");
      rig.socket().send("to 65535", "127.0.0.1", 65_535);
      assertEquals("to 65535", top.next("a datagram sent to port 65535").text());
      rig.socket().connect("127.0.0.1", 65_535).write("connected to 65535");
      assertEquals("connected to 65535", top.next("a datagram written to a socket connected to port 65535").text());
      highest.close();
    }
    Inbox inbox = new Inbox();
    socket.setCallback(inbox).listen("127.0.0.1", 0).receive();
    rig.socket().send("usable", Rig.loopback4(Rig.port(socket)));
    assertEquals("usable", inbox.next("a datagram on the socket that refused bad ports").text());
  }

  /**
   * Rule UDP-10.2: a null message, host, address or callback throws NullPointerException.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  @DisplayName("UDP-10.2 a null message, host, address or callback throws NullPointerException")
  default void udp_10_2_nullsAreRefused(Rig rig) {
    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    assertThrows(NullPointerException.class, () -> socket.send((Datagram) null, (tag, failure) -> { }));
    assertThrows(NullPointerException.class, () -> socket.send((ByteBuffer) null, new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9)));
    assertThrows(NullPointerException.class, () -> socket.send((String) null, "127.0.0.1", 9));
    assertThrows(NullPointerException.class, () -> socket.send("x", (String) null, 9));
    assertThrows(NullPointerException.class, () -> socket.send("x", (InetSocketAddress) null));
    assertThrows(NullPointerException.class, () -> socket.sendAsync(null));
    assertThrows(NullPointerException.class, () -> socket.listen(null, 0));
    assertThrows(NullPointerException.class, () -> socket.connect(null, 9));
    assertThrows(NullPointerException.class, () -> socket.receive(null));
    assertThrows(NullPointerException.class, () -> socket.receiveOne(null));
    assertThrows(NullPointerException.class, () -> Udp.parseAddress((String) null));
  }

  /**
   * Rule UDP-10.3: an empty or blank host throws IllegalArgumentException from send, listen and
   * connect.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-10.3 an empty or blank host throws IllegalArgumentException from send, listen and connect")
  default void udp_10_3_emptyHostsAreRefused(Rig rig) {
    UdpSocket socket = rig.socket();
    for (String host : new String[] {"", " ", "\t"}) {
      assertThrows(IllegalArgumentException.class, () -> socket.send("x", host, 9));
      assertThrows(IllegalArgumentException.class, () -> socket.listen(host, 0));
      assertThrows(IllegalArgumentException.class, () -> socket.connect(host, 9));
    }
    assertTrue(socket.isClosed());
  }

  /**
   * Rule UDP-10.5: an IP version other than 4 or 6 for enableIPv, and sizes out of range, throw
   * IllegalArgumentException.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-10.5 an IP version other than 4 or 6 for enableIPv, and sizes out of range, throw IllegalArgumentException")
  default void udp_10_5_versionsAndSizesOutOfRange(Rig rig) {
    UdpSocket socket = rig.socket();
    Property.forAll(Gen.integers(-100, 100).filter(v -> v != 4 && v != 6)).tries(50).check(version -> {
      assertThrows(IllegalArgumentException.class, () -> socket.enableIPv(version, true));
      assertThrows(IllegalArgumentException.class, () -> socket.enableIPv(version));
    });
    Property.forAll(Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE).filter(s -> s < 1 || s > 65_535)).tries(50).check(size -> {
      assertThrows(IllegalArgumentException.class, () -> socket.setBufferSize(size));
      assertThrows(IllegalArgumentException.class, () -> socket.setBufferSize(size, 4));
    });
    assertThrows(IllegalArgumentException.class, () -> socket.setSocketReceiveBuffer(0));
    assertThrows(IllegalArgumentException.class, () -> socket.setSocketSendBuffer(-1));
    assertThrows(IllegalArgumentException.class, () -> socket.setSendQueueCapacity(0));
    assertEquals(UdpSocket.DEFAULT_BUFFER_SIZE, socket.info().maxReceiveIPv4BufferSize());
  }

  /**
   * Rule UDP-10.6: receive and receiveOne without a callback, or before the socket is bound, throw
   * IllegalStateException saying what is missing.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-10.6 receive and receiveOne without a callback, or before the socket is bound, throw IllegalStateException saying what is missing")
  default void udp_10_6_receiveNeedsACallbackAndABinding(Rig rig) {
    UdpSocket socket = rig.socket().listen("127.0.0.1", 0);
    IllegalStateException noCallback = assertThrows(IllegalStateException.class, socket::receive);
    assertTrue(Rules.message(noCallback).contains("callback"), Rules.message(noCallback));
    assertThrows(IllegalStateException.class, socket::receiveOne);
    UdpSocket unbound = rig.socket(new Inbox());
    IllegalStateException notBound = assertThrows(IllegalStateException.class, unbound::receive);
    assertTrue(Rules.message(notBound).contains("bound"), Rules.message(notBound));
  }

  /**
   * Rule UDP-10.7: what looks like an IPv4 literal but is not a dotted quad (1.2.3, 127.1, 0177.0.0.1,
   * 0x7f.0.0.1, 2130706433) is refused alike by send, connect, listen and parseAddress, never looked
   * up: a name service would read it as some address, C's inet_aton as another.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-10.7 what looks like an IPv4 literal but is not a dotted quad (1.2.3, 127.1, 0177.0.0.1, 0x7f.0.0.1, 2130706433) is refused alike by send, connect, listen and parseAddress, never looked up")
  default void udp_10_7_malformedLiteralsAreRefusedAlike(Rig rig) {
    Gen<String> part = Gen.zip(Gen.integers(0, 300), Gen.integers(0, 2),
        (n, form) -> form == 0 ? Integer.toString(n) : form == 1 ? "0" + n : "0x" + Integer.toHexString(n));
    Gen<String> texts = Gen.lists(part, 1, 4).map(parts -> String.join(".", parts))
        .filter(text -> !text.matches("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"));
    UdpSocket socket = rig.socket();
    Property.forAll(texts).tries(200).check(text -> {
      assertThrows(IllegalArgumentException.class, () -> socket.send("x", text, 9), "send to " + text);
      InetSocketAddress unresolved = InetSocketAddress.createUnresolved(text, 9);
      assertThrows(IllegalArgumentException.class, () -> socket.send(ByteBuffer.allocate(1), unresolved), "send to " + text + " given unresolved");
      assertThrows(IllegalArgumentException.class, () -> socket.connect(text, 9), "connect to " + text);
      assertThrows(IllegalArgumentException.class, () -> socket.listen(text, 0), "listen on " + text);
      assertTrue(Udp.parseAddress(text, 9).isEmpty(), "parseAddress(" + text + ", 9)");
      assertTrue(Udp.parseAddress(text + ":9").isEmpty(), "parseAddress(" + text + ":9)");
    });
    assertTrue(socket.isClosed(), "a refused address binds nothing");
    assertEquals(0, socket.info().counters().datagramsSent());
  }

  /**
   * listen on a bound socket, whether listen or a first send bound it, is refused, and the socket
   * stays where it was.
   *
   * @param rig the rule's sockets
   */
  @Test
  @DisplayName("UDP-10.8 listen on a socket that is bound, by listen or by a first send, throws IllegalStateException and leaves it bound where it was")
  default void udp_10_8_listenOnABoundSocketIsRefused(Rig rig) {
    UdpSocket listening = rig.socket().listen("127.0.0.1", 0);
    int port = Rig.port(listening);
    assertThrows(IllegalStateException.class, () -> listening.listen("127.0.0.1", 0));
    assertThrows(IllegalStateException.class, () -> listening.listen(0));
    assertEquals(port, Rig.port(listening));
    Outcomes outcomes = new Outcomes();
    UdpSocket sending = rig.socket();
    sending.send(Datagram.of("binds").to(Rig.loopback4(port)).tag(1), outcomes);
    outcomes.next().succeeded();
    int sendingPort = Rig.port(sending);
    assertThrows(IllegalStateException.class, () -> sending.listen(0));
    assertEquals(sendingPort, Rig.port(sending));
    assertFalse(sending.isClosed());
  }
}
