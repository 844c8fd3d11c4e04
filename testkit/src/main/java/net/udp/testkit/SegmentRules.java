package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.UdpBatch;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-14: many datagrams in one call. A {@linkplain Datagram#segments(int) segmented} send must deliver exactly the datagrams that
 * as many sends would, whether the provider hands them to the kernel at once (segmentation
 * offload) or one by one, and call back once for them all.
 */
public interface SegmentRules extends ProviderUnderTest {

  /**
   * Rule UDP-14.1: a buffer, heap or direct, sent as segments arrives as its datagrams, whole, in order, from the
   * sender, and is called back once, on a provider thread; the caller's buffer is left as it was.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-14.1 a segmented send delivers the buffer, heap or direct, as datagrams of the segment size (the last one shorter), whole, in order, from the sender, and calls back once, on a provider thread; an empty buffer is one empty datagram")
  default void udp_14_1_segmentsArriveAsTheirDatagrams(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 23).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    // An empty buffer, which the cases below reach once in a few hundred tries: one empty
    // datagram, counted, as the same send without segments makes.
    for (boolean direct : new boolean[] {false, true}) {
      String what = "an empty segmented send from a " + (direct ? "direct" : "heap") + " buffer";
      long sentBefore = sender.info().counters().datagramsSent();
      Outcomes outcomes = new Outcomes();
      sender.send(Datagram.of(direct ? ByteBuffer.allocateDirect(0) : ByteBuffer.allocate(0)).to(to).segments(1200), outcomes);
      outcomes.next().succeeded();
      assertEquals(0, inbox.next("the one empty datagram of " + what).payload().length, "the datagram of " + what);
      inbox.expectNothing(Rules.BRIEF, "one datagram for " + what);
      assertEquals(sentBefore + 1, sender.info().counters().datagramsSent(), "datagramsSent after " + what);
    }
    // A segment size, how many full segments, how long the last one is (0: none shorter), and
    // whether the buffer is direct (a provider may hand a direct one to the kernel where it lies).
    Gen<int[]> cases = Gen.zip(Gen.zip(Gen.integers(1, 1472), Gen.booleans(), (size, direct) -> new int[] {size, direct ? 1 : 0}),
        Gen.zip(Gen.integers(0, 200), Gen.integers(0, 1471), (n, last) -> new int[] {n, last}),
        (first, rest) -> new int[] {first[0], rest[0], rest[1] % first[0], first[1]});
    long[] tags = {0};
    Property.forAll(cases).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(c -> {
      int size = c[0];
      int length = c[1] * size + c[2];
      byte[] bytes = new byte[length];
      new SplittableRandom(length * 31L + size).nextBytes(bytes);
      ByteBuffer buffer = c[3] == 1 ? ByteBuffer.allocateDirect(length).put(bytes).flip() : ByteBuffer.wrap(bytes);
      Outcomes outcomes = new Outcomes();
      long tag = ++tags[0];
      sender.send(Datagram.of(buffer).to(to).segments(size).tag(tag), outcomes);
      assertEquals(0, buffer.position(), "a segmented send moved the buffer's position");
      for (Inbox.Datagram d : expectSegments(inbox, bytes, size, "datagrams of " + size + " bytes from a buffer of " + length)) {
        assertEquals(Rig.loopback4(Rig.port(sender)), d.sender(), "the sender's address");
      }
      Outcomes.Outcome told = outcomes.next().succeeded();
      assertEquals(tag, told.tag(), "the one callback's tag");
      assertNotEquals(Thread.currentThread().getName(), told.thread(), "a segmented send was called back on the sending thread");
      assertNull(outcomes.poll(Rules.BRIEF), "a segmented send was called back more than once");
      inbox.expectNothing(Rules.BRIEF, "no datagram beyond the buffer's");
    });
    // Segment sizes for which IPv6 would take one more segment a group than IPv4 (52 of 1260
    // bytes are 65,520, over IPv4's 65,507): a provider must size an IPv4 group by IPv4's limit.
    for (int size : new int[] {1260, 1365}) {
      byte[] bytes = new byte[60 * size];
      new SplittableRandom(size).nextBytes(bytes);
      Outcomes outcomes = new Outcomes();
      sender.send(Datagram.of(bytes).to(to).segments(size), outcomes);
      outcomes.next().succeeded();
      expectSegments(inbox, bytes, size, "datagrams of " + size + " bytes, sent as segments over IPv4");
    }
    // 300 kB in one call, longer than a provider may stage or hand over in one system call: what
    // does not go in the first goes in the next, whole and in order. Loopback delivers it at once,
    // about 2 kB of receive buffer a datagram: only where the kernel granted room for that
    // (net.core.rmem_max of 2 MB or more), lest the burst overflow the reader's buffer.
    boolean roomForABurst = receiver.info().socketReceiveBuffer() >= 4 << 20;
    // Segments of 1000 and of 500 bytes, so that one call's worth is reached by bytes and by count.
    for (int burst = 0; burst < (roomForABurst ? 4 : 0); burst++) {
      boolean direct = burst % 2 == 1;
      int size = burst < 2 ? 1000 : 500;
      String what = "datagrams of " + size + " bytes from a " + (direct ? "direct" : "heap") + " buffer of 300,000";
      byte[] bytes = new byte[300_000];
      new SplittableRandom(burst).nextBytes(bytes);
      ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
      Outcomes outcomes = new Outcomes();
      sender.send(Datagram.of(buffer).to(to).segments(size), outcomes);
      expectSegments(inbox, bytes, size, what);
      outcomes.next().succeeded();
      inbox.expectNothing(Rules.BRIEF, "no datagram beyond the buffer's");
    }
  }

  /**
   * Rule UDP-14.2: a segmented send that cannot go fails through its one callback; a segment size
   * out of range is refused at the call.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-14.2 a segmented send the operating system refuses, or one after close, fails through its one callback; a segment size outside 0..65527 throws IllegalArgumentException")
  default void udp_14_2_aFailedSegmentedSendIsCalledBackOnce(Rig rig) {
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    ByteBuffer five = ByteBuffer.allocate(5 * 100);
    Outcomes outcomes = new Outcomes();
    sender.send(Datagram.of(five).to(Rig.loopback4(0)).segments(100).tag(1), outcomes);
    Outcomes.Outcome refused = outcomes.next();
    assertEquals(1, refused.tag(), "the refused segmented send's tag");
    refused.failed();
    assertNotEquals(Thread.currentThread().getName(), refused.thread(), "a refused segmented send was called back on the sending thread");
    assertNull(outcomes.poll(Rules.BRIEF), "a failed segmented send was called back more than once");
    assertThrows(IllegalArgumentException.class, () -> sender.send(Datagram.of(five).to(Rig.loopback4(9)).segments(-1).tag(2), outcomes));
    assertThrows(IllegalArgumentException.class, () -> sender.send(Datagram.of(five).to(Rig.loopback4(9)).segments(65_528).tag(2), outcomes));
    sender.close();
    sender.send(Datagram.of(five).to(Rig.loopback4(9)).segments(100).tag(3), outcomes);
    Outcomes.Outcome closed = outcomes.next();
    assertEquals(3, closed.tag());
    assertInstanceOf(UdpClosedException.class, closed.failed());
    assertNull(outcomes.poll(Rules.BRIEF), "a segmented send after close was called back more than once");
  }

  /**
   * Rule UDP-14.3: receive offload changes nothing a caller sees. Whether the provider and kernel
   * coalesce the datagrams of a segmented send (UDP generic receive offload) or not, each arrives
   * as its own, counted as one; a buffer size below the segment size truncates each datagram over
   * it, and no other: a short last one of a coalesced read arrives whole, told and counted so.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-14.3 with setReceiveOffload(true) the datagrams of segmented sends arrive as without it: one callback each, whole, in order, from the sender, each counted; a smaller buffer size truncates each datagram over it, and a last one it holds arrives whole, not told or counted as truncated")
  default void udp_14_3_coalescedDatagramsArriveOneByOne(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setReceiveOffload(true).setSocketReceiveBuffer(1 << 23).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    InetSocketAddress from = Rig.loopback4(Rig.port(sender));
    // A segment size, how many datagrams (at least two: one alone is never coalesced), the last one's length.
    Gen<int[]> cases = Gen.zip(Gen.integers(1, 1472), Gen.zip(Gen.integers(2, 130), Gen.integers(1, 1472), (n, last) -> new int[] {n, last}),
        (size, rest) -> new int[] {size, rest[0], Math.min(rest[1], size)});
    Property.forAll(cases).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(c -> {
      int size = c[0];
      int count = c[1];
      int length = (count - 1) * size + c[2];
      byte[] bytes = new byte[length];
      new SplittableRandom(length * 17L + size).nextBytes(bytes);
      long before = receiver.info().counters().datagramsReceived();
      Outcomes outcomes = new Outcomes();
      sender.send(Datagram.of(ByteBuffer.wrap(bytes)).to(to).segments(size).tag(1), outcomes);
      outcomes.next().succeeded();
      for (Inbox.Datagram d : expectSegments(inbox, bytes, size, "datagrams of " + size + " bytes, sent in one segmented send of " + length)) {
        assertEquals(from, d.sender(), "the sender's address");
      }
      inbox.expectNothing(Rules.BRIEF, "no datagram beyond the buffer's");
      assertEquals(before + count, receiver.info().counters().datagramsReceived(), "datagrams counted");
    });
    truncatesEachSegmentOverTheBuffer(rig, sender);
  }

  /**
   * A buffer size under the segment size truncates each datagram of a coalesced read that is over
   * it, and no other: a short last one, or one exactly of the buffer size, arrives whole, is told
   * whole and is not counted as truncated.
   */
  private static void truncatesEachSegmentOverTheBuffer(Rig rig, UdpSocket sender) {
    LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
    UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveOffload(true).setBufferSize(100, 4).setSocketReceiveBuffer(1 << 23)
        .listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    for (int last : new int[] {300, 100, 60}) {
      long truncatedBefore = receiver.info().counters().datagramsTruncated();
      sender.send(Datagram.of(ByteBuffer.wrap(Rules.numbered(0, 9 * 300 + last))).to(to).segments(300));
      for (int i = 0; i < 10; i++) {
        int length = i < 9 ? 300 : last;
        Told t = Told.next(told, "datagram " + i + " of ten of 300 bytes, the last of " + last + ", to a buffer size of 100");
        assertEquals(Math.min(length, 100), t.length(), "datagram " + i + " of " + length + " bytes, to a buffer size of 100");
        assertEquals(length > 100, t.truncated(), "truncated() of datagram " + i + " of " + length + " bytes, to a buffer size of 100");
      }
      assertEquals(truncatedBefore + (last > 100 ? 10 : 9), receiver.info().counters().datagramsTruncated(),
          "each truncated datagram counted, and no other (the last of " + last + " bytes)");
    }
  }

  /**
   * Rule UDP-14.4: a batch is its datagrams. {@code send(UdpBatch)} sends each as {@code send}
   * would, in order, each called back once with its own tag and outcome; one that cannot go fails
   * alone; the caller may reuse the batch and its buffers once {@code send} returns.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-14.4 send(UdpBatch) sends each datagram as send would: in order, each called back once, on a provider thread, with its own tag and outcome, one refused datagram failing alone; the batch and its buffers may be reused once send returns")
  default void udp_14_4_aBatchIsItsDatagrams(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 23).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket().listen("127.0.0.1", 0);
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    InetSocketAddress nowhere = Rig.loopback4(0); // port 0: refused by the operating system
    // Each datagram: its size, and whether it goes nowhere (about one in twenty).
    Gen<List<int[]>> cases = Gen.lists(Gen.zip(Gen.integers(4, 1472), Gen.integers(0, 19), (size, r) -> new int[] {size, r}), 1, 200);
    UdpBatch batch = new UdpBatch(4); // grows, and is reused from try to try
    // The lengths where a provider that sends 64 datagrams a system call starts a second call and
    // a third, which the lists below reach about once in 100,000 tries; refused ones about there.
    for (int n : new int[] {64, 65, 129}) {
      List<int[]> datagrams = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        datagrams.add(new int[] {100 + i % 7, i == 63 || i == 64 || i == 70 ? 0 : 1});
      }
      sendBatch(sender, batch, datagrams, to, nowhere, inbox);
    }
    Property.forAll(cases).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF))
        .check(datagrams -> sendBatch(sender, batch, datagrams, to, nowhere, inbox));
  }

  /**
   * Sends {@code datagrams} (each a size, and 0 when it goes nowhere) in {@code batch}, then
   * overwrites their bytes, and expects each called back once in order and those that could go
   * delivered as they were.
   */
  private static void sendBatch(UdpSocket sender, UdpBatch batch, List<int[]> datagrams, InetSocketAddress to, InetSocketAddress nowhere,
      Inbox inbox) {
    batch.clear();
    Outcomes outcomes = new Outcomes();
    List<byte[]> buffers = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < datagrams.size(); i++) {
      byte[] bytes = Rules.numbered(i, datagrams.get(i)[0]);
      buffers.add(bytes);
      boolean refused = datagrams.get(i)[1] == 0;
      if (!refused) {
        expected.add(bytes.clone());
      }
      batch.add(ByteBuffer.wrap(bytes), refused ? nowhere : to, i, outcomes);
    }
    sender.send(batch);
    buffers.forEach(b -> Arrays.fill(b, (byte) 0x5a)); // reused at once: what was sent must not change
    for (int i = 0; i < datagrams.size(); i++) {
      Outcomes.Outcome o = outcomes.next();
      assertEquals(i, o.tag(), "callbacks in the order of the batch, with their own tags");
      assertNotEquals(Thread.currentThread().getName(), o.thread(), "a batch's datagram was called back on the sending thread");
      if (datagrams.get(i)[1] == 0) {
        o.failed();
      } else {
        o.succeeded();
      }
    }
    assertNull(outcomes.poll(Rules.BRIEF), "a batch's datagram was called back twice");
    List<Inbox.Datagram> got = inbox.next(expected.size(), "datagrams of a batch of " + datagrams.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), got.get(i).payload(), "datagram " + i + " of those that could go, in order");
    }
    inbox.expectNothing(Rules.BRIEF, "no datagram beyond the batch's");
  }

  /**
   * Rule UDP-14.5: a segmented send is one send wherever it goes. With no destination it goes to
   * the connected address as its datagrams; on a socket that is not connected it fails through its
   * one callback; one that fails with no callback is reported to the error listener once, not
   * once a segment and not never.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws InterruptedException if interrupted while waiting for the error listener
   */
  @Test
  @DisplayName("UDP-14.5 a segmented send with no destination goes to the connected address as its datagrams, or fails once when not connected; one that fails with no callback reaches the error listener once")
  default void udp_14_5_aSegmentedSendIsOneSendWhereverItGoes(Rig rig) throws InterruptedException {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0).receive();
    UdpSocket connected = rig.socket().connect("127.0.0.1", Rig.port(receiver));
    byte[] bytes = new byte[250];
    new SplittableRandom(14_5).nextBytes(bytes);
    Outcomes outcomes = new Outcomes();
    connected.send(Datagram.of(bytes).segments(100).tag(5), outcomes);
    expectSegments(inbox, bytes, 100, "segments sent to the connected address");
    assertEquals(5, outcomes.next().succeeded().tag(), "the segmented send to the connected address");
    assertNull(outcomes.poll(Rules.BRIEF), "a segmented send to the connected address was called back more than once");

    LinkedBlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
    UdpSocket lonely = rig.socket().setErrorListener((s, error) -> errors.add(error)).listen("127.0.0.1", 0);
    lonely.send(Datagram.of(new byte[300]).segments(100).tag(6), outcomes);
    assertEquals(6, outcomes.next().tag(), "a segmented send with no destination from a socket that is not connected");
    assertNull(outcomes.poll(Rules.BRIEF), "a segmented send with no destination was called back more than once");
    lonely.send(Datagram.of(new byte[300]).to(Rig.loopback4(0)).segments(100));
    assertNotNull(errors.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS), "a failed segmented send with no callback never reached the error listener");
    UdpException again = errors.poll(Rules.BRIEF.toMillis() * 3, TimeUnit.MILLISECONDS);
    assertNull(again, () -> "a failed segmented send with no callback was reported more than once: " + again);
  }

  /**
   * Rule UDP-14.6: a segmented send into a small kernel send buffer, on the pressure rules' slow
   * path. The kernel takes a part of it (a provider with segmentation offload hands it groups of
   * up to 64 datagrams, and the first fills the buffer) and refuses the rest until the link
   * drains: what it refused waits and leaves without another call, every datagram arrives once
   * and in order (but for the few the slow path itself may reorder: {@link SlowPath#REORDERED}),
   * the one callback says sent, and the counters count each datagram.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-14.6 a segmented send into a small kernel send buffer, which takes a part and refuses the rest until room is made, delivers every datagram once and in the order sent (but for the few the slow path may reorder), without another call, and calls back once, as sent; the counters count each datagram")
  default void udp_14_6_aSegmentedSendTakenInPartsArrivesWhole(Rig rig) {
    rig.assumeSlowPath();
    Inbox inbox = new Inbox();
    InetSocketAddress to = SlowPath.receiver(rig, inbox);
    UdpSocket sender = SlowPath.sender(rig).setSendQueueCapacity(1000).listen("127.0.0.1", 0);
    int count = 201; // 200 of 1000 bytes and a shorter one: more than three groups of 64
    for (boolean direct : new boolean[] {false, true}) {
      String what = "datagrams of a segmented send from a " + (direct ? "direct" : "heap") + " buffer into a full kernel buffer";
      byte[] bytes = new byte[200 * 1000 + 123];
      new SplittableRandom(direct ? 14_62 : 14_61).nextBytes(bytes);
      ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
      Outcomes outcomes = new Outcomes();
      sender.send(Datagram.of(buffer).to(to).segments(1000).tag(direct ? 2 : 1), outcomes);
      List<byte[]> arrived = new ArrayList<>();
      for (Inbox.Datagram d : inbox.next(count, what)) {
        arrived.add(d.payload());
      }
      SlowPath.expectSentOrder(segmentsOf(bytes, 1000), arrived, what);
      assertEquals(direct ? 2 : 1, outcomes.next().succeeded().tag(), "the segmented send's one callback");
      assertNull(outcomes.poll(Rules.BRIEF), "a segmented send was called back more than once");
      inbox.expectNothing(Rules.BRIEF, "no datagram beyond the buffer's");
    }
    assertEquals(2L * count, sender.info().counters().datagramsSent(), "datagramsSent after two segmented sends of " + count + " datagrams");
    assertEquals(2L * (200 * 1000 + 123), sender.info().counters().bytesSent(), "bytesSent after two segmented sends of " + count + " datagrams");
  }

  /**
   * Takes the datagrams a segmented send of {@code bytes} in segments of {@code size} delivers,
   * and checks that each is its slice of the buffer, in order.
   *
   * @param what the datagrams, for the failure message
   * @return them, in the order they arrived
   */
  private static List<Inbox.Datagram> expectSegments(Inbox inbox, byte[] bytes, int size, String what) {
    List<byte[]> segments = segmentsOf(bytes, size);
    int count = segments.size();
    List<Inbox.Datagram> got = inbox.next(count, what);
    for (int i = 0; i < count; i++) {
      assertArrayEquals(segments.get(i), got.get(i).payload(), "datagram " + i + " of " + count + " " + what);
    }
    return got;
  }

  /**
   * The datagrams a segmented send of {@code bytes} in segments of {@code size} makes: slices of
   * that size, the last one shorter; an empty buffer is one empty datagram.
   */
  private static List<byte[]> segmentsOf(byte[] bytes, int size) {
    int count = Math.max(1, (bytes.length + size - 1) / size);
    List<byte[]> segments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      segments.add(Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size)));
    }
    return segments;
  }
}
