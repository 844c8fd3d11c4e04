package net.udp.provider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.ReceivedMetadata;
import net.udp.UdpSocket;

/**
 * What a provider tells the kit about one open {@link OsSocket}, and asks of it. The kit gives one
 * to {@link EventLoop#open(OpenRequest, SocketEvents)} per opened socket; once that socket is
 * closed the kit ignores what its events say, so a datagram read from a closed socket can never
 * reach the socket's next life.
 *
 * <p>The methods that report ({@link #received}, {@link #receiveFailed}, {@link #writable}) are for
 * the loop thread only; the ones that ask ({@link #receiveAllowance()}, {@link #wantsWritable()},
 * {@link #socket()}) may be called from any thread, a blocking provider's reader thread say.
 */
public interface SocketEvents {

  /**
   * How many datagrams the loop may read now: 0 while paused or closed, 1 while waiting for one
   * datagram, else as many as it likes. While it is 0 the provider stops watching for
   * readability; the kit calls {@link OsSocket#updateInterest()} when it may have changed.
   *
   * @return the number, never negative
   */
  int receiveAllowance();

  /**
   * Tells whether sends wait for the socket to become writable.
   *
   * @return {@code true} while the provider should watch for writability
   */
  boolean wantsWritable();

  /**
   * Delivers one datagram read from the socket: the kit filters, truncates, counts and hands it
   * to the receive callback, directly or as a copy for the socket's executor.
   *
   * @param payload the datagram, from position to limit, valid only during this call; read-only
   * @param sender where it came from; IPv4 senders as IPv4 addresses, never IPv4-mapped ones
   * @param truncated whether the kernel already cut the datagram to the buffer it was read into
   */
  default void received(ByteBuffer payload, InetSocketAddress sender, boolean truncated) {
    received(payload, sender, truncated, ReceivedMetadata.NONE);
  }

  /**
   * Delivers one datagram read from the socket with what the kernel told about it ({@link
   * OsSocket#setReceiveMetadata}).
   *
   * @param payload the datagram, from position to limit, valid only during this call; read-only
   * @param sender where it came from; IPv4 senders as IPv4 addresses, never IPv4-mapped ones
   * @param truncated whether the kernel already cut the datagram to the buffer it was read into
   * @param metadata what was collected, a view valid only during this call
   */
  void received(ByteBuffer payload, InetSocketAddress sender, boolean truncated, ReceivedMetadata metadata);

  /**
   * Reports a failed read, for example an ICMP port unreachable on a connected socket; the kit
   * tells the error listener and the socket stays open.
   *
   * @param failure what the read threw
   */
  void receiveFailed(IOException failure);

  /** The socket is writable: the kit sends what waits in its queue. */
  void writable();

  /**
   * The socket these events belong to, for messages.
   *
   * @return the socket
   */
  UdpSocket socket();
}
