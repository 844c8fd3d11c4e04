package net.udp.provider;

import java.net.SocketException;

/**
 * The operating system refused a datagram as larger than it can send ({@code EMSGSIZE}): larger
 * than the path MTU with don't-fragment set, or than any datagram. A provider throws it from its
 * sends, so that the kit can tell this failure by its type rather than by a message's words, which
 * the system's language decides: a send that fails with it on a socket with don't-fragment set is
 * reported with the path MTU ({@link OsSocket#pathMtuTo}).
 */
public class DatagramTooLargeException extends SocketException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with the system's message.
   *
   * @param message the system's message, for example {@code Message too long}
   */
  public DatagramTooLargeException(String message) {
    super(message);
  }
}
