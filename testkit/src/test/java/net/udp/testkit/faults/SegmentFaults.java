package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.SendCallback;
import net.udp.UdpBatch;
import net.udp.UdpSocket;
import net.udp.testkit.Rig;
import org.jspecify.annotations.Nullable;

/** Faults in segmented sends and batches: rule group 14, and what UDP-4.9 asks of a segmented send. */
final class SegmentFaults {
  private SegmentFaults() {}

  /** A segmented send loses its last, shorter segment, as chunking that counts only whole segments would. */
  static UdpSocket lastSegmentLost(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int whole = message.remaining() / segmentSize * segmentSize;
        return super.sendSegments(whole == 0 ? message : message.slice(message.position(), whole), segmentSize, target, tag, onSent);
      }
    };
  }

  /**
   * A segmented send of an empty buffer sends nothing and is called back as sent: a loop over the
   * segments that makes none when there are no bytes.
   */
  static UdpSocket emptySegmentedSendSendsNothing(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (message.hasRemaining() || segmentSize < 1 || segmentSize > 65_527) {
          return super.sendSegments(message, segmentSize, target, tag, onSent);
        }
        if (onSent != null) {
          onSent.onSent(tag, null);
        }
        return this;
      }
    };
  }

  /** A segmented send calls back once per datagram instead of once for them all. */
  static UdpSocket segmentsCalledBackEach(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (segmentSize < 1 || segmentSize > 65_527) {
          return super.sendSegments(message, segmentSize, target, tag, onSent);
        }
        for (int at = message.position(); at < message.limit() || at == message.position(); at += segmentSize) {
          send(message.slice(at, Math.min(segmentSize, message.limit() - at)), target, tag, onSent);
          if (message.limit() == message.position()) {
            break;
          }
        }
        return this;
      }
    };
  }

  /** A segmented send with no callback reports each datagram's failure, as that many sends would. */
  static UdpSocket segmentFailuresReportedEach(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (onSent != null) {
          return super.sendSegments(message, segmentSize, target, tag, onSent);
        }
        for (int at = message.position(); at < message.limit(); at += segmentSize) {
          send(message.slice(at, Math.min(segmentSize, message.limit() - at)), target, tag, null);
        }
        return this;
      }
    };
  }

  /** A segmented send calls back on the sending thread once the last part went, not where callbacks run. */
  static UdpSocket segmentsCalledBackOnTheCaller(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        super.sendSegments(message, segmentSize, target, tag, null);
        if (onSent != null && segmentSize >= 1 && segmentSize <= 65_527) {
          onSent.onSent(tag, null);
        }
        return this;
      }
    };
  }

  /** Calls every datagram of a batch back with the batch's first tag. */
  static UdpSocket batchTagsLost(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(UdpBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
          send(batch.message(i), batch.target(i), batch.tag(0), batch.callback(i));
        }
        return this;
      }
    };
  }

  /**
   * Sends a batch 64 datagrams a call, and the first datagram of each call after the first (at 64,
   * 128) nowhere, called back as sent: as a loop that filled each later call's first slot from a
   * stale address would.
   */
  static UdpSocket batchSkipsTheFirstOfEachLaterCall(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(UdpBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
          // To the discard port, where nothing listens: sent, as far as its callback knows.
          send(batch.message(i), i > 0 && i % 64 == 0 ? Rig.loopback4(9) : batch.target(i), batch.tag(i), batch.callback(i));
        }
        return this;
      }
    };
  }

  /**
   * Stages a receive callback's segmented sends until it returns, by reference, while its single
   * datagrams are copied: what leaves is what the caller's buffer holds by then.
   */
  static UdpSocket stagesSegmentedSendsUncopied(UdpSocket socket, FaultyProvider provider) {
    return new HoldingCallbackSends(socket) {
      @Override
      ByteBuffer stageSegments(ByteBuffer message) {
        return message.duplicate();
      }
    };
  }

  /**
   * Stages a receive callback's segmented sends from the start of a heap buffer's array, forgetting
   * its array offset, as a copy into a native ring that skipped {@code arrayOffset()} would: a
   * slice sends bytes from before it.
   */
  @SuppressWarnings("ByteBufferBackingArray") // the fault is this very mistake
  static UdpSocket stagesSegmentedSlicesFromTheArraysStart(UdpSocket socket, FaultyProvider provider) {
    return new HoldingCallbackSends(socket) {
      @Override
      ByteBuffer stageSegments(ByteBuffer message) {
        if (!message.hasArray()) {
          return super.stageSegments(message);
        }
        byte[] copy = new byte[message.remaining()];
        System.arraycopy(message.array(), message.position(), copy, 0, copy.length);
        return ByteBuffer.wrap(copy);
      }
    };
  }
}
