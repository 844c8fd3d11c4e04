package net.udp.testkit.faults;

import java.net.InetAddress;
import net.udp.ReceiveCallback;
import net.udp.ReceivedMetadata;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults in what a metadata callback is told that every provider tells: truncation. */
final class MetadataFaults {
  private MetadataFaults() {}

  /** Tells every datagram whole, as a provider that forgot to pass on its own truncation would. */
  static UdpSocket truncationNotTold(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return ReceiveCallback.withMetadata((s, payload, sender, metadata) ->
            callback.onReceive(this, payload, sender, truncated(metadata, false)));
      }
    };
  }

  /** Tells a datagram exactly as long as the buffer truncated, as a test of {@code >=} for {@code >} would. */
  static UdpSocket wholeDatagramAtTheBufferToldTruncated(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile int size = 65_507;

      @Override
      public UdpSocket setBufferSize(int bytes, int version) {
        if (version != 6) {
          size = bytes;
        }
        return super.setBufferSize(bytes, version);
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return ReceiveCallback.withMetadata((s, payload, sender, metadata) ->
            callback.onReceive(this, payload, sender, truncated(metadata, metadata.truncated() || payload.remaining() == size)));
      }
    };
  }

  /** The same facts, but for truncation. */
  private static ReceivedMetadata truncated(ReceivedMetadata m, boolean cut) {
    @Nullable InetAddress destination = m.destination();
    int index = m.interfaceIndex();
    int ecn = m.ecn();
    int hops = m.hopLimit();
    long time = m.receiveTimeNanos();
    int segment = m.segmentSize();
    return new ReceivedMetadata() {
      @Override
      public @Nullable InetAddress destination() {
        return destination;
      }

      @Override
      public int interfaceIndex() {
        return index;
      }

      @Override
      public int ecn() {
        return ecn;
      }

      @Override
      public int hopLimit() {
        return hops;
      }

      @Override
      public long receiveTimeNanos() {
        return time;
      }

      @Override
      public boolean truncated() {
        return cut;
      }

      @Override
      public int segmentSize() {
        return segment;
      }
    };
  }
}
