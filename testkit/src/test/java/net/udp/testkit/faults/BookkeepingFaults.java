package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.ErrorListener;
import net.udp.SendCallback;
import net.udp.UdpCounters;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** Faults in bookkeeping: rule group 16. */
final class BookkeepingFaults {
  private BookkeepingFaults() {}

  /** Tells the error listener of every failed send, also those whose callback was told. */
  static UdpSocket failuresToldTwice(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile @Nullable ErrorListener listener;

      @Override
      public UdpSocket setErrorListener(@Nullable ErrorListener l) {
        listener = l;
        return super.setErrorListener(l);
      }

      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          ErrorListener l = listener;
          if (failure != null && l != null) {
            l.onError(this, failure);
          }
          callback.onSent(tag, failure);
        };
      }
    };
  }

  /** Counts a segmented send as one datagram, however many it sends. */
  static UdpSocket segmentedSendCountedOnce(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final AtomicLong uncounted = new AtomicLong();

      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int segments = Math.max(1, (message.remaining() + segmentSize - 1) / segmentSize);
        uncounted.addAndGet(segments - 1);
        return super.sendSegments(message, segmentSize, target, tag, onSent);
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        UdpCounters c = i.counters();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(c).sent(c.datagramsSent() - uncounted.get(), c.bytesSent()).build()).build();
      }
    };
  }
}
