package net.udp.provider.socket;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import net.udp.Udp;
import net.udp.provider.DatagramTooLargeException;
import net.udp.provider.OsSocket;
import org.jspecify.annotations.Nullable;

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

  /**
   * Describes why a send failed: as {@link #of}, and, for a datagram with don't-fragment set that
   * is larger than the path MTU, by how much, so that a caller doing path MTU discovery learns the
   * MTU from the message.
   *
   * @param e what the send threw
   * @param os the socket it was sent on, or {@code null} when unknown
   * @param target where it was sent
   * @param length its payload's length
   * @return the reason
   */
  static String ofSend(Throwable e, @Nullable OsSocket os, InetSocketAddress target, int length) {
    String reason = of(e);
    // Only EMSGSIZE may be the path's doing; the provider says which failure that is by its type.
    if (os == null || !os.dontFragment() || target.isUnresolved() || !(e instanceof DatagramTooLargeException)) {
      return reason;
    }
    int mtu = os.pathMtuTo(target);
    int headers = target.getAddress() instanceof Inet4Address ? 28 : 48; // IPv4 or IPv6 header, and UDP's 8
    if (mtu <= 0 || length + headers <= mtu) {
      return reason;
    }
    return reason + " (" + length + " bytes and " + headers + " of headers exceed the path MTU of " + mtu + " bytes to "
        + Udp.formatAddress(target) + ", and don't-fragment is set)";
  }
}
