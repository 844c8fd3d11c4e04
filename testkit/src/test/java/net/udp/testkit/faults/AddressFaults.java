package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults in the sender a socket reports for what it receives. */
final class AddressFaults {
  private AddressFaults() {}

  /**
   * Keeps the senders it has seen in a table of 256 slots, chosen by a hash of address and port,
   * and trusts the slot: a sender whose hash meets an earlier sender's is reported as that one. A
   * cache that spares an address per datagram, written without comparing the key.
   */
  static UdpSocket sendersCachedBySlot(UdpSocket socket, FaultyProvider provider) {
    AtomicReferenceArray<@Nullable InetSocketAddress> slots = new AtomicReferenceArray<>(256);
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          int slot = ((sender.hashCode() * 0x9E3779B9) >>> 24) & 0xff;
          InetSocketAddress cached = slots.get(slot);
          if (cached == null) {
            slots.set(slot, sender);
            cached = sender;
          }
          callback.onReceive(this, payload, cached);
        };
      }
    };
  }
}
