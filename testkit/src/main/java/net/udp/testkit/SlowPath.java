package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.udp.UdpSocket;

/**
 * The slow path of the pressure rules: in the network namespace {@link MulticastNet#SETUP} makes,
 * datagrams to {@value #ADDRESS} leave loopback at 8 Mbit/s, so that a sender with a small {@code
 * SO_SNDBUF} finds the kernel's send buffer full, as a real link does. Loopback alone never
 * refuses a UDP send (the kernel frees a datagram's buffer space as it hands it over), so without
 * this path no rule could see a provider handle a full buffer.
 */
public final class SlowPath {
  private SlowPath() {}

  /** The address whose datagrams are slowed; a loopback address, bound by the receiving side. */
  public static final String ADDRESS = "127.0.0.9";

  /** The send buffer a pressure rule asks for: the kernel's smallest, a few datagrams. */
  public static final int SEND_BUFFER = 4096;

  private static final int PROBES = 256;

  /**
   * How many datagrams may arrive out of the order they were sent in, on the slow path, through no
   * fault of the provider. The kernel drains the shaped queue on whichever CPU its timer fires on,
   * and each CPU hands what it drained to the receiving socket on its own: a CPU held up (a busy
   * machine, a virtual CPU descheduled) delivers the few datagrams it drained after later ones (in
   * one CI run, datagram 15 of 201 arrived before 13). UDP promises no order; what the rules judge
   * is that the provider hands its datagrams to the kernel in the order of the sends, and one that
   * does not, a waiting send overtaken by the next, say, puts many out of place.
   */
  static final int REORDERED = 8;

  /**
   * A socket of the rule on the slow path's address that puts what it receives in {@code inbox},
   * with room in its kernel buffer for every datagram a rule sends.
   *
   * @return its address, where the slow path goes
   */
  static InetSocketAddress receiver(Rig rig, Inbox inbox) {
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen(ADDRESS, 0).receive();
    return new InetSocketAddress(ADDRESS, Rig.port(receiver));
  }

  /**
   * A socket of the rule that asks for the send buffer of {@value #SEND_BUFFER} bytes, which the
   * slow path fills.
   *
   * @return the socket, not yet bound
   */
  static UdpSocket sender(Rig rig) {
    return rig.socket().setSocketSendBuffer(SEND_BUFFER);
  }

  /**
   * Why the pressure rules cannot fill a send buffer here, if they cannot. A plain JDK channel
   * with a small send buffer sends to the slow address until the kernel refuses a datagram; on
   * plain loopback it never does.
   *
   * @return the reason, or empty when a send buffer can be filled here
   */
  public static Optional<String> whyNotHere() {
    Optional<String> net = MulticastNet.whyNotHere();
    if (net.isPresent()) {
      return Optional.of("no slow path to " + ADDRESS + ": " + net.get());
    }
    try (DatagramChannel receiver = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
      receiver.bind(new InetSocketAddress(ADDRESS, 0));
      sender.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
      sender.configureBlocking(false);
      ByteBuffer payload = ByteBuffer.allocate(1000);
      for (int i = 0; i < PROBES; i++) {
        if (sender.send(payload.clear(), receiver.getLocalAddress()) == 0) {
          return Optional.empty();
        }
      }
      return Optional.of("datagrams to " + ADDRESS + " are not slowed here: " + PROBES + " sends of 1000 bytes never filled a "
          + SEND_BUFFER + "-byte send buffer (" + MulticastNet.SETUP + " shapes it with tc's HTB, which this kernel may lack)");
    } catch (IOException e) {
      return Optional.of("no slow path to " + ADDRESS + ": " + e.getMessage());
    }
  }

  /**
   * Checks that the datagrams that arrived on the slow path are those sent, each exactly once, and
   * in the order of the sends but for at most {@link #REORDERED} the kernel delivered late.
   *
   * @param sent the payloads, in the order of the sends
   * @param arrived the payloads, in the order they arrived
   * @param what the datagrams, for the failure message
   * @throws AssertionError if one is missing, extra or repeated, or more are out of place
   */
  static void expectSentOrder(List<byte[]> sent, List<byte[]> arrived, String what) {
    Map<String, ArrayDeque<Integer>> unclaimed = new HashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      unclaimed.computeIfAbsent(Arrays.toString(sent.get(i)), k -> new ArrayDeque<>()).add(i);
    }
    int[] order = new int[arrived.size()];
    for (int i = 0; i < arrived.size(); i++) {
      ArrayDeque<Integer> sends = unclaimed.get(Arrays.toString(arrived.get(i)));
      Integer send = sends == null ? null : sends.poll();
      if (send == null) {
        throw new AssertionError("datagram " + i + " of " + arrived.size() + " " + what + " is none of the " + sent.size()
            + " sent, or one sent once arrived twice: " + describe(arrived.get(i)));
      }
      order[i] = send;
    }
    if (arrived.size() != sent.size()) {
      throw new AssertionError(arrived.size() + " " + what + " arrived, of " + sent.size() + " sent");
    }
    List<Integer> late = outOfPlace(order);
    if (late.size() > REORDERED) {
      throw new AssertionError(what + " out of the order of the sends: the sends " + late + " arrived out of place, more than the "
          + REORDERED + " the kernel's shaped path may reorder (arrival order " + Arrays.toString(order) + ")");
    }
  }

  private static String describe(byte[] payload) {
    return payload.length + " bytes beginning " + java.util.HexFormat.ofDelimiter(" ").formatHex(payload, 0, Math.min(8, payload.length));
  }

  /**
   * The fewest sends whose removal leaves {@code order} increasing: those not on one of its
   * longest increasing runs (not necessarily adjacent), found by patience sorting.
   */
  static List<Integer> outOfPlace(int[] order) {
    int n = order.length;
    int[] tails = new int[n]; // tails[k]: index in order of the smallest end of an increasing run of k + 1
    int[] previous = new int[n];
    int length = 0;
    for (int i = 0; i < n; i++) {
      int lo = 0;
      int hi = length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (order[tails[mid]] < order[i]) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      previous[i] = lo > 0 ? tails[lo - 1] : -1;
      tails[lo] = i;
      length = Math.max(length, lo + 1);
    }
    boolean[] kept = new boolean[n];
    for (int i = length > 0 ? tails[length - 1] : -1; i >= 0; i = previous[i]) {
      kept[i] = true;
    }
    List<Integer> late = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        late.add(order[i]);
      }
    }
    return late;
  }

  /**
   * Takes the outcomes of {@link PressureRules#BACKLOG} sends tagged from {@code first} and the datagrams that
   * arrived: each called back once, as sent (the queue has room for all of them), and exactly
   * those, in order but for what the slow path itself may reorder.
   */
  static void expectDelivered(Outcomes outcomes, Inbox inbox, int first, String how) {
    List<Long> tags = new ArrayList<>();
    for (int i = 0; i < PressureRules.BACKLOG; i++) {
      Outcomes.Outcome o = outcomes.poll(Rig.patience());
      if (o == null) {
        throw new AssertionError(i + " of " + PressureRules.BACKLOG + " sends " + how + " called back, then no send callback within " + Rig.patience().toSeconds()
            + " s: the sends waiting for room in the kernel's send buffer did not leave when it drained");
      }
      o.succeeded();
      tags.add(o.tag());
    }
    List<Long> expected = new ArrayList<>();
    for (long t = first; t < first + PressureRules.BACKLOG; t++) {
      expected.add(t);
    }
    assertEquals(expected, tags, "send callbacks " + how + ", in the order of the sends");
    List<byte[]> arrived = new ArrayList<>();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < PressureRules.BACKLOG; i++) {
      Inbox.Datagram d = inbox.poll(Rig.patience());
      if (d == null) {
        throw new AssertionError(PressureRules.BACKLOG + " sends " + how + " called back as sent, but only " + i + " datagrams arrived: a send the kernel refused"
            + " (its buffer full) was reported as sent");
      }
      arrived.add(d.payload());
      sent.add(payload(first + i));
    }
    expectSentOrder(sent, arrived, "datagrams " + how);
    inbox.expectNothing(Rules.BRIEF, "no more datagrams than sends");
  }

  /**
   * The payload of send {@code n}: numbered, and every tenth empty, as a provider that cannot tell
   * an empty datagram sent from one refused (both are "0 bytes sent" to {@code DatagramChannel})
   * must still get right.
   */
  static byte[] payload(int n) {
    return n % 10 == 9 ? new byte[0] : Rules.numbered(n, PressureRules.SLOW_SIZE);
  }
}
