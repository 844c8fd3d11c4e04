package net.udp.provider.socket;

import java.net.InetSocketAddress;
import net.udp.provider.OsSocket;
import org.jspecify.annotations.Nullable;

/** Where a socket's send queue sends: the open operating-system socket, and what it can reach. */
interface Route {
  /**
   * The open socket.
   *
   * @return the socket
   */
  OsSocket os();

  /**
   * Why a datagram cannot go to a destination from this socket now (another peer than the
   * connected one, a disabled or unreachable IP version).
   *
   * @param target the destination
   * @return the reason, or {@code null} when it can
   */
  @Nullable String problem(InetSocketAddress target);
}
