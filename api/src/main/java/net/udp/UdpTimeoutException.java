package net.udp;

import java.io.Serial;

/**
 * A send did not complete within the socket's timeout: name resolution, waiting in the send queue
 * and the write together took longer than {@link UdpSocket#setTimeout(java.time.Duration)} allows.
 * The datagram was not sent.
 */
public class UdpTimeoutException extends UdpException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates a timeout exception.
   *
   * @param message the operation, address and the timeout that passed
   */
  public UdpTimeoutException(String message) {
    super(message);
  }
}
