package net.udp;

import java.io.Serial;

/**
 * A send was made on a closed socket, or the socket was closed while the datagram was still
 * waiting to be sent. The datagram was not sent.
 */
public class UdpClosedException extends UdpException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates a closed-socket exception.
   *
   * @param message the operation and, where there is one, the address
   */
  public UdpClosedException(String message) {
    super(message);
  }
}
