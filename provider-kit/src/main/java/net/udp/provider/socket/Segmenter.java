package net.udp.provider.socket;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * A segmented send, for a socket whose operating-system socket takes several segments in one
 * call: as many at once as the kernel takes while nothing waits, then the rest one by one, in
 * order, all told to one callback.
 */
final class Segmenter {
  private Segmenter() {}

  /**
   * Sends, or declines when the segments would go one by one anyway.
   *
   * @param perCall how many segments the operating-system socket takes at once
   * @return {@code false}, having done nothing, when there is nothing to gain: a caller then sends
   *     one datagram a segment
   */
  static boolean send(Outbox outbox, Dispatch dispatch, UdpSocket socket, ByteBuffer message, int segmentSize, InetSocketAddress target, int perCall,
      long tag, @Nullable SendCallback onSent) {
    int largest = target.getAddress() instanceof Inet4Address ? 65_507 : 65_527; // what one datagram carries
    int chunk = Math.min(perCall, largest / segmentSize);
    if (chunk < 2 || !message.hasRemaining()) {
      return false;
    }
    Gathered gathered = new Gathered(tag, onSent, dispatch);
    int at = message.position();
    while (at < message.limit()) {
      int length = Math.min(chunk * segmentSize, message.limit() - at);
      gathered.expect(1); // before the send: its callback may run at once
      if (!outbox.sendDirect(message.slice(at, length), segmentSize, target, tag, gathered)) {
        gathered.expect(-1);
        break;
      }
      at += length;
    }
    for (; at < message.limit(); at += segmentSize) {
      gathered.expect(1);
      socket.send(message.slice(at, Math.min(segmentSize, message.limit() - at)), target, tag, gathered);
    }
    gathered.seal();
    return true;
  }
}
