package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-18: what the operating system tells about each datagram received. Every provider is held
 * to telling the truth in {@code info()} (18.1); one that collects metadata, and does not declare
 * it lacks {@link Capability#RECEIVE_METADATA}, to collecting the right facts (18.2 to 18.4). The
 * peers that set a TOS byte or time a send are plain {@link DatagramChannel}s, so that the facts
 * are known to the rule and not taken from the provider under test.
 */
public interface MetadataRules extends ProviderUnderTest {

  /**
   * Rule UDP-18.1: {@code info().receiveMetadata()} tells the truth. It holds no more than was
   * asked, and nothing once nothing is asked; each fact it holds arrives with every datagram, and
   * every other reads absent, for each of the sixteen choices of the four facts. A provider that
   * does not declare it lacks receive metadata collects all of it.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-18.1 info().receiveMetadata() holds what was asked and the provider collects, and nothing when nothing is asked; each fact it holds comes with every datagram, every other reads absent; a socket opened again collects what was asked before its close")
  default void udp_18_1_infoTellsWhatIsCollected(Rig rig) {
    LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
    UdpSocket receiver = rig.socket(Told.keeping(told)).listen("127.0.0.1", 0).receive();
    assertEquals(Set.of(), receiver.info().receiveMetadata(), "receiveMetadata() of a socket never asked");
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    // Each of the sixteen choices of the four facts, in turn: few enough to try them all, and the
    // receive time asked alone is the one control message that ends the kernel's buffer exactly.
    List<UdpMetadata> facts = List.of(UdpMetadata.DESTINATION, UdpMetadata.ECN, UdpMetadata.HOP_LIMIT, UdpMetadata.RECEIVE_TIME);
    for (int choice = 0; choice < (1 << facts.size()); choice++) {
      EnumSet<UdpMetadata> ask = EnumSet.noneOf(UdpMetadata.class);
      for (int i = 0; i < facts.size(); i++) {
        if ((choice & (1 << i)) != 0) {
          ask.add(facts.get(i));
        }
      }
      Set<UdpMetadata> on = receiver.setReceiveMetadata(ask).info().receiveMetadata();
      assertTrue(ask.containsAll(on), () -> "asked for " + ask + ", info() says " + on);
      if (!lacks().contains(Capability.RECEIVE_METADATA)) {
        assertEquals(ask, on, "a provider that collects receive metadata collects what it is asked for; one that cannot declares it lacks " + Capability.RECEIVE_METADATA.id());
      }
      for (int i = 0; i < 3; i++) {
        sender.send(ByteBuffer.allocate(i), to);
        checkEach(on, Told.next(told, "datagram " + i + " with " + ask + " asked for"));
      }
    }
    Set<UdpMetadata> kept = receiver.setReceiveMetadata(EnumSet.of(UdpMetadata.DESTINATION, UdpMetadata.ECN, UdpMetadata.HOP_LIMIT,
        UdpMetadata.RECEIVE_TIME)).info().receiveMetadata();
    receiver.close();
    assertEquals(Set.of(), receiver.info().receiveMetadata(), "receiveMetadata() of a closed socket");
    // Opened again, the socket collects what was asked before, as it keeps the rest of its settings.
    receiver.listen("127.0.0.1", 0).receive();
    assertEquals(kept, receiver.info().receiveMetadata(), "receiveMetadata() after a close and a listen");
    sender.send(ByteBuffer.allocate(1), Rig.loopback4(Rig.port(receiver)));
    checkEach(kept, Told.next(told, "a datagram after the reopen"));
  }

  /** Checks that each fact of the four {@code on} holds comes with the datagram, and the others read absent. */
  private static void checkEach(Set<UdpMetadata> on, Told t) {
    check(on, UdpMetadata.DESTINATION, t.destination() != null && t.interfaceIndex() > 0, t.destination() == null && t.interfaceIndex() == -1, t);
    check(on, UdpMetadata.ECN, t.ecn() >= 0 && t.ecn() <= 3, t.ecn() == -1, t);
    check(on, UdpMetadata.HOP_LIMIT, t.hopLimit() >= 1 && t.hopLimit() <= 255, t.hopLimit() == -1, t);
    check(on, UdpMetadata.RECEIVE_TIME, t.receiveTimeNanos() > 0, t.receiveTimeNanos() == -1, t);
  }

  private static void check(Set<UdpMetadata> on, UdpMetadata fact, boolean present, boolean absent, Told t) {
    if (on.contains(fact)) {
      assertTrue(present, () -> "info() says " + fact + " is collected, but a datagram arrived without it: " + t);
    } else {
      assertTrue(absent, () -> fact + " is not collected (info() says " + on + "), yet a datagram arrived with it: " + t);
    }
  }

  /**
   * Rule UDP-18.2: a socket bound to the wildcard address is told the address each datagram was
   * sent to, of the family it was sent over, and the loopback interface's index; with an executor
   * too, where the provider hands over a copy. 127.1.2.3 has a byte of each kind: an address put
   * together from the wrong bytes would show.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws IOException if the loopback interface cannot be looked up
   */
  @Test
  @Requires(Capability.RECEIVE_METADATA)
  @DisplayName("UDP-18.2 a wildcard-bound socket is told the address each datagram was sent to (127.0.0.1, 127.1.2.3, the broadcast 127.255.255.255, ::1), IPv4 ones as IPv4, and the interface it arrived on; with an executor too")
  default void udp_18_2_theDestinationIsTheAddressSentTo(Rig rig) throws IOException {
    NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    assertNotNull(lo, "no loopback interface");
    for (boolean withExecutor : new boolean[] {false, true}) {
      LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
      UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveMetadata(EnumSet.of(UdpMetadata.DESTINATION));
      if (withExecutor) {
        receiver.setExecutor(rig.executor("metadata-18.2", 1));
      }
      receiver.listen(0).receive();
      UdpSocket sender = rig.socket().broadcast().listen(0);
      String how = withExecutor ? " (with an executor)" : "";
      // The loopback broadcast address too: the kernel tells it apart from the local address
      // that took the datagram, which a provider reading the wrong field would report.
      for (String address : Rig.hasIPv6() ? new String[] {"127.0.0.1", "127.1.2.3", "127.255.255.255", "::1"} : new String[] {"127.0.0.1", "127.1.2.3", "127.255.255.255"}) {
        sender.send("to " + address, address, Rig.port(receiver));
        Told t = Told.next(told, "a datagram sent to " + address + how);
        InetAddress expected = Udp.parseAddress(address, 0).orElseThrow().getAddress();
        assertEquals(expected, t.destination(), "the destination of a datagram sent to " + address + how);
        assertEquals(expected instanceof Inet4Address, t.destination() instanceof Inet4Address, "the family of " + address + how);
        assertEquals(lo.getIndex(), t.interfaceIndex(), "the interface a datagram to " + address + " arrived on" + how);
      }
    }
  }

  /**
   * Rule UDP-18.3: the ECN codepoint is the two low bits of the TOS byte or traffic class the
   * sender set, whatever the six DSCP bits above them hold, over IPv4 and IPv6.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws IOException if the peer channel cannot be opened
   */
  @Test
  @Requires(Capability.RECEIVE_METADATA)
  @DisplayName("UDP-18.3 the ECN codepoint received is the two low bits of the sender's TOS byte or traffic class, whatever its DSCP bits, over IPv4 and IPv6")
  default void udp_18_3_theEcnCodepointIsTheSenders(Rig rig) throws IOException {
    LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
    UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveMetadata(EnumSet.of(UdpMetadata.ECN)).listen(0).receive();
    try (DatagramChannel v4 = DatagramChannel.open(StandardProtocolFamily.INET);
        DatagramChannel v6 = Rig.hasIPv6() ? DatagramChannel.open(StandardProtocolFamily.INET6) : null) {
      Gen<int[]> cases = Gen.zip(Gen.integers(0, 63), Gen.integers(0, 3), (dscp, ecn) -> new int[] {dscp, ecn});
      Property.forAll(cases).tries(Rules.TRIES).afterFailure(told::clear).check(c -> {
        int tos = c[0] << 2 | c[1];
        for (boolean six : v6 == null ? new boolean[] {false} : new boolean[] {false, true}) {
          DatagramChannel peer = six && v6 != null ? v6 : v4;
          try {
            peer.setOption(StandardSocketOptions.IP_TOS, tos);
            peer.send(ByteBuffer.allocate(1), six ? Rig.loopback6(Rig.port(receiver)) : Rig.loopback4(Rig.port(receiver)));
          } catch (IOException e) {
            throw new AssertionError("the peer could not send with TOS " + tos, e);
          }
          Told t = Told.next(told, "a datagram with TOS " + tos + (six ? " over IPv6" : " over IPv4"));
          assertEquals(c[1], t.ecn(), "the ECN codepoint of a datagram sent with TOS " + tos + " (DSCP " + c[0] + ", ECN " + c[1] + ")" + (six ? " over IPv6" : " over IPv4"));
        }
      });
    }
  }

  /**
   * Rule UDP-18.4: the receive time is when the kernel took the datagram, not when the callback
   * ran: a datagram that waited 200 ms in a paused socket is stamped with the time it was sent.
   * The hop limit is one the datagram can have arrived with: on Linux loopback, the sender's
   * default, from either family to an IPv4, dual-stack or IPv6-only socket.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws IOException if the peer channel cannot be opened
   */
  @Test
  @Requires(Capability.RECEIVE_METADATA)
  @DisplayName("UDP-18.4 the receive time is when the kernel took the datagram, not when the callback ran: one that waited 200 ms in a paused socket is stamped with the time it was sent; the hop limit is the sender's, from IPv4 and IPv6 to IPv4, dual-stack and IPv6-only sockets")
  default void udp_18_4_theReceiveTimeIsTheKernels(Rig rig) throws IOException {
    LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
    UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveMetadata(EnumSet.of(UdpMetadata.RECEIVE_TIME, UdpMetadata.HOP_LIMIT))
        .listen("127.0.0.1", 0);
    try (DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET)) {
      // Linux stamps datagrams as they arrive only once timestamping is on system-wide, which it
      // turns on a few milliseconds after the first socket asks (and off after the last closes);
      // until then a datagram is stamped when it is read. Wait for a stamp that predates its read.
      long deadline = System.nanoTime() + Rig.patience().toNanos();
      int probes = 0;
      while (true) {
        peer.send(ByteBuffer.allocate(1), Rig.loopback4(Rig.port(receiver)));
        Rig.pause(Duration.ofMillis(20));
        receiver.receiveOne();
        Told probe = Told.next(told, "probe " + probes);
        probes++;
        if (nanos(probe.called()) - probe.receiveTimeNanos() >= Duration.ofMillis(10).toNanos()) {
          break;
        }
        if (System.nanoTime() > deadline || probes == 200) {
          fail("none of " + probes + " datagrams that waited 20 ms was stamped when it arrived: each was stamped when it was read");
        }
      }
      for (int i = 0; i < 3; i++) {
        long before = nanos(Instant.now());
        peer.send(ByteBuffer.allocate(8), Rig.loopback4(Rig.port(receiver)));
        long after = nanos(Instant.now());
        Rig.pause(Duration.ofMillis(200)); // in the kernel's buffer: the socket is not receiving
        receiver.receiveOne();
        Told t = Told.next(told, "datagram " + i + ", sent while the socket was paused");
        // The clocks' granularity, and a loaded machine's softirq that may hand the datagram on a
        // little later: well short of the 200 ms the datagram then waits, which the fault shows.
        long slack = Duration.ofMillis(20).toNanos();
        assertTrue(t.receiveTimeNanos() >= before - slack && t.receiveTimeNanos() <= after + slack,
            () -> "received at " + t.receiveTimeNanos() + " ns, but sent between " + before + " and " + after + " ns, and called back at " + nanos(t.called()));
        assertTrue(t.hopLimit() >= 1 && t.hopLimit() <= 255, () -> "hop limit " + t.hopLimit());
      }
    }
    hopLimitsOnEveryKindOfSocket(rig);
  }

  /**
   * The hop limit of a datagram from each family to each kind of socket that carries it: an IPv4
   * socket, a dual-stack one (whose IPv4 datagrams the kernel tells with IPv4's own option), an
   * IPv6-only one. Loopback does not count a hop, so on Linux it is the sender's default: the
   * namespace's {@code ip_default_ttl}, or loopback's IPv6 {@code hop_limit}.
   */
  private static void hopLimitsOnEveryKindOfSocket(Rig rig) throws IOException {
    record Case(String socket, boolean dualStack, boolean ipv6Only, StandardProtocolFamily from) {}
    List<Case> cases = Rig.hasIPv6()
        ? List.of(new Case("an IPv4 socket", false, false, StandardProtocolFamily.INET),
            new Case("a dual-stack socket", true, false, StandardProtocolFamily.INET),
            new Case("a dual-stack socket", true, false, StandardProtocolFamily.INET6),
            new Case("an IPv6-only socket", false, true, StandardProtocolFamily.INET6))
        : List.of(new Case("an IPv4 socket", false, false, StandardProtocolFamily.INET));
    for (Case c : cases) {
      LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
      UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveMetadata(EnumSet.of(UdpMetadata.HOP_LIMIT));
      if (c.ipv6Only()) {
        receiver.enableIPv(4, false).listen("::1", 0);
      } else if (c.dualStack()) {
        receiver.listen(0);
      } else {
        receiver.listen("127.0.0.1", 0);
      }
      receiver.receive();
      boolean v6 = c.from() == StandardProtocolFamily.INET6;
      InetSocketAddress to = v6 ? Rig.loopback6(Rig.port(receiver)) : Rig.loopback4(Rig.port(receiver));
      try (DatagramChannel peer = DatagramChannel.open(c.from())) {
        peer.send(ByteBuffer.allocate(4), to);
      }
      String what = "the hop limit of a datagram from " + (v6 ? "::1" : "127.0.0.1") + " to " + c.socket();
      int hops = Told.next(told, what).hopLimit();
      int sent = defaultHopLimit(v6);
      if (sent > 0) {
        assertEquals(sent, hops, what + " (loopback counts no hop: the sender's default, " + sent + ")");
      } else {
        assertTrue(hops >= 1 && hops <= 255, () -> what + ": " + hops);
      }
    }
  }

  /** The hop limit a datagram on loopback leaves with by default, or -1 where the system does not say. */
  private static int defaultHopLimit(boolean ipv6) {
    java.nio.file.Path setting = java.nio.file.Path.of(ipv6 ? "/proc/sys/net/ipv6/conf/lo/hop_limit" : "/proc/sys/net/ipv4/ip_default_ttl");
    // A line read, not Files.readString: /proc says its files are empty, and readString then
    // returned only the first byte of "64" here (JDK 25).
    try (java.io.BufferedReader lines = java.nio.file.Files.newBufferedReader(setting)) {
      String line = lines.readLine();
      return line == null ? -1 : Integer.parseInt(line.strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /**
   * Rule UDP-18.8: every socket tells a metadata callback whether a datagram was truncated,
   * whatever it collects: one longer than the buffer size for its IP version arrives cut to it and
   * says so; one exactly as long as the buffer, or shorter, says it is whole. A callback run by an
   * executor, which gets a copy, is told the same.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-18.8 every socket tells whether a datagram was truncated, whatever it collects: one over the buffer size is, one of exactly the buffer size or less is not; with an executor too")
  default void udp_18_8_truncationIsTold(Rig rig) {
    for (boolean withExecutor : new boolean[] {false, true}) {
      LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
      UdpSocket receiver = rig.socket(Told.keeping(told));
      if (withExecutor) {
        receiver.setExecutor(rig.executor("metadata-18.8", 1));
      }
      receiver.listen("127.0.0.1", 0).receive();
      UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
      InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
      String how = withExecutor ? " (with an executor)" : "";
      // A buffer size, and a datagram one byte shorter, as long, one byte longer, or far longer.
      Gen<int[]> cases = Gen.zip(Gen.integers(1, 1400), Gen.integers(-1, 2), (size, d) -> new int[] {size, d == 2 ? size + 600 : size + d});
      Property.forAll(cases).tries(Rules.TRIES).afterFailure(told::clear).check(c -> {
        int size = c[0];
        int length = c[1];
        receiver.setBufferSize(size, 4);
        sender.send(ByteBuffer.allocate(length), to);
        Told t = Told.next(told, "a datagram of " + length + " bytes at a buffer size of " + size + how);
        assertEquals(Math.min(length, size), t.length(), "the length delivered of a datagram of " + length + " bytes at a buffer size of " + size + how);
        assertEquals(length > size, t.truncated(), "truncated() of a datagram of " + length + " bytes at a buffer size of " + size + how);
      });
    }
  }

  /**
   * Rule UDP-18.9: a metadata callback is told when a datagram came in a read the kernel coalesced
   * (generic receive offload). With {@code setReceiveOffload(true)} in effect on the receiver and
   * segmentation offload on the sender, each datagram of a segmented send of two or more says the
   * segment size, the last shorter one too; with receive offload turned off again on the open
   * socket (which {@code info()} then says) each says -1; a datagram sent alone says -1 either way.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-18.9 each datagram of a read the kernel coalesced tells its segment size, the last shorter one too, and one read alone tells -1: with receive offload in effect, and turned off again on the open socket")
  default void udp_18_9_coalescedDatagramsTellTheirSegmentSize(Rig rig) {
    for (boolean offload : new boolean[] {true, false}) {
      LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
      // Without: asked for, then turned off on the open socket, which info() then says.
      UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveOffload(true).setSocketReceiveBuffer(1 << 22).listen("127.0.0.1", 0).receive();
      if (!offload) {
        receiver.setReceiveOffload(false);
        assertFalse(receiver.info().receiveOffload(), "receiveOffload() after setReceiveOffload(false) on the open socket");
      }
      UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
      InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
      boolean coalesces = receiver.info().receiveOffload() && sender.info().segmentationOffload();
      boolean mayCoalesce = receiver.info().receiveOffload(); // a kernel may join datagrams sent one by one, or not
      String how = " (receive offload " + (receiver.info().receiveOffload() ? "in effect" : "off") + ", segmentation offload "
          + (sender.info().segmentationOffload() ? "in effect" : "off") + ")";
      // A segment size, how many segments (two or more), and the last one's length.
      Gen<int[]> cases = Gen.zip(Gen.integers(1, 1400), Gen.zip(Gen.integers(2, 40), Gen.integers(1, 1400), (n, last) -> new int[] {n, last}),
          (size, rest) -> new int[] {size, rest[0], Math.min(rest[1], size)});
      Property.forAll(cases).tries(Rules.TRIES).afterFailure(told::clear).check(c -> {
        int size = c[0];
        int count = c[1];
        int length = (count - 1) * size + c[2];
        sender.send(Datagram.of(ByteBuffer.allocate(length)).to(to).segments(size));
        for (int i = 0; i < count; i++) {
          Told t = Told.next(told, "datagram " + i + " of " + count + " in segments of " + size + how);
          String what = "segmentSize() of datagram " + i + " of " + count + " sent in segments of " + size + how;
          if (coalesces) {
            assertEquals(size, t.segmentSize(), what);
          } else if (mayCoalesce) {
            assertTrue(t.segmentSize() == -1 || t.segmentSize() == size, () -> what + ": " + t.segmentSize());
          } else {
            assertEquals(-1, t.segmentSize(), what);
          }
        }
        sender.send(ByteBuffer.allocate(size), to);
        assertEquals(-1, Told.next(told, "a datagram sent alone" + how).segmentSize(), "segmentSize() of a datagram sent alone" + how);
      });
    }
  }
}
