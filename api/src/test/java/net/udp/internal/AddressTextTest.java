package net.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import net.udp.Udp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Address text and raw sockaddr round trips. The round trips are properties checked over random
 * addresses; a failure names the seed, and {@code -Dnet.udp.test.seed=N} replays it.
 */
class AddressTextTest {
  private static final int TRIES = 2_000;

  /** Random addresses; IPv6 groups are zero half the time so that compression is exercised. */
  static InetSocketAddress randomAddress(SplittableRandom random) throws Exception {
    byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
    if (bytes.length == 4) {
      random.nextBytes(bytes);
    } else {
      for (int g = 0; g < 8; g++) {
        if (random.nextBoolean()) {
          int value = random.nextInt(4) == 0 ? random.nextInt(16) : random.nextInt(65_536);
          bytes[2 * g] = (byte) (value >>> 8);
          bytes[2 * g + 1] = (byte) value;
        }
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(bytes), random.nextInt(65_536));
  }

  interface Property {
    void check(InetSocketAddress address) throws Exception;
  }

  static void forAllAddresses(Property property) throws Exception {
    long seed = Long.getLong("net.udp.test.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < TRIES; i++) {
      InetSocketAddress address = randomAddress(random);
      try {
        property.check(address);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "failed for " + address + " at try " + i + "; replay with -Dnet.udp.test.seed=" + seed, e);
      }
    }
  }

  @Test
  void hostPortTextParsesBackToTheSameAddress() throws Exception {
    forAllAddresses(a -> assertEquals(a, Udp.parseAddress(Udp.formatAddress(a)).orElseThrow()));
  }

  @Test
  void literalsAgreeWithTheJdkParser() throws Exception {
    forAllAddresses(
        a -> {
          String literal = AddressText.literal(a.getAddress());
          assertEquals(a.getAddress(), AddressText.parseLiteral(literal));
          assertEquals(a.getAddress(), InetAddress.getByName(literal)); // a literal: the JDK does no lookup
        });
  }

  @Test
  void sockaddrBytesParseBackToTheSameAddress() throws Exception {
    forAllAddresses(a -> assertEquals(a, SockaddrCodec.decode(SockaddrCodec.encode(a))));
  }

  @ParameterizedTest
  @CsvSource({
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "1:0:0:0:0:0:0:0, 1::",
    "2001:db8:0:0:0:0:0:1, 2001:db8::1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:DB8:0:0:0:0:0:ABCD, 2001:db8::abcd"
  })
  void ipv6LiteralsArePrintedAsRfc5952Says(String input, String expected) {
    assertEquals(expected, AddressText.literal(literal(input)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", ":", "1.2.3.4", "1.2.3.4:", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3:80", "01.2.3.4:80",
        "1.2.3.4.5:80", "256.1.1.1:80", "[::1]", "[::1]80", "::1:80", "[1.2.3.4]:80", "[:::1]:80",
        "[1::2::3]:80", "[fe80::1%]:80", "[12345::]:80", "a b:80", "host:port", "host:1x",
        "[::1]:+80", "-host:80x", "host:080000", "[::ffff:1.2.3]:80", "[1:2:3:4:5:6:7:8:9]:80",
        "[g::1]:80", "[]:80", "host..name:80", ".host:80", "ho$t:80"
      })
  void malformedTextGivesNothing(String text) {
    assertTrue(Udp.parseAddress(text).isEmpty(), () -> text + " -> " + Udp.parseAddress(text));
  }

  @Test
  void aHostNameGivesAnUnresolvedAddressWithoutLookingItUp() {
    InetSocketAddress a = Udp.parseAddress("no-such-host.invalid:9001").orElseThrow();
    assertTrue(a.isUnresolved());
    assertEquals("no-such-host.invalid", a.getHostString());
    assertEquals(9001, a.getPort());
  }

  @Test
  void ipv4MappedLiteralsAreIPv4() {
    assertEquals("127.0.0.1", AddressText.literal(literal("::ffff:127.0.0.1")));
    assertEquals("127.0.0.1", AddressText.literal(literal("[::ffff:7f00:1]")));
  }

  @Test
  void embeddedIPv4IsAcceptedInIPv6Literals() {
    assertEquals("64:ff9b::c000:201", AddressText.literal(literal("64:ff9b::192.0.2.1")));
  }

  @Test
  void numericScopesAreKept() {
    InetAddress scoped = AddressText.parseLiteral("fe80::1%3");
    assertNotNull(scoped);
    assertEquals("fe80::1%3", AddressText.literal(scoped));
  }

  @Test
  void bsdLayoutIsReadAsOnMacOs() {
    // sin_len 16, AF_INET 2, port 9001, 127.0.0.1, zero padding
    byte[] bsd4 = {16, 2, 0x23, 0x29, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(new InetSocketAddress(AddressText.parseLiteral("127.0.0.1"), 9001), SockaddrCodec.decode(bsd4));
    byte[] bsd6 = new byte[28];
    bsd6[0] = 28;
    bsd6[1] = 30; // AF_INET6 on macOS
    bsd6[2] = 0x23;
    bsd6[3] = 0x29;
    bsd6[23] = 1; // ::1
    assertEquals(new InetSocketAddress(AddressText.parseLiteral("::1"), 9001), SockaddrCodec.decode(bsd6));
  }

  @Test
  void bigEndianLinuxLayoutIsRead() {
    byte[] be4 = {0, 2, 0x23, 0x29, 10, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(new InetSocketAddress(AddressText.parseLiteral("10.0.0.7"), 9001), SockaddrCodec.decode(be4));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7})
  void tooShortBytesGiveNothing(int length) {
    assertTrue((SockaddrCodec.decode(new byte[length]) == null));
  }

  @Test
  void unknownFamiliesGiveNothing() {
    byte[] unix = {1, 0, '/', 't', 'm', 'p', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertTrue((SockaddrCodec.decode(unix) == null));
    assertNull(SockaddrCodec.decode(new byte[] {10, 0, 0, 0, 0, 0, 0, 0, 0, 0})); // AF_INET6, too short
  }

  private static java.net.InetAddress literal(String text) {
    return java.util.Objects.requireNonNull(AddressText.parseLiteral(text), text);
  }

  @Test
  void aHostGivenApartFromItsPortIsALiteralANameOrNothing() {
    assertEquals("127.0.0.1:9", net.udp.Udp.formatAddress(net.udp.Udp.parseAddress("127.0.0.1", 9).orElseThrow()));
    assertEquals("[::1]:9", net.udp.Udp.formatAddress(net.udp.Udp.parseAddress("::1", 9).orElseThrow()));
    assertEquals("[::1]:9", net.udp.Udp.formatAddress(net.udp.Udp.parseAddress("[::1]", 9).orElseThrow()));
    assertTrue(net.udp.Udp.parseAddress("example.com", 9).orElseThrow().isUnresolved());
    assertTrue(net.udp.Udp.parseAddress("deadbeef.example", 9).orElseThrow().isUnresolved());
    assertTrue(net.udp.Udp.parseAddress("0xdead.beef", 9).orElseThrow().isUnresolved());
    for (String neither : new String[] {"1.2.3", "127.1", "2130706433", "0x7f.1", "0x7f000001", "0x0", "0177.0.0.1", "10.0.0.1.", "[127.0.0.1]", "a b", "", "[::1", "exa$mple"}) {
      assertTrue(net.udp.Udp.parseAddress(neither, 9).isEmpty(), neither);
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> net.udp.Udp.parseAddress("::1", 65_536));
  }

  /**
   * parseAddress is total: any text gives nothing or an address whose own text parses back to it,
   * and never an exception (this was the testkit's rule UDP-10.4; no provider takes part in it).
   */
  @Test
  void parseAddressNeverThrowsOnAnyText() {
    long seed = Long.getLong("net.udp.test.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "0123456789abcdef:.[]%-x/ g";
    for (int i = 0; i < TRIES; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(49); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      byte[] bytes = new byte[random.nextInt(41)];
      random.nextBytes(bytes);
      try {
        Udp.parseAddress(text.toString()).ifPresent(a -> {
          String host = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
          String again = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
          assertEquals(a, Udp.parseAddress(again).orElseThrow(), "no round trip via " + again);
        });
        var unused = SockaddrCodec.decode(bytes);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("failed for \"" + text + "\" or " + java.util.Arrays.toString(bytes) + " at try " + i
            + "; replay with -Dnet.udp.test.seed=" + seed, e);
      }
    }
  }
}
