package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * Faults that show only where threads meet: a user's threads sending on one socket at once, and a
 * callback replaced while datagrams are on their way to the old one.
 */
final class ThreadFaults {
  private ThreadFaults() {}

  /**
   * Every send is staged in one buffer of the socket's before it is handed on, with no lock: two
   * threads sending at once can each send what the other staged. (The pause stands for the work a
   * real send does between the two steps, a name looked up or a queue checked.)
   */
  static UdpSocket sendsStagedInOneSharedBuffer(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final byte[] staging = new byte[65_536];

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int length = message.remaining();
        message.get(message.position(), staging, 0, length);
        LockSupport.parkNanos(20_000);
        return super.send(ByteBuffer.wrap(staging, 0, length), target, tag, onSent);
      }
    };
  }

  /**
   * A callback found replaced when it returns is taken not to have handled its datagram, which is
   * handed to the new callback too, as a loop that re-reads the callback to decide whether a
   * datagram was delivered would.
   */
  static UdpSocket replacedMidCallHandedOnAgain(UdpSocket socket, FaultyProvider provider) {
    AtomicInteger generation = new AtomicInteger();
    AtomicReference<@Nullable ReceiveCallback> current = new AtomicReference<>();
    return new Delegating(socket) {
      @Override
      public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
        generation.incrementAndGet();
        current.set(callback);
        return super.setCallback(callback);
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          int before = generation.get();
          ByteBuffer copy = ReceiveFaults.copy(payload);
          callback.onReceive(this, payload, sender);
          ReceiveCallback now = current.get();
          if (generation.get() != before && now != null) {
            now.onReceive(this, copy, sender);
          }
        };
      }
    };
  }
}
