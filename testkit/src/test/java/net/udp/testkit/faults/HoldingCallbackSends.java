package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * A socket that holds the sends made inside its receive callback until the callback returns, as
 * a provider gathering them into one system call does; each fault bends what it keeps of the
 * caller's buffer, or whether the held sends leave.
 */
abstract class HoldingCallbackSends extends Delegating {
  /** The sends held for the receive callback running on this thread. */
  private static final ThreadLocal<@Nullable List<Runnable>> HELD = new ThreadLocal<>();

  HoldingCallbackSends(UdpSocket socket) {
    super(socket);
  }

  /** What is kept of the caller's buffer until the callback returns: a copy, by default. */
  ByteBuffer stage(ByteBuffer message) {
    return ReceiveFaults.copy(message);
  }

  /** What is kept of the caller's buffer for a segmented send: a copy, by default. */
  ByteBuffer stageSegments(ByteBuffer message) {
    return ReceiveFaults.copy(message);
  }

  /** Whether the held sends leave when the callback returns: they do, by default. */
  boolean release() {
    return true;
  }

  @Override
  protected ReceiveCallback wrap(ReceiveCallback callback) {
    return (s, payload, sender) -> {
      List<Runnable> sends = new ArrayList<>();
      HELD.set(sends);
      try {
        callback.onReceive(this, payload, sender);
      } finally {
        HELD.remove();
        if (release()) {
          sends.forEach(Runnable::run);
        }
      }
    };
  }

  @Override
  public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    List<Runnable> sends = HELD.get();
    if (sends == null) {
      return super.send(message, target, tag, onSent);
    }
    ByteBuffer staged = stage(message);
    sends.add(() -> delegate.send(Datagram.of(staged).to(target).tag(tag), wrap(onSent)));
    return this;
  }

  @Override
  public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    List<Runnable> sends = HELD.get();
    if (sends == null) {
      return super.sendSegments(message, segmentSize, target, tag, onSent);
    }
    ByteBuffer staged = stageSegments(message);
    sends.add(() -> delegate.send(Datagram.of(staged).to(target).segments(segmentSize).tag(tag), wrap(onSent)));
    return this;
  }
}
