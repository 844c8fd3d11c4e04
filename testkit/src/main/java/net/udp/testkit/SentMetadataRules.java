package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.concurrent.LinkedBlockingQueue;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-18, continued: what a datagram sent carries. A provider that sends ECN codepoints or source
 * addresses (and does not declare it lacks {@link Capability#SEND_ECN} or {@link
 * Capability#SEND_SOURCE}) marks each datagram as asked; one that lacks them refuses such a
 * datagram rather than send it without.
 */
public interface SentMetadataRules extends ProviderUnderTest {

  /**
   * Rule UDP-18.5: each datagram carries the ECN codepoint it was sent with, whatever the one
   * before it carried, and one sent without any leaves unmarked: from a thread, over IPv4 and
   * IPv6; from a receive callback; and each datagram of a segmented send.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires({Capability.SEND_ECN, Capability.RECEIVE_METADATA})
  @DisplayName("UDP-18.5 each datagram carries the ECN codepoint it was sent with, whatever the one before carried, and one sent without it none: from a thread over IPv4 and IPv6, from a callback (several in one), and in each segment of a segmented send")
  default void udp_18_5_eachDatagramCarriesItsEcn(Rig rig) {
    LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
    UdpSocket receiver = rig.socket(Told.keeping(told)).setReceiveMetadata(EnumSet.of(UdpMetadata.ECN)).listen(0).receive();
    UdpSocket sender = rig.socket().listen(0);
    // A relay sends, from its receive callback, one datagram for each byte of what it receives,
    // with the codepoint the byte names (byte 0: none): a provider that batches sends made on its
    // loop puts them in slots it reuses, which must not keep one datagram's mark for the next.
    InetSocketAddress back = Rig.loopback4(Rig.port(receiver));
    UdpSocket relay = rig.socket((socket, payload, from) -> {
      while (payload.hasRemaining()) {
        int code = payload.get() - 1;
        socket.send(Datagram.of(new byte[] {(byte) code}).to(back).ecn(code), null);
      }
    }).listen("127.0.0.1", 0).receive();
    Property.forAll(Gen.lists(Gen.integers(-1, 3), 1, 8)).tries(Rules.TRIES).afterFailure(told::clear).check(codes -> {
      for (boolean six : Rig.hasIPv6() ? new boolean[] {false, true} : new boolean[] {false}) {
        InetSocketAddress to = six ? Rig.loopback6(Rig.port(receiver)) : Rig.loopback4(Rig.port(receiver));
        Datagram datagram = new Datagram().to(to);
        for (int code : codes) {
          sender.send(datagram.payload(new byte[] {(byte) code}).ecn(code));
        }
        for (int code : codes) {
          assertEquals(Math.max(code, 0), Told.next(told, "a datagram sent with ECN " + code).ecn(),
              "the ECN codepoint of a datagram sent with " + code + " after " + codes + (six ? " over IPv6" : " over IPv4"));
        }
      }
      byte[] relayed = new byte[codes.size()];
      for (int i = 0; i < relayed.length; i++) {
        relayed[i] = (byte) (codes.get(i) + 1);
      }
      sender.send(Datagram.of(relayed).to(Rig.loopback4(Rig.port(relay))));
      for (int code : codes) {
        assertEquals(Math.max(code, 0), Told.next(told, "a datagram sent from a callback with ECN " + code).ecn(),
            "the ECN codepoint of a datagram sent from a callback with " + code + ", one of " + codes + " sent from one callback");
      }
    });
    sender.send(Datagram.of(new byte[300]).to(Rig.loopback4(Rig.port(receiver))).segments(100).ecn(2));
    for (int i = 0; i < 3; i++) {
      assertEquals(2, Told.next(told, "segment " + i + " of a segmented send with ECN 2").ecn(), "the ECN codepoint of segment " + i + " of a segmented send");
    }
  }

  /**
   * Rule UDP-18.6: a socket bound to the wildcard address sends from the source address a
   * datagram names, over IPv4 and IPv6, with an ECN codepoint beside it too, from a thread and from
   * a callback, and from the one the system chooses otherwise; a source of the other family fails
   * the send through its callback.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.SEND_SOURCE)
  @DisplayName("UDP-18.6 a wildcard-bound socket sends from the source address a datagram names (127.0.0.2, 127.0.0.3, ::1), with an ECN codepoint too, from a thread and from a callback, and from the system's choice otherwise; a source of the other family fails through the callback")
  default void udp_18_6_aDatagramLeavesFromItsSource(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    UdpSocket sender = rig.socket().listen(0);
    InetAddress two = Udp.parseAddress("127.0.0.2", 0).orElseThrow().getAddress();
    InetAddress three = Udp.parseAddress("127.0.0.3", 0).orElseThrow().getAddress();
    sender.send(Datagram.of("from two").to(to).from(two));
    sender.send(Datagram.of("from the system's choice").to(to));
    assertEquals(new InetSocketAddress(two, Rig.port(sender)), inbox.next(1, "a datagram sent from 127.0.0.2").get(0).sender(), "the sender of a datagram sent from 127.0.0.2");
    assertEquals(Rig.loopback4(Rig.port(sender)), inbox.next(1, "a datagram sent with no source").get(0).sender(), "the sender of a datagram sent with no source");
    InetAddress[] turns = {two, three, two, three};
    for (InetAddress source : turns) { // one after the other from one thread: none takes another's source
      sender.send(Datagram.of("in turn").to(to).from(source));
    }
    for (InetAddress source : turns) {
      assertEquals(new InetSocketAddress(source, Rig.port(sender)), inbox.next(1, "a datagram sent in turn from " + source.getHostAddress()).get(0).sender(),
          "the sender of a datagram sent from " + source.getHostAddress() + ", sources taken in turn");
    }
    if (!lacks().contains(Capability.SEND_ECN)) { // both control messages in one datagram
      sender.send(Datagram.of("marked, from two").to(to).from(two).ecn(1));
      assertEquals(new InetSocketAddress(two, Rig.port(sender)), inbox.next(1, "a datagram sent from 127.0.0.2 with ECN 1").get(0).sender(),
          "the sender of a datagram sent from 127.0.0.2 with an ECN codepoint too");
    }
    if (Rig.hasIPv6()) {
      Inbox inbox6 = new Inbox();
      UdpSocket receiver6 = rig.socket(inbox6).listen("::1", 0).receive();
      sender.send(Datagram.of("from ::1").to(Rig.loopback6(Rig.port(receiver6))).from(Rig.LOOPBACK_V6));
      assertEquals(Rig.loopback6(Rig.port(sender)), inbox6.next(1, "a datagram sent from ::1").get(0).sender(), "the sender of a datagram sent from ::1");
    }
    Datagram reply = new Datagram().to(to).from(three);
    UdpSocket relay = rig.socket((socket, payload, from) -> socket.send(reply.payload(payload), null)).listen(0).receive();
    sender.send("relay this", "127.0.0.1", Rig.port(relay));
    assertEquals(new InetSocketAddress(three, Rig.port(relay)), inbox.next(1, "a datagram sent from a callback from 127.0.0.3").get(0).sender(),
        "the sender of a datagram sent from a callback from 127.0.0.3");
    Outcomes outcomes = new Outcomes();
    sender.send(Datagram.of("from the wrong family").to(to).from(Rig.LOOPBACK_V6).tag(6), outcomes);
    Outcomes.Outcome wrongFamily = outcomes.next();
    assertEquals(6, wrongFamily.tag());
    wrongFamily.failed();
    inbox.expectNothing(Rules.BRIEF, "a datagram whose source is of the other family");
  }

  /**
   * Rule UDP-18.7: what a provider declares it lacks it refuses: a datagram with an ECN codepoint,
   * or a source address, fails through its callback rather than leave without it.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-18.7 a provider that lacks send-ecn or send-source fails a datagram with an ECN codepoint or a source address through its callback, and sends nothing, rather than send it without")
  default void udp_18_7_whatIsLackedIsRefused(Rig rig) {
    Assumptions.assumeTrue(lacks().contains(Capability.SEND_ECN) || lacks().contains(Capability.SEND_SOURCE),
        "the provider sends ECN codepoints and source addresses: UDP-18.5 and 18.6 hold it to them");
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0).receive();
    UdpSocket sender = rig.socket().listen(0);
    Outcomes outcomes = new Outcomes();
    if (lacks().contains(Capability.SEND_ECN)) {
      sender.send(Datagram.of("marked").to(Rig.loopback4(Rig.port(receiver))).ecn(2).tag(1), outcomes);
      Outcomes.Outcome o = outcomes.next();
      assertEquals(1, o.tag());
      o.failed();
    }
    if (lacks().contains(Capability.SEND_SOURCE)) {
      sender.send(Datagram.of("sourced").to(Rig.loopback4(Rig.port(receiver))).from(Udp.parseAddress("127.0.0.2", 0).orElseThrow().getAddress()).tag(2), outcomes);
      Outcomes.Outcome o = outcomes.next();
      assertEquals(2, o.tag());
      o.failed();
    }
    inbox.expectNothing(Rules.BRIEF, "a datagram sent without what it asked for");
  }
}
