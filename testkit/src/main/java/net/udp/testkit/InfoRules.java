package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpCounters;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** UDP-8: info() is complete and true at every point of a socket's life. */
public interface InfoRules extends ProviderUnderTest {

  /**
   * Rule UDP-8.1: a new socket's {@code info()} : closed, not connected, no addresses, default
   * sizes, the module's default timeout, zero counters, its provider's name.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-8.1 a new socket's info(): closed, not connected, no addresses, default sizes, the module's default timeout, zero counters and no drop count, its provider's name")
  default void udp_8_1_newSocketInfo(Rig rig) {
    UdpSocketInfo info = rig.socket().info();
    assertEquals(rig.provider().name(), info.provider(), "provider()");
    assertTrue(info.closed());
    assertFalse(info.connected());
    assertFalse(info.ipv4(), "ipv4() of a socket not bound");
    assertFalse(info.ipv6(), "ipv6() of a socket not bound");
    assertTrue(info.ipv4Enabled());
    assertTrue(info.ipv6Enabled());
    assertTrue(info.ipVersionNeutral());
    assertNull(info.localAddress());
    assertNull(info.connectedAddress());
    assertEquals(0, info.localPort());
    assertEquals(0, info.connectedPort());
    assertEquals(UdpSocket.DEFAULT_BUFFER_SIZE, info.maxReceiveIPv4BufferSize());
    assertEquals(UdpSocket.DEFAULT_BUFFER_SIZE, info.maxReceiveIPv6BufferSize());
    assertEquals(Udp.defaultTimeout(), info.timeout());
    assertFalse(info.receiving());
    assertFalse(info.broadcast());
    assertFalse(info.reusePort());
    assertEquals(0, info.counters().datagramsReceived());
    assertEquals(0, info.counters().datagramsSent());
    assertTrue(info.counters().datagramsDropped().isEmpty(), "datagramsDropped of a socket never opened: there is no kernel count to give");
  }

  /**
   * Rule UDP-8.2: after listen on 127.0.0.1: open, bound to that address and an ephemeral port,
   * IPv4 only.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-8.2 after listen on 127.0.0.1: open, bound to that address and an ephemeral port, IPv4 only")
  default void udp_8_2_listeningSocketInfo(Rig rig) {
    UdpSocketInfo info = rig.socket().listen("127.0.0.1", 0).info();
    assertFalse(info.closed(), "closed() after listen");
    assertEquals("127.0.0.1", info.localHost());
    assertTrue(info.localPort() > 0);
    assertEquals(info.localAddress(), info.localAddressIPv4());
    assertNull(info.localAddressIPv6());
    assertTrue(info.ipv4());
    assertFalse(info.ipv6());
    assertTrue(info.socketReceiveBuffer() > 0, "socketReceiveBuffer");
  }

  /**
   * Rule UDP-8.3: after connect: connected, with the peer's address, host and port.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-8.3 after connect: connected, with the peer's address, host and port")
  default void udp_8_3_connectedSocketInfo(Rig rig) {
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    UdpSocketInfo info = rig.socket().connect("127.0.0.1", Rig.port(peer)).info();
    assertTrue(info.connected(), "connected() after connect");
    assertEquals(Rig.loopback4(Rig.port(peer)), info.connectedAddress());
    assertEquals("127.0.0.1", info.connectedHost());
    assertEquals(Rig.port(peer), info.connectedPort());
    assertTrue(info.localPort() > 0);
  }

  /**
   * Rule UDP-8.4: after close: closed, not connected, no addresses; the counters stay readable.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-8.4 after close: closed, not connected, no addresses; the counters stay readable")
  default void udp_8_4_closedSocketInfo(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket peer = rig.socket().listen("127.0.0.1", 0);
    UdpSocket socket = rig.socket().connect("127.0.0.1", Rig.port(peer));
    socket.send("one", Rig.loopback4(Rig.port(peer)));
    Rig.await("the send to be counted", () -> socket.info().counters().datagramsSent() == 1);
    socket.close();
    UdpSocketInfo info = socket.info();
    assertTrue(info.closed(), "closed() after close");
    assertFalse(info.connected(), "connected() after close");
    assertNull(info.localAddress(), "localAddress() after close");
    assertNull(info.connectedAddress(), "connectedAddress() after close");
    assertEquals(1, info.counters().datagramsSent());
    assertFalse(receiver.isClosed());
  }

  /**
   * Rule UDP-8.5: the counters match what was sent and received: datagrams and payload bytes on
   * both sides, no failures.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-8.5 the counters match what was sent and received: datagrams and payload bytes on both sides, no failures")
  default void udp_8_5_countersMatchTraffic(Rig rig) {
    Property.forAll(Gen.lists(Gen.integers(0, 2000), 0, 50)).tries(Rules.TRIES).check(sizes -> {
      Inbox inbox = new Inbox();
      UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
      UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
      long bytes = 0;
      for (int size : sizes) {
        sender.send(Datagram.of(new byte[size]).to(Rig.loopback4(Rig.port(receiver))));
        bytes += size;
      }
      inbox.next(sizes.size(), "datagrams");
      long total = bytes;
      Rig.await("the sender's counters", () -> sender.info().counters().datagramsSent() == sizes.size());
      UdpCounters sent = sender.info().counters();
      UdpCounters received = receiver.info().counters();
      assertEquals(total, sent.bytesSent(), "bytesSent");
      assertEquals(0, sent.sendsFailed(), "sendsFailed");
      assertEquals(sizes.size(), received.datagramsReceived(), "datagramsReceived");
      assertEquals(total, received.bytesReceived(), "bytesReceived");
      assertEquals(0, received.datagramsTruncated(), "datagramsTruncated");
      received.datagramsDropped().ifPresent(drops -> assertEquals(0, drops, "datagramsDropped"));
      receiver.close();
      sender.close();
    });
  }

  /**
   * Rule UDP-8.6: {@code info()} shows the settings: user data, timeout, broadcast, reusePort,
   * buffer sizes, and whether the socket is receiving.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-8.6 info() shows the settings: user data, timeout, broadcast, reusePort, buffer sizes, and whether the socket is receiving")
  default void udp_8_6_settingsAreShown(Rig rig) {
    Object data = new Object();
    UdpSocket socket =
        rig.socket(new Inbox()).setUserData(data).setTimeout(Duration.ofMillis(1500)).broadcast().reusePort().setBufferSize(512, 6);
    UdpSocketInfo info = socket.info();
    assertSame(data, info.userData(), "userData()");
    assertEquals(Optional.of(Duration.ofMillis(1500)), info.timeout());
    assertTrue(info.broadcast());
    assertTrue(info.reusePort());
    assertEquals(UdpSocket.DEFAULT_BUFFER_SIZE, info.maxReceiveIPv4BufferSize());
    assertEquals(512, info.maxReceiveIPv6BufferSize());
    socket.listen("127.0.0.1", 0).receive();
    assertTrue(socket.info().receiving());
    socket.pause();
    assertFalse(socket.info().receiving());
    assertTrue(socket.setTimeout(null).info().timeout().isEmpty());
  }

  /**
   * Rule UDP-8.7: Udp.setDefaultTimeout sets the timeout new sockets start with, a negative one
   * none; existing sockets keep theirs.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @ResourceLock("net.udp.Udp.defaultTimeout")
  @DisplayName("UDP-8.7 Udp.setDefaultTimeout sets the timeout new sockets start with, a negative one none; existing sockets keep theirs")
  default void udp_8_7_defaultTimeoutIsCopied(Rig rig) {
    Optional<Duration> saved = Udp.defaultTimeout();
    UdpSocket before = rig.socket();
    try {
      Udp.setDefaultTimeout(Duration.ofSeconds(3));
      UdpSocket after = rig.socket();
      assertEquals(Optional.of(Duration.ofSeconds(3)), after.info().timeout());
      assertEquals(saved, before.info().timeout());
      Udp.setDefaultTimeout(Duration.ofSeconds(-1)); // negative: none, as for setTimeout
      assertEquals(Optional.empty(), Udp.defaultTimeout(), "Udp.defaultTimeout() after a negative one was set");
      assertEquals(Optional.empty(), rig.socket().info().timeout(), "the timeout of a socket made after a negative default was set");
    } finally {
      Udp.setDefaultTimeout(saved.orElse(null));
    }
  }

  /**
   * Rule UDP-8.8: kernel drops are reported when asked, not when the next datagram arrives: after
   * a paused socket's buffer overflowed, info() counts the drops at once, for a socket bound to an
   * IPv4 address, a dual-stack one and one bound to an IPv6 address alike.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Requires(Capability.KERNEL_DROPS)
  @Test
  @DisplayName("UDP-8.8 kernel drops are reported when asked, not when the next datagram arrives: after a paused socket's buffer overflowed, info() counts the drops at once, on IPv4, dual-stack and IPv6 sockets alike")
  default void udp_8_8_dropsAreCurrent(Rig rig) {
    // Each kind of socket, as a provider may look a socket's drops up by its family.
    for (String bound : new String[] {"127.0.0.1", "0.0.0.0 and ::, dual-stack", "::1"}) {
      UdpSocket receiver = rig.socket(new Inbox()).setSocketReceiveBuffer(4096); // paused
      switch (bound) {
        case "127.0.0.1", "::1" -> receiver.listen(bound, 0);
        default -> receiver.listen(0);
      }
      java.net.InetSocketAddress to = bound.equals("::1") ? Rig.loopback6(Rig.port(receiver)) : Rig.loopback4(Rig.port(receiver));
      UdpSocket sender = rig.socket();
      int sent = 200;
      for (int i = 0; i < sent; i++) {
        sender.send(Datagram.of(Rules.numbered(i, 512)).to(to));
      }
      Rig.await("all " + sent + " sends", () -> sender.info().counters().datagramsSent() == sent);
      long drops = receiver.info().counters().datagramsDropped().orElseThrow(
          () -> new AssertionError("no drop count is reported for a socket bound to " + bound + "; a provider that cannot know it declares it lacks "
              + Capability.KERNEL_DROPS.id()));
      assertTrue(drops > 0, "a 4 KiB buffer (bound to " + bound + ") took " + sent + " datagrams of 512 bytes, and " + drops + " drops are reported");
    }
  }

  /**
   * Rule UDP-8.9: socketReceiveBuffer() is what getsockopt(SO_RCVBUF) reports: on Linux, the
   * kernel's default for a new socket (net.core.rmem_default), and twice the size asked for after
   * setSocketReceiveBuffer, as the kernel doubles it, whatever send buffer was asked for beside it.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws java.io.IOException when the kernel's default cannot be read (a failure)
   */
  @Test
  @DisplayName("UDP-8.9 socketReceiveBuffer() is what getsockopt(SO_RCVBUF) reports: on Linux, the kernel's default for a new socket (net.core.rmem_default), and twice the size asked for after setSocketReceiveBuffer, as the kernel doubles it, whatever send buffer was asked for beside it")
  default void udp_8_9_receiveBufferIsTheKernels(Rig rig) throws java.io.IOException {
    java.nio.file.Path rmemDefault = java.nio.file.Path.of("/proc/sys/net/core/rmem_default");
    java.nio.file.Path rmemMax = java.nio.file.Path.of("/proc/sys/net/core/rmem_max");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(rmemDefault) && java.nio.file.Files.isReadable(rmemMax),
        "not Linux: the kernel's buffer sizes are read from /proc/sys/net/core");
    // readAllLines reads in one go: a sysctl file answers only a read that starts at its beginning.
    int byDefault = Integer.parseInt(java.nio.file.Files.readAllLines(rmemDefault).get(0).strip());
    int max = Integer.parseInt(java.nio.file.Files.readAllLines(rmemMax).get(0).strip());
    assertEquals(byDefault, rig.socket().listen("127.0.0.1", 0).info().socketReceiveBuffer());
    int asked = Math.min(32_768, max);
    assertEquals(2 * asked, rig.socket().setSocketReceiveBuffer(asked).listen("127.0.0.1", 0).info().socketReceiveBuffer(),
        "socketReceiveBuffer() after setSocketReceiveBuffer(" + asked + ")");
    // Each buffer in its own place: the send buffer's size, asked for before binding too, is not the receive buffer's.
    assertEquals(2 * asked, rig.socket().setSocketReceiveBuffer(asked).setSocketSendBuffer(8192).listen("127.0.0.1", 0).info().socketReceiveBuffer(),
        "socketReceiveBuffer() after setSocketReceiveBuffer(" + asked + ") and setSocketSendBuffer(8192), both before binding");
  }

  /**
   * A failed send is counted as failed, and not as sent.
   *
   * @param rig the rule's sockets
   */
  @Test
  @DisplayName("UDP-8.10 a failed send counts in sendsFailed, whether refused at once or failed while it waited (for a name), and not in datagramsSent or bytesSent")
  default void udp_8_10_failedSendsAreCountedAsFailed(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    Outcomes outcomes = new Outcomes();
    sender.send(Datagram.of("to port zero").to("127.0.0.1", 0).tag(1), outcomes);
    outcomes.next().failed();
    sender.send(Datagram.of(new byte[Rules.MAX_IPV4_PAYLOAD + 1]).to(Rig.loopback4(Rig.port(receiver))).tag(2), outcomes);
    outcomes.next().failed();
    sender.send(Datagram.of("to no such name").to("no-such-host.invalid", 9).tag(4), outcomes); // fails while it waits in the queue
    outcomes.next().failed();
    sender.send(Datagram.of("ok").to(Rig.loopback4(Rig.port(receiver))).tag(3), outcomes);
    outcomes.next().succeeded();
    inbox.next("the datagram sent");
    UdpCounters counters = sender.info().counters();
    assertEquals(3, counters.sendsFailed(), "sendsFailed after two sends refused at once and one that failed while it waited for its name");
    assertEquals(1, counters.datagramsSent(), "datagramsSent");
    assertEquals(2, counters.bytesSent(), "bytesSent");
  }
}
