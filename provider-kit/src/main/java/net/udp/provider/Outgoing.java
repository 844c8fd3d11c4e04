package net.udp.provider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** A datagram waiting in a socket's send queue, as {@link OsSocket#send(java.util.List)} sees it. */
public interface Outgoing {
  /**
   * The payload: its bytes from position to limit. A provider reads it without changing its
   * position, or restores the position.
   *
   * @return the payload
   */
  ByteBuffer payload();

  /**
   * Where the datagram goes.
   *
   * @return the resolved destination
   */
  InetSocketAddress target();

  /**
   * The ECN codepoint to send it with ({@link net.udp.Datagram#ecn(int)}).
   *
   * @return 0 to 3, or -1, the default, for the socket's own
   */
  default int ecn() {
    return -1;
  }

  /**
   * The local address to send it from ({@link net.udp.Datagram#from}).
   *
   * @return the address, or {@code null}, the default, for the operating system's choice
   */
  default @Nullable InetAddress source() {
    return null;
  }
}
