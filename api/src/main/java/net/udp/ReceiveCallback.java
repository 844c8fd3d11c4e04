package net.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Receives the datagrams that arrive on a {@link UdpSocket} while it is receiving.
 *
 * <p>The payload is a read-only view that is valid only during the call: the provider reuses the
 * memory behind it for the next datagram. A callback that keeps the data copies it, for example
 * with {@code byte[] copy = new byte[payload.remaining()]; payload.get(copy);}. When the socket
 * has a callback {@link java.util.concurrent.Executor}, the provider hands over a copy and the
 * buffer stays valid after the call.
 *
 * <p>The callback runs on the socket's event-loop thread unless the socket was given an executor;
 * it must not block that thread. Whatever the callback throws, {@code Error}s included, does not
 * stop delivery, to this socket or any other: it is counted ({@link UdpCounters#callbackFailures()})
 * and logged, in full the first time and then at most once every few seconds.
 */
@FunctionalInterface
public interface ReceiveCallback {
  /**
   * Called once for each datagram delivered.
   *
   * @param socket the socket that received the datagram
   * @param payload the datagram's bytes, from its position to its limit (possibly empty, possibly
   *     truncated to the socket's buffer size); read-only
   * @param sender the address and port the datagram came from; IPv4 senders appear as IPv4
   *     addresses, never as IPv4-mapped IPv6 addresses
   */
  void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender);
}
