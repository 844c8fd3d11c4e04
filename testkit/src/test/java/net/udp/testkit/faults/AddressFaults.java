package net.udp.testkit.faults;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import org.jspecify.annotations.Nullable;

/** Faults in addresses: the sender a socket reports for what it receives, and the address a name is sent to. */
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

  /**
   * Resolves a name by the socket's preference alone, not passing over the addresses of a version
   * the socket cannot use: an IPv6-only socket sending to a name that resolves to both versions
   * may pick its IPv4 address, and the send fails.
   */
  static UdpSocket namesResolvedByPreferenceAlone(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (!target.isUnresolved()) {
          return super.send(message, target, tag, onSent);
        }
        InetAddress[] all;
        try {
          all = InetAddress.getAllByName(target.getHostString());
        } catch (UnknownHostException e) {
          return super.send(message, target, tag, onSent);
        }
        UdpSocketInfo info = delegate.info();
        InetAddress chosen = all[0];
        for (InetAddress a : all) {
          if (info.ipv6Preferred() ? a instanceof Inet6Address : info.ipv4Preferred() && a instanceof Inet4Address) {
            chosen = a;
            break;
          }
        }
        return super.send(message, new InetSocketAddress(chosen, target.getPort()), tag, onSent);
      }
    };
  }
}
