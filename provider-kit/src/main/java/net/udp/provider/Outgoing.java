package net.udp.provider;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

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
}
