package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-4, continued: the caller's buffer. A provider copies what it cannot send at once, and
 * copies are where offsets, positions and staging areas go wrong.
 */
public interface SendBufferRules extends ProviderUnderTest {

  /**
   * Rule UDP-4.9: the caller may reuse its buffer once send returns, whether it sends from a thread
   * or from a receive callback, and whatever the buffer is, for one datagram or a segmented send:
   * what arrives is what the buffer held at the call, from its position to its limit, and neither
   * moves.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-4.9 the caller may reuse its buffer once send returns, from a thread or a receive callback, heap or direct, a slice or not, one datagram or a segmented send: what arrives is what the buffer held from its position to its limit at the call, and neither moves")
  default void udp_4_9_buffersMayBeReusedAtOnce(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 23).listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Rig.loopback4(Rig.port(receiver));
    List<String> moved = new CopyOnWriteArrayList<>();

    UdpSocket sender = rig.socket();
    List<byte[]> sent = sendEachKind(sender, to, 0, moved);
    check(sent, inbox.next(sent.size(), "datagrams sent from a thread"), "from a thread");

    // A callback's sends may be gathered and leave together when it returns (a provider may stage
    // them in native memory): many, and more bytes than one staging area of 1 MiB would hold, to
    // show each copy at its own place.
    boolean roomForABurst = receiver.info().socketReceiveBuffer() >= 4 << 20;
    List<byte[]> fromCallback = new CopyOnWriteArrayList<>();
    UdpSocket relay = rig.listening((socket, payload, from) -> {
      fromCallback.addAll(sendEachKind(socket, to, 1000, moved));
      // Segmented sends gathered the same way, from a reused heap buffer, heap slice and direct buffer: three datagrams each.
      ByteBuffer[] segmented = {ByteBuffer.allocate(1600), ByteBuffer.allocate(1700).position(100).slice(), ByteBuffer.allocateDirect(1600)};
      for (int i = 0; i < 6; i++) {
        fromCallback.addAll(reuseSegmented(segmented[i % 3], Rules.numbered(1500 + i, 1300 + i * 40), socket, to, moved));
      }
      if (roomForABurst) {
        ByteBuffer big = ByteBuffer.allocateDirect(45_008);
        for (int i = 0; i < 24; i++) {
          fromCallback.add(reuse(big, Rules.numbered(2000 + i, 45_000 - i), socket, to, moved));
        }
      }
    });
    sender.send(ByteBuffer.allocate(1), Rig.loopback4(Rig.port(relay)));
    int expected = 4 * 25 + 6 * 3 + (roomForABurst ? 24 : 0); // sendEachKind sends 25 of each kind; each segmented send three
    List<Inbox.Datagram> got = inbox.next(expected, "datagrams sent from a receive callback");
    check(fromCallback, got, "from a receive callback");
    inbox.expectNothing(Rules.BRIEF, "no datagram beyond those sent");
    assertEquals(List.of(), moved, "send moved the caller's position or limit");
  }

  /**
   * Sends 25 datagrams of varying lengths from each of four buffers, reused:
   * heap, a heap slice (an array offset), direct, a direct slice; the payload starts at a position
   * that is not 0.
   *
   * @return what was sent, in order
   */
  private static List<byte[]> sendEachKind(UdpSocket socket, InetSocketAddress to, int first, List<String> moved) {
    List<byte[]> sent = new ArrayList<>();
    ByteBuffer[] buffers = {
      ByteBuffer.allocate(2100),
      ByteBuffer.allocate(2200).position(100).slice(),
      ByteBuffer.allocateDirect(2100),
      ByteBuffer.allocateDirect(2200).position(100).slice()
    };
    for (int kind = 0; kind < buffers.length; kind++) {
      for (int i = 0; i < 25; i++) {
        int number = first + kind * 25 + i;
        sent.add(reuse(buffers[kind], Rules.numbered(number, 4 + (number * 397) % 2000), socket, to, moved));
      }
    }
    return sent;
  }

  /**
   * Sends {@code bytes} from {@code buffer}, placed at a position that is not 0, then overwrites
   * them there, as a caller reusing its buffer does.
   *
   * @return {@code bytes}
   */
  private static byte[] reuse(ByteBuffer buffer, byte[] bytes, UdpSocket socket, InetSocketAddress to, List<String> moved) {
    int at = 1 + bytes.length % 7;
    buffer.clear().position(at);
    buffer.put(bytes).flip().position(at);
    socket.send(buffer, to);
    if (buffer.position() != at || buffer.limit() != at + bytes.length) {
      moved.add("a " + (buffer.isDirect() ? "direct" : "heap") + " buffer of " + bytes.length + " bytes at " + at
          + " was left at " + buffer.position() + " to " + buffer.limit());
    }
    for (int i = at; i < at + bytes.length; i++) {
      buffer.put(i, (byte) ~bytes[i - at]);
    }
    return bytes;
  }

  /**
   * Sends {@code bytes} from {@code buffer} as datagrams of 500 bytes in one segmented send, as
   * {@link #reuse} sends one datagram, then overwrites them.
   *
   * @return the datagrams that must arrive, in order
   */
  private static List<byte[]> reuseSegmented(ByteBuffer buffer, byte[] bytes, UdpSocket socket, InetSocketAddress to, List<String> moved) {
    int at = 1 + bytes.length % 7;
    buffer.clear().position(at);
    buffer.put(bytes).flip().position(at);
    socket.send(Datagram.of(buffer).to(to).segments(500));
    if (buffer.position() != at || buffer.limit() != at + bytes.length) {
      moved.add("a segmented send from a " + (buffer.isDirect() ? "direct" : "heap") + " buffer of " + bytes.length + " bytes at " + at
          + " left it at " + buffer.position() + " to " + buffer.limit());
    }
    for (int i = at; i < at + bytes.length; i++) {
      buffer.put(i, (byte) ~bytes[i - at]);
    }
    List<byte[]> datagrams = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += 500) {
      datagrams.add(Arrays.copyOfRange(bytes, from, Math.min(from + 500, bytes.length)));
    }
    return datagrams;
  }

  private static void check(List<byte[]> sent, List<Inbox.Datagram> got, String how) {
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(sent.get(i), got.get(i).payload(), "datagram " + i + " of " + sent.size() + " sent " + how);
    }
  }
}
