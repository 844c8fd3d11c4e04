package net.udp.provider.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpClosedException;
import net.udp.UdpCounters;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.UdpTimeoutException;
import net.udp.provider.OpenRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API's rules as the kit implements them, on sockets with a simulated operating system. */
class KitRulesTest {
  private static final InetSocketAddress ALICE = loopback(5001);
  private static final InetSocketAddress BOB = loopback(5002);

  private static InetSocketAddress loopback(int port) {
    return Udp.parseAddress("127.0.0.1", port).orElseThrow();
  }

  /** The message of an exception that must have one. */
  private static String message(@Nullable Throwable e) {
    assertNotNull(e, "expected a failure");
    return String.valueOf(e.getMessage());
  }

  private final List<String> received = Collections.synchronizedList(new ArrayList<>());
  private final ReceiveCallback recorder =
      (socket, payload, sender) -> received.add(StandardCharsets.UTF_8.decode(payload) + " <- " + sender.getPort());
  private final List<FakeSocket> sockets = new ArrayList<>();

  /** The outcome of one send, as its callback saw it. */
  private record Outcome(long tag, @Nullable UdpException failure, String thread) {}

  private final BlockingQueue<Outcome> outcomes = new ArrayBlockingQueue<>(10_000);

  private void onSent(long tag, @Nullable UdpException failure) {
    outcomes.add(new Outcome(tag, failure, Thread.currentThread().getName()));
  }

  private Outcome nextOutcome() throws InterruptedException {
    Outcome o = outcomes.poll(5, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("no send callback within 5 s");
    }
    return o;
  }

  private FakeSocket socket() {
    FakeSocket s = new FakeSocket(recorder);
    sockets.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    sockets.forEach(FakeSocket::close);
    sockets.forEach(FakeSocket::forget);
  }

  // ---------------------------------------------------------------------------------- arguments

  @Test
  void portsOutOfRangeAreRejected() {
    FakeSocket s = socket();
    assertThrows(IllegalArgumentException.class, () -> s.listen(-1));
    assertThrows(IllegalArgumentException.class, () -> s.listen(65_536));
    assertThrows(IllegalArgumentException.class, () -> s.listen("127.0.0.1", 70_000));
    assertThrows(IllegalArgumentException.class, () -> s.connect("127.0.0.1", 0));
    assertThrows(IllegalArgumentException.class, () -> s.send("x", "127.0.0.1", -5));
    assertThrows(IllegalArgumentException.class, () -> s.send("x", "127.0.0.1", 65_536));
    assertTrue(s.isClosed(), "a rejected argument leaves the socket as it was");
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void nullAndEmptyArgumentsAreRejected() {
    FakeSocket s = socket();
    assertThrows(NullPointerException.class, () -> s.send((String) null, "127.0.0.1", 9));
    assertThrows(NullPointerException.class, () -> s.send("x", (String) null, 9));
    assertThrows(NullPointerException.class, () -> s.send("x", (InetSocketAddress) null));
    assertThrows(IllegalArgumentException.class, () -> s.send("x", "", 9));
    assertThrows(IllegalArgumentException.class, () -> s.send("x", "  ", 9));
    assertThrows(IllegalArgumentException.class, () -> s.listen("", 9));
    assertThrows(IllegalArgumentException.class, () -> s.connect("", 9));
    assertThrows(NullPointerException.class, () -> s.write((String) null));
  }

  @Test
  void malformedLiteralsAreRefusedNotLookedUp() {
    FakeSocket s = socket();
    // Each of these reaches 127.0.0.1 or elsewhere through a name service (inet_aton's forms);
    // parseAddress refuses them, and so do send, connect and listen.
    for (String malformed : List.of("1.2.3", "127.1", "127.0.1", "0127.0.0.1", "0177.0.0.1", "2130706433", "1.2.3.256", "[1.2.3.4]")) {
      IllegalArgumentException send = assertThrows(IllegalArgumentException.class, () -> s.send("x", malformed, 9));
      assertEquals("Datagram.to: \"" + malformed + "\" is neither an IP address nor a host name", message(send));
      InetSocketAddress unresolved = InetSocketAddress.createUnresolved(malformed, 9);
      IllegalArgumentException given = assertThrows(IllegalArgumentException.class, () -> s.send(ByteBuffer.allocate(1), unresolved));
      assertEquals("send: \"" + malformed + "\" is neither an IP address nor a host name", message(given));
      assertThrows(IllegalArgumentException.class, () -> s.connect(malformed, 9), malformed);
      assertThrows(IllegalArgumentException.class, () -> s.listen(malformed, 9), malformed);
      assertTrue(Udp.parseAddress(malformed, 9).isEmpty(), malformed);
    }
    assertTrue(s.isClosed(), "a refused host binds nothing");
    assertTrue(s.sent.isEmpty());
  }

  @Test
  void versionsAndSizesOutOfRangeAreRejected() {
    FakeSocket s = socket();
    assertThrows(IllegalArgumentException.class, () -> s.enableIPv(5, true));
    assertThrows(IllegalArgumentException.class, () -> s.enableIPv(0));
    assertThrows(IllegalArgumentException.class, () -> s.setBufferSize(0));
    assertThrows(IllegalArgumentException.class, () -> s.setBufferSize(-1, 4));
    assertThrows(IllegalArgumentException.class, () -> s.setBufferSize(65_536, 6));
    assertThrows(IllegalArgumentException.class, () -> s.setSocketReceiveBuffer(0));
    assertThrows(IllegalArgumentException.class, () -> s.setSocketSendBuffer(-1));
    assertThrows(IllegalArgumentException.class, () -> s.setSendQueueCapacity(0));
  }

  @Test
  void bothVersionsCannotBeDisabled() {
    FakeSocket s = socket();
    s.enableIPv(6, false);
    assertThrows(IllegalArgumentException.class, () -> s.enableIPv(4, false));
    assertTrue(s.info().ipv4Enabled());
  }

  @Test
  void setBufferSizeWithAnyOtherVersionSetsBoth() {
    FakeSocket s = socket();
    s.setBufferSize(1000, 4);
    s.setBufferSize(2000, 6);
    assertEquals(1000, s.info().maxReceiveIPv4BufferSize());
    assertEquals(2000, s.info().maxReceiveIPv6BufferSize());
    s.setBufferSize(3000, 5);
    assertEquals(3000, s.info().maxReceiveIPv4BufferSize());
    assertEquals(3000, s.info().maxReceiveIPv6BufferSize());
  }

  @Test
  void preferIPvWithAnyOtherVersionIsNeutral() {
    FakeSocket s = socket();
    assertTrue(s.preferIPv(4).info().ipv4Preferred());
    assertTrue(s.preferIPv(6).info().ipv6Preferred());
    assertTrue(s.preferIPv(7).info().ipVersionNeutral());
    assertTrue(s.preferIPv(6).preferIPv().info().ipVersionNeutral());
  }

  // ------------------------------------------------------------------------------------- states

  @Test
  void listenTwiceFails() {
    FakeSocket s = socket();
    s.listen(0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.listen(0));
    assertTrue(message(e).startsWith("listen: the socket is already bound to [::]:"), message(e));
  }

  @Test
  void listenAfterTheFirstSendFailsBecauseTheSendBoundIt() {
    FakeSocket s = socket();
    s.send("x", ALICE);
    assertFalse(s.isClosed());
    assertThrows(IllegalStateException.class, () -> s.listen(0));
  }

  @Test
  void listenAfterConnectAndConnectTwiceFail() {
    FakeSocket s = socket();
    s.connect("127.0.0.1", 5001);
    assertTrue(s.isConnected());
    assertThrows(IllegalStateException.class, () -> s.listen(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.connect("127.0.0.1", 5002));
    assertTrue(message(e).contains("already connected to 127.0.0.1:5001"), message(e));
  }

  @Test
  void connectAfterListenIsAllowed() {
    FakeSocket s = socket();
    s.listen(0).connect("127.0.0.1", 5001);
    assertTrue(s.isConnected());
    assertEquals(1, s.opened.size());
  }

  @Test
  void optionsThatMustPrecedeBindingFailAfterIt() {
    FakeSocket s = socket();
    s.listen(0);
    assertThrows(IllegalStateException.class, s::reusePort);
    assertThrows(IllegalStateException.class, () -> s.enableIPv(4, false));
  }

  @Test
  void anOsRefusalNamesTheOperationTheAddressAndTheReason() {
    FakeSocket s = socket();
    UdpException e = assertThrows(UdpException.class, () -> s.listen("127.0.0.1", 1));
    assertEquals("listen 127.0.0.1:1: Permission denied", message(e));
    assertTrue(s.isClosed());
    UdpException c = assertThrows(UdpException.class, () -> s.connect("::1", 2));
    assertEquals("connect [::1]:2: Network is unreachable", message(c));
  }

  @Test
  void aNewSocketIsClosedUntilBoundAsInTheSeed() {
    FakeSocket s = socket();
    assertTrue(s.isClosed());
    assertTrue(s.info().closed());
    s.listen(0);
    assertFalse(s.isClosed());
  }

  @Test
  void closeIsIdempotentAndReleasesOnce() {
    FakeSocket s = socket();
    s.listen(0);
    s.close();
    s.close();
    assertTrue(s.isClosed());
    assertEquals(1, s.closes.get());
  }

  @Test
  void listenAfterCloseReopensWithTheSameConfiguration() throws Exception {
    FakeSocket s = socket();
    s.reusePort().broadcast().setBufferSize(100).listen(0);
    s.send("x", ALICE);
    s.sync();
    assertEquals(1, s.info().counters().datagramsSent());
    s.close();
    assertEquals(1, s.info().counters().datagramsSent(), "counters stay readable after close");
    s.listen(0);
    assertEquals(2, s.opened.size());
    OpenRequest again = s.opened.get(1);
    assertTrue(again.reusePort());
    assertTrue(again.broadcast());
    assertEquals(100, s.info().maxReceiveIPv4BufferSize());
    assertEquals(0, s.info().counters().datagramsSent(), "counters restart with the new socket");
  }

  @Test
  void aSendAfterCloseFailsThroughItsCallbackAndDoesNotReopen() throws Exception {
    FakeSocket s = socket();
    s.listen(0).close();
    s.send(Datagram.of("late").to("127.0.0.1", 5001).tag(7), this::onSent);
    Outcome o = nextOutcome();
    assertEquals(7, o.tag());
    assertInstanceOf(UdpClosedException.class, o.failure());
    assertEquals("send 127.0.0.1:5001: socket is closed", message(o.failure()));
    assertTrue(s.isClosed());
    assertTrue(s.sent.isEmpty());
  }

  @Test
  void receiveNeedsACallbackAndABoundSocket() {
    FakeSocket s = new FakeSocket(null);
    sockets.add(s);
    IllegalStateException noCallback = assertThrows(IllegalStateException.class, s::receive);
    assertTrue(message(noCallback).contains("no receive callback"), message(noCallback));
    s.setCallback(recorder);
    IllegalStateException unbound = assertThrows(IllegalStateException.class, s::receiveOne);
    assertTrue(message(unbound).contains("not bound yet"), message(unbound));
    s.listen(0).close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, s::receive);
    assertTrue(message(closed).contains("closed"), message(closed));
  }

  // -------------------------------------------------------------------------------------- families

  @Test
  void bothVersionsMakeOneDualStackSocket() {
    FakeSocket s = socket();
    s.listen(0);
    OpenRequest r = s.opened.get(0);
    assertEquals(StandardProtocolFamily.INET6, r.family());
    assertFalse(r.ipv6Only());
    UdpSocketInfo info = s.info();
    assertTrue(info.ipv4());
    assertTrue(info.ipv6());
    assertEquals("0.0.0.0", info.localHostIPv4());
    assertEquals("::", info.localHostIPv6());
    assertEquals(info.localPort(), info.localPortIPv4());
  }

  @Test
  void disablingIPv4MakesAnIPv6OnlySocketAndDisablingIPv6AnIPv4One() {
    FakeSocket v6 = socket();
    v6.enableIPv(4, false).listen(0);
    assertTrue(v6.opened.get(0).ipv6Only());
    assertFalse(v6.info().ipv4());
    assertNull(v6.info().localAddressIPv4());
    FakeSocket v4 = socket();
    v4.enableIPv(6, false).listen(0);
    assertEquals(StandardProtocolFamily.INET, v4.opened.get(0).family());
    assertFalse(v4.info().ipv6());
    assertNull(v4.info().localHostIPv6());
  }

  @Test
  void aSendToADisabledVersionFailsWithTheReason() throws Exception {
    FakeSocket s = socket();
    s.enableIPv(6, false).listen(0);
    s.send(Datagram.of("x").to("::1", 9).tag(1), this::onSent);
    Outcome o = nextOutcome();
    assertEquals("send [::1]:9: IPv6 is disabled on this socket", message(o.failure()));
    FakeSocket t = socket();
    t.enableIPv(4, false).listen(0);
    t.send(Datagram.of("x").to(ALICE).tag(2), this::onSent);
    assertEquals("send 127.0.0.1:5001: IPv4 is disabled on this socket", message(nextOutcome().failure()));
  }

  @Test
  void listeningOnAnIPv4AddressOfADisabledVersionFails() {
    FakeSocket s = socket();
    s.enableIPv(4, false);
    UdpException e = assertThrows(UdpException.class, () -> s.listen("127.0.0.1", 0));
    assertEquals("listen 127.0.0.1:0: IPv4 is disabled on this socket", message(e));
  }

  // ---------------------------------------------------------------------------------- receiving

  @Test
  void receiveOneDeliversExactlyOnePerCall() throws Exception {
    FakeSocket s = socket();
    s.listen(0).receiveOne();
    s.arrive("a", ALICE);
    s.arrive("b", ALICE);
    s.arrive("c", BOB);
    s.sync();
    assertEquals(List.of("a <- 5001"), received);
    // Arming twice before a datagram arrives is one delivery, as in the seed. (On the loop thread,
    // so that no delivery can come between the two calls.)
    s.onLoop(() -> s.receiveOne().receiveOne());
    s.sync();
    assertEquals(List.of("a <- 5001", "b <- 5001"), received);
    s.receiveOne();
    s.sync();
    assertEquals(List.of("a <- 5001", "b <- 5001", "c <- 5002"), received);
  }

  @Test
  void pauseHoldsDatagramsAndReceiveDeliversThemInOrder() throws Exception {
    FakeSocket s = socket();
    s.listen(0).receive();
    s.arrive("1", ALICE);
    s.sync();
    s.pause();
    s.arrive("2", ALICE);
    s.arrive("3", BOB);
    s.sync();
    assertEquals(List.of("1 <- 5001"), received);
    assertFalse(s.info().receiving());
    s.receive();
    s.sync();
    assertEquals(List.of("1 <- 5001", "2 <- 5001", "3 <- 5002"), received);
  }

  @Test
  void aDatagramReadAtTheMomentOfAPauseIsHeldNotLost() throws Exception {
    FakeSocket s = socket();
    s.listen(0).receive();
    s.sync();
    // Deliver directly while paused, as a loop that read just before the pause would.
    s.pause();
    s.onLoop(() -> s.events().received(ByteBuffer.wrap("held".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer(), ALICE, false));
    s.sync();
    assertTrue(received.isEmpty());
    s.receiveOne();
    s.sync();
    assertEquals(List.of("held <- 5001"), received);
  }

  @Test
  void aConnectedSocketReceivesOnlyFromItsPeer() throws Exception {
    FakeSocket s = socket();
    s.connect("127.0.0.1", 5001).receive();
    s.arrive("from bob", BOB);
    s.arrive("from alice", ALICE);
    s.sync();
    assertEquals(List.of("from alice <- 5001"), received);
  }

  @Test
  void datagramsLongerThanTheBufferSizeAreTruncatedAndCounted() throws Exception {
    FakeSocket s = socket();
    s.setBufferSize(3, 4).listen(0).receive();
    s.arrive("abcdef", ALICE);
    s.arrive("ab", ALICE);
    s.sync();
    assertEquals(List.of("abc <- 5001", "ab <- 5001"), received);
    UdpCounters c = s.info().counters();
    assertEquals(2, c.datagramsReceived());
    assertEquals(5, c.bytesReceived());
    assertEquals(1, c.datagramsTruncated());
  }

  @Test
  void withAnExecutorCallbacksRunThereOnCopiesInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      FakeSocket s = socket();
      List<String> threads = Collections.synchronizedList(new ArrayList<>());
      List<ByteBuffer> kept = Collections.synchronizedList(new ArrayList<>());
      s.setExecutor(pool)
          .listen(0)
          .receive(
              (socket, payload, sender) -> {
                threads.add(Thread.currentThread().getName());
                kept.add(payload);
              });
      for (int i = 0; i < 200; i++) {
        s.arrive(Integer.toString(i), ALICE);
      }
      s.sync();
      pool.submit(() -> {}).get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (kept.size() < 200 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(200, kept.size());
      for (int i = 0; i < 200; i++) {
        assertEquals(Integer.toString(i), StandardCharsets.UTF_8.decode(kept.get(i).duplicate()).toString());
      }
      assertTrue(threads.stream().allMatch(t -> t.startsWith("pool-")), threads::toString);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aThrowingCallbackDoesNotStopDelivery() throws Exception {
    FakeSocket s = socket();
    s.listen(0)
        .receive(
            (socket, payload, sender) -> {
              recorder.onReceive(socket, payload, sender);
              throw new IllegalStateException("user bug");
            });
    s.arrive("1", ALICE);
    s.arrive("2", ALICE);
    s.sync();
    assertEquals(2, received.size());
  }

  @Test
  void noCallbackAfterClose() throws Exception {
    FakeSocket s = socket();
    s.listen(0).receive();
    s.close();
    s.arrive("late", ALICE);
    s.sync();
    assertTrue(received.isEmpty());
  }

  // ------------------------------------------------------------------------------------- sending

  @Test
  void everySendCallbackRunsOnceOffTheCallingThreadWithItsTag() throws Exception {
    FakeSocket s = socket();
    for (int i = 0; i < 100; i++) {
      s.send(Datagram.of("m" + i).to(ALICE).tag(i), this::onSent);
    }
    for (int i = 0; i < 100; i++) {
      Outcome o = nextOutcome();
      assertEquals(i, o.tag());
      assertNull(o.failure());
      assertEquals("fake-loop", o.thread());
    }
    assertNull(outcomes.poll(100, TimeUnit.MILLISECONDS), "no callback twice");
    assertEquals(100, s.info().counters().datagramsSent());
  }

  @Test
  void whenTheKernelIsFullSendsWaitInOrderAndLeaveWhenThereIsRoom() throws Exception {
    FakeSocket s = socket();
    s.listen(0);
    s.kernelFull(true);
    byte[] reused = "first".getBytes(StandardCharsets.UTF_8);
    s.send(Datagram.of(reused).to(ALICE).tag(1), this::onSent);
    reused[0] = 'F'; // the caller may reuse its buffer once send returns
    s.send(Datagram.of("second").to(BOB).tag(2), this::onSent);
    s.sync();
    assertTrue(s.sent.isEmpty());
    assertTrue(outcomes.isEmpty());
    s.kernelFull(false);
    assertEquals(1, nextOutcome().tag());
    assertEquals(2, nextOutcome().tag());
    assertEquals(List.of("first -> 5001", "second -> 5002"), s.sent);
  }

  @Test
  void aFullQueueFailsTheSendAtOnce() throws Exception {
    FakeSocket s = socket();
    s.setSendQueueCapacity(2).listen(0);
    s.kernelFull(true);
    s.send(Datagram.of("1").to(ALICE).tag(1), this::onSent);
    s.send(Datagram.of("2").to(ALICE).tag(2), this::onSent);
    s.send(Datagram.of("3").to(ALICE).tag(3), this::onSent);
    Outcome o = nextOutcome();
    assertEquals(3, o.tag());
    assertTrue(message(o.failure()).contains("the send queue is full (2 datagrams waiting)"), message(o.failure()));
    s.kernelFull(false);
    assertEquals(1, nextOutcome().tag());
    assertEquals(2, nextOutcome().tag());
  }

  @Test
  void aSendThatWaitsPastTheTimeoutFailsWithATimeout() throws Exception {
    FakeSocket s = socket();
    s.setTimeout(Duration.ofMillis(50)).listen(0);
    s.kernelFull(true);
    s.send(Datagram.of("slow").to(ALICE).tag(9), this::onSent);
    Outcome o = nextOutcome();
    assertInstanceOf(UdpTimeoutException.class, o.failure());
    assertEquals("send 127.0.0.1:5001: timed out after 50 ms", message(o.failure()));
    s.kernelFull(false);
    s.sync();
    assertTrue(s.sent.isEmpty(), "a timed-out datagram is never sent");
    assertEquals(1, s.info().counters().sendsFailed());
  }

  @Test
  void closeFailsWhatStillWaits() throws Exception {
    FakeSocket s = socket();
    s.listen(0);
    s.kernelFull(true);
    s.send(Datagram.of("a").to(ALICE).tag(1), this::onSent);
    s.send(Datagram.of("b").to(ALICE).tag(2), this::onSent);
    s.close();
    for (int tag = 1; tag <= 2; tag++) {
      Outcome o = nextOutcome();
      assertEquals(tag, o.tag());
      assertInstanceOf(UdpClosedException.class, o.failure());
      assertTrue(message(o.failure()).contains("socket closed before the datagram was sent"));
    }
  }

  @Test
  void anOsFailureReachesTheCallbackAndTheSocketStaysOpen() throws Exception {
    FakeSocket s = socket();
    s.listen(0);
    s.failSends(new java.net.SocketException("Permission denied"));
    s.send(Datagram.of("x").to("127.255.255.255", 9001).tag(4), this::onSent);
    assertEquals("send 127.255.255.255:9001: Permission denied", message(nextOutcome().failure()));
    assertFalse(s.isClosed());
    s.failSends(null);
    s.send(Datagram.of("y").to(ALICE).tag(5), this::onSent);
    assertNull(nextOutcome().failure());
  }

  @Test
  void aFailedSendWithoutCallbackGoesToTheErrorListener() throws Exception {
    FakeSocket s = socket();
    BlockingQueue<UdpException> errors = new ArrayBlockingQueue<>(10);
    s.setErrorListener((socket, error) -> errors.add(error)).listen(0).close();
    s.send("x", ALICE);
    UdpException e = errors.poll(5, TimeUnit.SECONDS);
    assertInstanceOf(UdpClosedException.class, e);
  }

  @Test
  void aConnectedSocketSendsOnlyToItsPeer() throws Exception {
    FakeSocket s = socket();
    s.connect("127.0.0.1", 5001);
    s.send(Datagram.of("to peer").tag(1), this::onSent);
    assertNull(nextOutcome().failure());
    s.send(Datagram.of("elsewhere").to(BOB).tag(2), this::onSent);
    UdpException e = nextOutcome().failure();
    assertEquals("send 127.0.0.1:5002: the socket is connected to 127.0.0.1:5001 and sends only there", message(e));
    s.send(Datagram.of("same peer").to(ALICE).tag(3), this::onSent);
    assertNull(nextOutcome().failure());
    assertEquals(List.of("to peer -> 5001", "same peer -> 5001"), s.sent);
  }

  @Test
  void writeOnAnUnconnectedSocketFails() throws Exception {
    FakeSocket s = socket();
    s.listen(0).send(Datagram.of("x").tag(8), this::onSent);
    Outcome o = nextOutcome();
    assertEquals(8, o.tag());
    assertEquals("send: the datagram has no destination and the socket is not connected; connect first, or give it one with Datagram.to", message(o.failure()));
  }

  @Test
  void anUnknownHostFailsTheSendNotTheCaller() throws Exception {
    FakeSocket s = socket();
    s.listen(0).send(Datagram.of("x").to("no-such-host.invalid", 9).tag(6), this::onSent);
    Outcome o = nextOutcome();
    assertEquals(6, o.tag());
    assertTrue(message(o.failure()).startsWith("send no-such-host.invalid:9: unknown host"), message(o.failure()));
  }

  @Test
  void aSendToAHostNameKeepsItsPlaceInTheOrder() throws Exception {
    FakeSocket s = socket();
    s.listen(0);
    s.send(Datagram.of("by name").to("localhost", 5001).tag(1), this::onSent);
    s.send(Datagram.of("by literal").to("127.0.0.1", 5002).tag(2), this::onSent);
    assertEquals(1, nextOutcome().tag());
    assertEquals(2, nextOutcome().tag());
    assertEquals("by name -> 5001", s.sent.get(0));
    assertEquals("by literal -> 5002", s.sent.get(1));
  }

  @Test
  void theFutureFormCompletesOrFails() throws Exception {
    FakeSocket s = socket();
    s.listen(0);
    assertNull(s.sendAsync(Datagram.of(ByteBuffer.allocate(0)).to(ALICE)).get(5, TimeUnit.SECONDS));
    s.close();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> s.sendAsync(Datagram.of("x").to("127.0.0.1", 1)).get(5, TimeUnit.SECONDS));
    assertInstanceOf(UdpClosedException.class, e.getCause());
  }

  @Test
  void onConnectedRunsOnTheLoop() throws Exception {
    FakeSocket s = socket();
    BlockingQueue<String> ran = new ArrayBlockingQueue<>(1);
    s.connect("127.0.0.1", 5001, () -> ran.add(Thread.currentThread().getName()));
    assertEquals("fake-loop", ran.poll(5, TimeUnit.SECONDS));
  }

  // ----------------------------------------------------------------------------------------- info

  @Test
  void infoShowsSettingsAndState() {
    FakeSocket s = socket();
    Object data = new Object();
    UdpSocketInfo before = s.setTimeout(Duration.ofSeconds(2)).setUserData(data).broadcast().info();
    assertEquals("fake", before.provider());
    assertTrue(before.closed());
    assertFalse(before.connected());
    assertNull(before.localAddress());
    assertEquals(0, before.localPort());
    assertEquals(Duration.ofSeconds(2), before.timeout().orElseThrow());
    assertEquals(data, before.userData());
    assertTrue(before.broadcast());
    assertEquals(UdpSocket.DEFAULT_BUFFER_SIZE, before.maxReceiveIPv6BufferSize());
    s.connect("127.0.0.1", 5001);
    UdpSocketInfo after = s.info();
    assertTrue(after.connected());
    assertEquals("127.0.0.1", after.connectedHost());
    assertEquals(5001, after.connectedPort());
    assertTrue(after.ipv4());
    assertFalse(after.ipv6());
    assertNotEquals(0, after.localPort());
    assertEquals(212_992, after.socketReceiveBuffer());
    assertTrue(s.setTimeout(Duration.ofSeconds(-1)).info().timeout().isEmpty());
  }
}
