package net.udp.provider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;

/**
 * One open operating-system socket, as a provider makes it in {@link EventLoop#open(OpenRequest,
 * SocketEvents)}: what the kit asks of it. A {@code listen} or {@code connect} after {@code close}
 * opens a new one; an {@code OsSocket} is never reopened.
 *
 * <p>Every method but {@link #updateInterest()} is called by user threads as well as the loop's,
 * never two at a time on one socket: sends under the socket's send-queue lock, the others under
 * its state lock, and {@link #close()} after both, once. None is called after {@code close} but
 * {@code updateInterest}, which must then do nothing.
 */
public interface OsSocket {

  /**
   * Reads the bound address ({@code getsockname}).
   *
   * @return the address; IPv4 where the kernel reports an IPv4-mapped IPv6 one
   * @throws IOException when the operating system fails
   */
  InetSocketAddress localAddress() throws IOException;

  /**
   * Connects the socket: from now on the kernel sends only to, and receives only from, the peer.
   *
   * @param peer the remote address
   * @throws IOException with the operating system's reason when it refuses
   */
  void connect(InetSocketAddress peer) throws IOException;

  /**
   * Sets {@code SO_BROADCAST}.
   *
   * @param enabled the value
   * @throws IOException when the operating system refuses
   */
  void setBroadcast(boolean enabled) throws IOException;

  /**
   * Sets {@code SO_RCVBUF}.
   *
   * @param bytes the size asked for
   * @throws IOException when the operating system refuses
   */
  void setReceiveBufferSize(int bytes) throws IOException;

  /**
   * Sets {@code SO_SNDBUF}.
   *
   * @param bytes the size asked for
   * @throws IOException when the operating system refuses
   */
  void setSendBufferSize(int bytes) throws IOException;

  /**
   * Reads {@code SO_RCVBUF} as {@code getsockopt} reports it.
   *
   * @return the size in bytes
   * @throws IOException when the operating system fails
   */
  int receiveBufferSize() throws IOException;

  /**
   * The datagrams the kernel dropped because this socket's receive buffer was full, since it was
   * opened, where the provider can learn it.
   *
   * @return the count, or empty (the default) where unknown
   */
  default OptionalLong drops() {
    return OptionalLong.empty();
  }

  /**
   * Sends one datagram without blocking.
   *
   * @param payload the datagram, from position to limit; its position is as it was when this
   *     returns
   * @param target the destination; on a connected socket, the peer
   * @return {@code true} when sent, {@code false} when the kernel's send buffer is full (the kit
   *     then queues the datagram and asks to watch for writability)
   * @throws IOException with the operating system's reason when it refuses the datagram
   */
  boolean send(ByteBuffer payload, InetSocketAddress target) throws IOException;

  /**
   * How many datagrams {@link #send(List)} can carry in one system call ({@code sendmmsg});
   * 1, the default, when each goes alone. Above 1, the kit gathers the sends its callbacks make on
   * the loop thread during a turn, and sends them together at the end of the turn.
   *
   * @return the batch size, at least 1
   */
  default int batchSize() {
    return 1;
  }

  /**
   * Sends several waiting datagrams, in order, without blocking. The default sends them one at a
   * time with {@link #send(ByteBuffer, InetSocketAddress)}.
   *
   * @param batch the datagrams, first to last, at most {@link #batchSize()}
   * @return how many of the first ones were sent; fewer than all when the kernel's buffer filled
   *     or one was refused (the kit then sends that one alone to learn why)
   * @throws IOException when the first one is refused
   */
  default int send(List<? extends Outgoing> batch) throws IOException {
    int sent = 0;
    for (Outgoing datagram : batch) {
      try {
        if (!send(datagram.payload(), datagram.target())) {
          break;
        }
      } catch (IOException e) {
        if (sent == 0) {
          throw e;
        }
        break;
      }
      sent++;
    }
    return sent;
  }

  /**
   * Watches for what the socket wants now: readability while {@link
   * SocketEvents#receiveAllowance()} is positive, writability while {@link
   * SocketEvents#wantsWritable()}. The kit calls it on the loop thread whenever either may have
   * changed; the provider also calls it after serving the socket. It must not call back into
   * the socket's events inline (the kit may hold the send queue's lock when it calls this).
   */
  void updateInterest();

  /**
   * Closes the socket: when this returns, its port is free and the loop will make no more system
   * calls on its descriptor (see {@link EventLoop#awaitSystemCall(Object)}). Called once, from
   * any thread, the loop's included, whatever a callback is doing meanwhile; must not wait for the
   * loop to finish a turn.
   */
  void close();
}
