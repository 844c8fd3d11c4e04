package net.udp.provider.socket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.SendCallback;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/**
 * A segmented send, for a socket whose operating-system socket takes several segments in one
 * call: as many at once as the kernel takes while nothing waits, then the rest one by one, in
 * order, all told to one callback. The parts sent at once are told nothing on their own: only
 * the whole send's outcome reaches the event loop, once.
 */
final class Segmenter {
  private Segmenter() {}

  /**
   * Sends, or declines when the segments would go one by one anyway.
   *
   * @param perCall how many segments the operating-system socket takes in one group
   * @return {@code false}, having done nothing, when there is nothing to gain: a caller then sends
   *     one datagram a segment
   */
  static boolean send(Outbox outbox, Dispatch dispatch, Sender socket, ByteBuffer message, int segmentSize,
      InetSocketAddress target, int perCall, long tag, @Nullable SendCallback onSent, int ecn, @Nullable InetAddress source) {
    int largest = target.getAddress() instanceof Inet4Address ? 65_507 : 65_527; // what one datagram carries
    int perGroup = Math.min(perCall, largest / segmentSize);
    if (perGroup < 2 || !message.hasRemaining()) {
      return false;
    }
    Gathered gathered = new Gathered(tag, onSent, dispatch);
    int at = message.position();
    while (at < message.limit()) {
      long sent;
      try {
        sent = outbox.sendSegmentsNow(message.slice(at, message.limit() - at), segmentSize, perGroup, target, ecn, source);
      } catch (UdpException e) {
        gathered.failed(e); // as that many sends would: the others still go
        sent = Math.min(perGroup * segmentSize, message.limit() - at);
      }
      if (sent <= 0) {
        break; // the rest one by one, queued behind what waits
      }
      at += (int) sent;
    }
    for (; at < message.limit(); at += segmentSize) {
      gathered.expect(1);
      socket.sendTo(message.slice(at, Math.min(segmentSize, message.limit() - at)), target, tag, gathered, ecn, source);
    }
    gathered.seal();
    return true;
  }
}
