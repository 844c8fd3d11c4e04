package net.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;

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
 *
 * <p>A callback that wraps another (to log, or to hand datagrams on) implements both forms of
 * {@code onReceive} and passes the metadata on in the four-argument one; a lambda implements only
 * the three-argument form, and the wrapped callback then reads every fact as absent.
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

  /**
   * Called once for each datagram delivered, with what the socket was asked to collect about it
   * ({@link UdpSocketSettings#setReceiveMetadata(Set)}). Providers call this form; by default it
   * calls {@link #onReceive(UdpSocket, ByteBuffer, InetSocketAddress)}, and a callback made by
   * {@link #withMetadata} reads the metadata.
   *
   * @param socket the socket that received the datagram
   * @param payload the datagram's bytes; read-only, valid during the call
   * @param sender the address and port the datagram came from
   * @param metadata what is known of the datagram; a view valid during the call
   */
  default void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata) {
    onReceive(socket, payload, sender);
  }

  /**
   * A receive callback that reads each datagram's metadata:
   *
   * {@snippet :
   * UdpSocket server = Udp.server(4433, ReceiveCallback.withMetadata((socket, payload, from, metadata) ->
   *         handle(payload, from, metadata.destination(), metadata.ecn())))
   *     .setReceiveMetadata(EnumSet.of(UdpMetadata.DESTINATION, UdpMetadata.ECN))
   *     .receive();
   * }
   *
   * @param callback told of each datagram with its metadata; given {@link ReceivedMetadata#NONE}
   *     by a provider that calls the three-argument form
   * @return the receive callback to give the socket
   */
  static ReceiveCallback withMetadata(WithMetadata callback) {
    Objects.requireNonNull(callback, "callback");
    return new ReceiveCallback() {
      @Override
      public void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender) {
        callback.onReceive(socket, payload, sender, ReceivedMetadata.NONE);
      }

      @Override
      public void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata) {
        callback.onReceive(socket, payload, sender, metadata);
      }
    };
  }

  /** A receive callback that reads each datagram's metadata; see {@link #withMetadata}. */
  @FunctionalInterface
  interface WithMetadata {
    /**
     * Called once for each datagram delivered.
     *
     * @param socket the socket that received the datagram
     * @param payload the datagram's bytes; read-only, valid during the call
     * @param sender the address and port the datagram came from
     * @param metadata what is known of the datagram; a view valid during the call
     */
    void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata);
  }
}
