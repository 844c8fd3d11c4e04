package net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Datagram} holds and refuses, and the send surface it replaced: one value for every
 * payload kind and destination form, so that {@link UdpSocket} needs few ways to send.
 */
class DatagramTest {

  @Test
  void everyKindOfPayloadGivesTheSameBytes() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      String text = randomText(random);
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      assertEquals(ByteBuffer.wrap(utf8), Datagram.of(text).payload(), text);
      assertEquals(ByteBuffer.wrap(utf8), Datagram.of(utf8).payload(), text);
      assertEquals(ByteBuffer.wrap(utf8), Datagram.of(ByteBuffer.wrap(utf8)).payload(), text);
    }
  }

  @Test
  void theBufferIsTheCallersAndIsReadWhenSent() {
    ByteBuffer buffer = ByteBuffer.allocate(8);
    Datagram datagram = Datagram.of(buffer);
    assertSame(buffer, datagram.payload(), "no copy is made until the send reads it");
    buffer.put((byte) 1).flip();
    assertEquals(1, datagram.payload().remaining());
  }

  @Test
  void destinationsAreReadAsSendReadsThem() {
    assertEquals(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9), Datagram.of("x").to("127.0.0.1", 9).target());
    assertEquals("[::1]:9", Udp.formatAddress(java.util.Objects.requireNonNull(Datagram.of("x").to("[::1]", 9).target())));
    InetSocketAddress named = Datagram.of("x").to("example.com", 9).target();
    assertTrue(named != null && named.isUnresolved(), "a host name is left for the socket to resolve, off its loop");
    assertNull(Datagram.of("x").to("example.com", 9).toPeer().target(), "toPeer clears the destination");
    assertEquals(65_535, java.util.Objects.requireNonNull(Datagram.of("x").to("127.0.0.1", 65_535).target()).getPort());
    assertEquals(0, java.util.Objects.requireNonNull(Datagram.of("x").to("127.0.0.1", 0).target()).getPort(), "port 0 is the operating system's to refuse");
  }

  @Test
  @SuppressWarnings("NullAway") // nulls are among the bad arguments
  void badArgumentsThrowAtOnceWithWhatWasWrong() {
    Datagram d = new Datagram();
    assertThrows(IllegalArgumentException.class, () -> d.to("127.0.0.1", -1));
    assertEquals("Datagram.to: port must be 0 to 65535, not 65536",
        assertThrows(IllegalArgumentException.class, () -> d.to("127.0.0.1", 65_536)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.to("", 9));
    assertThrows(IllegalArgumentException.class, () -> d.to("1.2.3", 9), "a malformed literal is not looked up");
    assertThrows(NullPointerException.class, () -> d.to((String) null, 9));
    assertThrows(NullPointerException.class, () -> d.to((InetSocketAddress) null));
    assertThrows(NullPointerException.class, () -> d.payload((ByteBuffer) null));
    assertThrows(NullPointerException.class, () -> Datagram.of((String) null));
    assertThrows(IllegalArgumentException.class, () -> d.segments(-1));
    assertEquals("Datagram.segments: size must be 0 to 65527, not 65528",
        assertThrows(IllegalArgumentException.class, () -> d.segments(65_528)).getMessage());
    assertEquals(Datagram.MAX_SEGMENT_SIZE, d.segments(65_527).segmentSize());
    assertEquals("Datagram.ecn: codepoint must be 0 to 3, or -1 for none, not 4",
        assertThrows(IllegalArgumentException.class, () -> d.ecn(4)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.ecn(-2));
    for (int codepoint = -1; codepoint <= 3; codepoint++) {
      assertEquals(codepoint, d.ecn(codepoint).ecn());
    }
    assertEquals(0, d.segments(0).segmentSize());
  }

  @Test
  void defaultsAndDescription() {
    Datagram d = new Datagram();
    assertEquals(0, d.payload().remaining());
    assertNull(d.target());
    assertEquals(UdpSocket.NO_TAG, d.tag());
    assertEquals(0, d.segmentSize());
    assertEquals(-1, d.ecn());
    assertNull(d.source());
    assertEquals("Datagram[0 bytes to the connected peer]", d.toString());
    assertEquals("Datagram[1 bytes to [::1]:9, ECN 2, from 127.0.0.2]",
        Datagram.of("x").to("::1", 9).ecn(2).from(Udp.parseAddress("127.0.0.2", 0).orElseThrow().getAddress()).toString());
    assertEquals("Datagram[4 bytes to 127.0.0.1:9001, tag 7, in segments of 2]",
        Datagram.of("ping").to("127.0.0.1", 9001).tag(7).segments(2).toString());
  }

  /** The issue that brought Datagram asked for at most eight ways to send on UdpSocket. */
  @Test
  void aSocketHasFewWaysToSend() {
    List<String> sends = new ArrayList<>();
    for (Method m : UdpSocket.class.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers()) && m.getName().matches("send.*|write.*")) {
        sends.add(m.toString());
      }
    }
    assertTrue(sends.size() <= 8, () -> sends.size() + " ways to send: " + sends);
    assertTrue(sends.stream().anyMatch(s -> s.contains("send(net.udp.Datagram,net.udp.SendCallback)")), sends::toString);
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      text.appendCodePoint(switch (random.nextInt(3)) {
        case 0 -> 'a' + random.nextInt(26);
        case 1 -> 0xe0 + random.nextInt(32);
        default -> 0x1f600 + random.nextInt(16);
      });
    }
    return text.toString();
  }
}
