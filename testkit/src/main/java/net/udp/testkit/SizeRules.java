package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Arrays;
import net.udp.Datagram;
import net.udp.UdpException;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP-2: buffer sizes, truncation, and the largest datagrams. */
public interface SizeRules extends ProviderUnderTest {

  /**
   * Rule UDP-2.1: a datagram longer than the buffer size is delivered truncated to it and counted
   * as truncated, and bytesReceived grows by the bytes delivered, not those sent; one that fits
   * arrives whole and is not counted.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-2.1 a datagram longer than the buffer size is delivered truncated to it and counted as truncated, bytesReceived counting the bytes delivered; one that fits arrives whole and is not counted")
  default void udp_2_1_longDatagramsAreTruncatedAndCounted(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    UdpSocket sender = rig.socket();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    Gen<int[]> cases = Gen.zip(Gen.integers(1, 2048), Gen.integers(0, 3000), (buffer, length) -> new int[] {buffer, length});
    Property.forAll(cases).tries(Rules.TRIES).afterFailure(() -> inbox.drain(Rules.BRIEF)).check(c -> {
      int bufferSize = c[0];
      byte[] payload = Rules.numbered(7, Math.max(4, c[1]));
      long truncatedBefore = receiver.info().counters().datagramsTruncated();
      long bytesBefore = receiver.info().counters().bytesReceived();
      receiver.setBufferSize(bufferSize);
      sender.send(Datagram.of(payload).to(to));
      Inbox.Datagram d = inbox.next("the datagram");
      int expected = Math.min(payload.length, bufferSize);
      assertArrayEquals(Arrays.copyOf(payload, expected), d.payload());
      long truncated = receiver.info().counters().datagramsTruncated() - truncatedBefore;
      assertEquals(payload.length > bufferSize ? 1 : 0, truncated, "datagramsTruncated");
      assertEquals(expected, receiver.info().counters().bytesReceived() - bytesBefore,
          "bytesReceived for a datagram of " + payload.length + " bytes with a buffer of " + bufferSize + ": the bytes delivered, after truncation");
    });
    // The boundary exactly, which random sizes rarely hit: one byte under, at and over the size.
    for (int bufferSize : new int[] {4, 1000, 9216}) {
      receiver.setBufferSize(bufferSize);
      for (int length = bufferSize - 1; length <= bufferSize + 1; length++) {
        byte[] payload = Rules.numbered(9, length);
        long truncatedBefore = receiver.info().counters().datagramsTruncated();
        sender.send(Datagram.of(payload).to(to));
        Inbox.Datagram d = inbox.next("the datagram of " + length + " bytes");
        int expected = Math.min(payload.length, bufferSize);
        assertArrayEquals(Arrays.copyOf(payload, expected), d.payload(), "a datagram of " + payload.length + " bytes with a buffer of " + bufferSize);
        assertEquals(payload.length > bufferSize ? 1 : 0, receiver.info().counters().datagramsTruncated() - truncatedBefore,
            "datagramsTruncated for a datagram of " + payload.length + " bytes with a buffer of " + bufferSize);
      }
    }
  }

  /**
   * Rule UDP-2.2: setBufferSize per IP version: on a dual-stack socket the IPv4 size limits IPv4
   * senders only, the IPv6 size IPv6 senders only; with no version, or any other number, one size
   * limits both.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-2.2 setBufferSize per IP version: on a dual-stack socket the IPv4 size limits IPv4 senders only, the IPv6 size IPv6 senders only; with no version, or any other number, one size limits both")
  default void udp_2_2_bufferSizePerVersion(Rig rig) {
    rig.assumeIPv6();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setBufferSize(100, 4).setBufferSize(200, 6).listen(0).receive();
    assertEquals(100, receiver.info().maxReceiveIPv4BufferSize(), "maxReceiveIPv4BufferSize after setBufferSize(100, 4)");
    assertEquals(200, receiver.info().maxReceiveIPv6BufferSize(), "maxReceiveIPv6BufferSize after setBufferSize(200, 6)");
    byte[] payload = new byte[300];
    rig.socket().send(Datagram.of(payload).to(Rig.loopback4(Rig.port(receiver))));
    assertEquals(100, inbox.next("the IPv4 datagram").payload().length);
    rig.socket().send(Datagram.of(payload).to(Rig.loopback6(Rig.port(receiver))));
    assertEquals(200, inbox.next("the IPv6 datagram").payload().length);
    // With no version, or a number other than 4 or 6, one size for both.
    for (int version : new int[] {0, 5}) {
      String call = version == 0 ? "setBufferSize(150)" : "setBufferSize(150, " + version + ")";
      Inbox both = new Inbox();
      UdpSocket socket = rig.socket(both);
      (version == 0 ? socket.setBufferSize(150) : socket.setBufferSize(150, version)).listen(0).receive();
      assertEquals(150, socket.info().maxReceiveIPv4BufferSize(), "maxReceiveIPv4BufferSize after " + call);
      assertEquals(150, socket.info().maxReceiveIPv6BufferSize(), "maxReceiveIPv6BufferSize after " + call);
      rig.socket().send(Datagram.of(payload).to(Rig.loopback4(Rig.port(socket))));
      assertEquals(150, both.next("the IPv4 datagram after " + call).payload().length, "the IPv4 datagram after " + call);
      rig.socket().send(Datagram.of(payload).to(Rig.loopback6(Rig.port(socket))));
      assertEquals(150, both.next("the IPv6 datagram after " + call).payload().length, "the IPv6 datagram after " + call);
    }
  }

  /**
   * Rule UDP-2.3: the largest IPv4 datagram (65507 bytes) and the largest IPv6 datagram (65527
   * bytes) go through intact with the default buffer size.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-2.3 the largest IPv4 datagram (65507 bytes) and the largest IPv6 datagram (65527 bytes) go through intact with the default buffer size")
  default void udp_2_3_largestDatagramsGoThrough(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(0).receive();
    byte[] v4 = Rules.numbered(4, Rules.MAX_IPV4_PAYLOAD);
    rig.socket().send(Datagram.of(v4).to(Rig.loopback4(Rig.port(receiver))));
    assertArrayEquals(v4, inbox.next("the 65507-byte datagram").payload());
    if (Rig.hasIPv6()) {
      byte[] v6 = Rules.numbered(6, Rules.MAX_IPV6_PAYLOAD);
      rig.socket().send(Datagram.of(v6).to(Rig.loopback6(Rig.port(receiver))));
      assertArrayEquals(v6, inbox.next("the 65527-byte datagram").payload());
    }
    assertEquals(0, receiver.info().counters().datagramsTruncated());
  }

  /**
   * Rule UDP-2.4: one byte more than the largest datagram fails the send with a clear error through
   * its callback, and the socket stays usable.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-2.4 one byte more than the largest datagram fails the send with a clear error through its callback, and the socket stays usable")
  default void udp_2_4_oversizedDatagramsFailTheirSend(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.listening(inbox);
    Outcomes outcomes = new Outcomes();
    UdpSocket sender = rig.socket();
    sender.send(Datagram.of(new byte[Rules.MAX_IPV4_PAYLOAD + 1]).to(Rig.loopback4(Rig.port(receiver))).tag(1), outcomes);
    UdpException failure = outcomes.next().failed();
    assertTrue(Rules.message(failure).contains("127.0.0.1:" + Rig.port(receiver)), Rules.message(failure));
    assertFalse(sender.isClosed(), "a failed send must not close the socket");
    if (Rig.hasIPv6()) {
      UdpSocket v6 = rig.socket(inbox).listen("::1", 0).receive();
      sender.send(Datagram.of(new byte[Rules.MAX_IPV6_PAYLOAD + 1]).to(Rig.loopback6(Rig.port(v6))).tag(2), outcomes);
      Outcomes.Outcome o = outcomes.next();
      assertEquals(2, o.tag());
      o.failed();
    }
    sender.send(Datagram.of("still usable").to(Rig.loopback4(Rig.port(receiver))).tag(3), outcomes);
    outcomes.next().succeeded();
    assertEquals("still usable", inbox.next("the datagram after the failure").text());
  }
}
