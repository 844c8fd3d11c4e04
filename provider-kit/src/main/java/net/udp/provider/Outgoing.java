package net.udp.provider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A datagram to send, as a provider gets it: the one value of {@link OsSocket#send(Outgoing)},
 * {@link OsSocket#send(java.util.List)}, {@link SendBatch#add(Outgoing)} and {@link
 * OsSocket#sendSegments}. The kit may reuse one for the next datagram as soon as the call returns:
 * a provider keeps none.
 */
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
