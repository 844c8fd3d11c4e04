package net.udp;

import org.jspecify.annotations.Nullable;

/**
 * Told once of the outcome of one send: success, or the reason it failed.
 *
 * <p>Called exactly once per send that was given this callback, on the socket's event-loop thread
 * (or its executor), never on the thread that called {@code send}: a callback can therefore send
 * again without recursing.
 */
@FunctionalInterface
public interface SendCallback {
  /**
   * Called once the datagram was handed to the operating system, or once it is certain it never
   * will be.
   *
   * @param tag the tag given to {@code send} or {@code write}, or {@link UdpSocket#NO_TAG}
   * @param failure {@code null} when the datagram was sent; otherwise why it was not: a {@link
   *     UdpTimeoutException} when the socket's timeout passed first, a {@link UdpClosedException}
   *     when the socket was closed first, or a {@link UdpException} whose message gives the
   *     operating system's reason
   */
  void onSent(long tag, @Nullable UdpException failure);
}
