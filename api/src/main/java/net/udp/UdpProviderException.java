package net.udp;

import java.io.Serial;

/**
 * No provider fits: none is on the path, none is available, or none has the name asked for. The
 * message lists every provider found and why each was unavailable.
 */
public class UdpProviderException extends UdpException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was asked for, and what was found
   */
  public UdpProviderException(String message) {
    super(message);
  }
}
