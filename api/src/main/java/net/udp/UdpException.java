package net.udp;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A UDP operation failed. The message names the operation, the address where there is one, and
 * the reason, for example {@code listen 127.0.0.1:80: Permission denied}.
 *
 * <p>Thrown by the methods whose seed counterpart returns {@code nil} ({@code listen}, {@code
 * connect}); handed to {@link SendCallback}s and {@link ErrorListener}s for failures that happen
 * asynchronously.
 */
public class UdpException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and no cause.
   *
   * @param message the operation, address and reason
   */
  public UdpException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the exception that caused it.
   *
   * @param message the operation, address and reason
   * @param cause the underlying exception, for example a {@link java.net.BindException}
   */
  public UdpException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
