package net.udp.provider.socket;

import java.io.UncheckedIOException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;

/** Turns what the operating system or the JDK threw into the reason part of a message. */
final class Reasons {
  private Reasons() {}

  /**
   * Describes an exception for a message: its message, or what its type means.
   *
   * @param e the exception
   * @return the reason, for example {@code Permission denied}
   */
  static String of(Throwable e) {
    if (e instanceof PortUnreachableException) {
      return "port unreachable (ICMP): nothing listens there";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return of(e.getCause());
    }
    String message = e.getMessage();
    return message != null && !message.isBlank() ? message : e.getClass().getSimpleName();
  }
}
