package net.udp.epoll;

import java.io.IOException;
import java.net.BindException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import net.udp.provider.DatagramTooLargeException;

/** Turns an errno into the exception the JDK would throw, with the system's message. */
final class Errors {
  private Errors() {}

  private static final int EADDRINUSE = 98;
  private static final int EADDRNOTAVAIL = 99;

  static IOException exception(int errno) {
    String message = Libc.strerror(errno);
    return switch (errno) {
      case Linux.ECONNREFUSED -> new PortUnreachableException(message);
      case EADDRINUSE, EADDRNOTAVAIL -> new BindException(message);
      case Linux.EMSGSIZE -> new DatagramTooLargeException(message);
      default -> new SocketException(message);
    };
  }
}
