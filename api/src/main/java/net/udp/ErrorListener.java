package net.udp;

/**
 * Told of the errors a socket meets outside any call: an ICMP "port unreachable" on a connected
 * socket, a failed read, or a failed send that had no {@link SendCallback}.
 *
 * <p>Such errors never close the socket. Without a listener they are logged through {@link
 * System.Logger} under the name {@code net.udp}.
 */
@FunctionalInterface
public interface ErrorListener {
  /**
   * Called on the socket's event-loop thread (or its executor) for each error.
   *
   * @param socket the socket the error belongs to; it stays open
   * @param error what went wrong, with the operation, the address and the reason in its message
   */
  void onError(UdpSocket socket, UdpException error);
}
