package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-19: don't-fragment and the path MTU, which QUIC's path MTU discovery relies on. The rules
 * send over the narrow path of the rules' network namespace ({@link NarrowPath}): a route to
 * {@value NarrowPath#ADDRESS} whose MTU is {@value NarrowPath#MTU}.
 */
public interface MtuRules extends ProviderUnderTest {

  /**
   * Rule UDP-19.1: without don't-fragment a datagram larger than the path arrives whole (the
   * kernel fragments it); with it, a datagram one byte over the path fails through its callback,
   * one that just fits arrives, and the socket stays usable; cleared again, the large one arrives.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires(Capability.DONT_FRAGMENT)
  @DisplayName("UDP-19.1 with setDontFragment(true) a datagram one byte over the path MTU fails through its callback and one that just fits arrives, the socket usable; without it both arrive whole, from an IPv4 and from a dual-stack socket")
  default void udp_19_1_dontFragmentRefusesWhatDoesNotFit(Rig rig) {
    rig.assumeNarrowPath();
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen(NarrowPath.ADDRESS, 0).receive();
    InetSocketAddress to = Udp.parseAddress(NarrowPath.ADDRESS, Rig.port(receiver)).orElseThrow();
    // An IPv4 socket, and a dual-stack one sending to an IPv4 peer: the kernel takes IPv4's option
    // from the second too, which a provider that sets only IPv6's on an IPv6 socket forgets.
    refusesWhatDoesNotFit(rig.socket().listen("127.0.0.1", 0), to, inbox, " from an IPv4 socket");
    refusesWhatDoesNotFit(rig.socket().listen(0), to, inbox, " from a dual-stack socket");
  }

  /** UDP-19.1 for one sender; {@code from} names it in the failure messages. */
  private void refusesWhatDoesNotFit(UdpSocket sender, InetSocketAddress to, Inbox inbox, String from) {
    byte[] over = new byte[NarrowPath.LARGEST_PAYLOAD + 1];
    new SplittableRandom(19_1).nextBytes(over);
    byte[] fits = java.util.Arrays.copyOf(over, NarrowPath.LARGEST_PAYLOAD);
    Outcomes outcomes = new Outcomes();

    sender.send(Datagram.of(over).to(to).tag(1), outcomes);
    assertEquals(1, outcomes.next().succeeded().tag(), "a datagram over the path MTU without don't-fragment" + from);
    assertArrayEquals(over, inbox.next(1, "a datagram over the path MTU, without don't-fragment" + from).get(0).payload());
    assertFalse(sender.info().dontFragment(), "info().dontFragment() before it was set" + from);

    sender.setDontFragment(true);
    assertTrue(sender.info().dontFragment(), "info().dontFragment() once set" + from);
    sender.send(Datagram.of(over).to(to).tag(2), outcomes);
    Outcomes.Outcome refused = outcomes.next();
    assertEquals(2, refused.tag());
    if (refused.failure() == null) {
      throw new AssertionError("a datagram one byte over the path MTU, with don't-fragment" + from + ", was sent");
    }
    UdpException failure = refused.failed();
    if (!lacks().contains(Capability.PATH_MTU)) {
      assertTrue(String.valueOf(failure.getMessage()).contains(Integer.toString(NarrowPath.MTU)),
          () -> "the failure of a datagram over the path MTU" + from + " does not give the MTU (" + NarrowPath.MTU + "): " + failure.getMessage());
    }
    sender.send(Datagram.of(fits).to(to).tag(3), outcomes);
    assertEquals(3, outcomes.next().succeeded().tag(), "a datagram that just fits the path MTU, with don't-fragment" + from);
    assertArrayEquals(fits, inbox.next(1, "a datagram that just fits, after one that did not" + from).get(0).payload());
    inbox.expectNothing(Rules.BRIEF, "nothing of the datagram that did not fit" + from);

    sender.setDontFragment(false);
    assertFalse(sender.info().dontFragment(), "info().dontFragment() once cleared" + from);
    sender.send(Datagram.of(over).to(to).tag(4), outcomes);
    assertEquals(4, outcomes.next().succeeded().tag(), "a datagram over the path MTU once don't-fragment is cleared" + from);
    assertArrayEquals(over, inbox.next(1, "a datagram over the path MTU, don't-fragment cleared" + from).get(0).payload());
  }

  /**
   * Rule UDP-19.2: {@code info().pathMtu()} is the kernel's path MTU to the connected address: the
   * narrow route's, loopback's (larger) for another address, and -1 when not connected; set
   * before binding, don't-fragment holds once the socket opens.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @Requires({Capability.PATH_MTU, Capability.DONT_FRAGMENT})
  @DisplayName("UDP-19.2 info().pathMtu() is the kernel's path MTU to the connected address (1280 on the narrow route, more on loopback) and -1 when not connected; don't-fragment set before binding holds once open")
  default void udp_19_2_thePathMtuIsTheKernels(Rig rig) {
    rig.assumeNarrowPath();
    UdpSocket receiver = rig.socket().listen(NarrowPath.ADDRESS, 0);
    UdpSocket early = rig.socket().setDontFragment(true);
    assertEquals(-1, early.info().pathMtu(), "pathMtu() of a socket never opened");
    early.listen("127.0.0.1", 0);
    assertEquals(-1, early.info().pathMtu(), "pathMtu() of a socket that is not connected");
    assertTrue(early.info().dontFragment(), "don't-fragment set before binding");
    Outcomes outcomes = new Outcomes();
    early.send(Datagram.of(new byte[NarrowPath.LARGEST_PAYLOAD + 1]).to(NarrowPath.ADDRESS, Rig.port(receiver)).tag(5), outcomes);
    outcomes.next().failed();

    UdpSocket narrow = rig.socket().connect(NarrowPath.ADDRESS, Rig.port(receiver));
    assertEquals(NarrowPath.MTU, narrow.info().pathMtu(), "pathMtu() of a socket connected over the narrow route");
    UdpSocket wide = rig.socket().connect("127.0.0.1", Rig.port(receiver));
    int loopback = wide.info().pathMtu();
    assertTrue(loopback > NarrowPath.MTU, () -> "pathMtu() of a socket connected over loopback: " + loopback);
    narrow.close();
    assertEquals(-1, narrow.info().pathMtu(), "pathMtu() of a closed socket");
  }
}
