package net.udp.provider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import net.udp.UdpMetadata;
import org.jspecify.annotations.Nullable;

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
   * Sends one datagram without blocking: the one way a datagram reaches the provider on its own
   * (several go together through {@link #send(List)} or a {@link SendBatch}, segments through
   * {@link #sendSegments}).
   *
   * @param datagram the payload, destination, ECN codepoint and source address; read during the
   *     call only (the kit reuses the value), the payload's position left as it was
   * @return {@code true} when sent, {@code false} when the kernel's send buffer is full (the kit
   *     then queues the datagram and asks to watch for writability)
   * @throws IOException with the operating system's reason when it refuses the datagram; a {@link
   *     DatagramTooLargeException} when it refuses it as too large ({@code EMSGSIZE})
   * @throws UnsupportedOperationException when the datagram carries an ECN codepoint or a source
   *     address that the provider cannot send with
   */
  boolean send(Outgoing datagram) throws IOException;

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
   * time with {@link #send(Outgoing)}.
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
        if (!send(datagram)) {
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

  // -------------------------------------------------------------------------------------------
  // Sends from the event loop: a provider without native batches leaves this as it is, and the
  // kit queues those sends as copies on the heap and sends them with send(List).

  /**
   * Lends a native batch for the sends this socket's callbacks make on the event loop, to be sent
   * at the end of the loop's turn.
   *
   * @return a batch of this socket's, or {@code null}, the default, where there is none
   */
  default @Nullable SendBatch borrowBatch() {
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Segmentation offload: a provider without it leaves these as they are, and the kit sends each
  // segment as a datagram of its own.

  /** What {@link #sendSegments} returns, having sent nothing, when the segments cannot go at once. */
  long SPLIT = -1;

  /**
   * How many datagrams {@link #sendSegments} hands the kernel at once; 1, the default, when it
   * cannot (no offload, or the kernel or route turned it down).
   *
   * @return the most segments per call, at least 1
   */
  default int maxSegments() {
    return 1;
  }

  /**
   * Sends a buffer as datagrams of {@code segmentSize} bytes each, the last one shorter, in groups
   * of {@code perGroup} segments that the kernel each takes at once ({@code UDP_SEGMENT}), as many
   * groups as it can in one system call, without blocking. The kit asks only while {@link
   * #maxSegments()} is above 1, with groups of at most that many segments, each small enough for
   * one datagram.
   *
   * @param segments the datagrams end to end as the payload, from position to limit (its position
   *     left as it was), their destination, and the ECN codepoint and source address every segment
   *     is sent with; read during the call only
   * @param segmentSize the size of every datagram but the last
   * @param perGroup the segments of each group
   * @return the bytes sent from the position, whole groups; 0 when the kernel's send buffer is
   *     full; {@link #SPLIT}, having sent nothing, when these segments cannot go at once (not here,
   *     or not to this route): the kit then sends each alone
   * @throws IOException with the operating system's reason when it refuses the first group
   */
  default long sendSegments(Outgoing segments, int segmentSize, int perGroup) throws IOException {
    return SPLIT;
  }

  /**
   * Turns UDP generic receive offload on or off ({@code UDP_GRO}). With it on, a read may return
   * several datagrams of one sender end to end, and the provider hands each to {@link
   * SocketEvents#received} on its own, so the kit never sees the difference.
   *
   * @param enabled whether to ask the kernel for it
   * @return whether the socket now receives that way; {@code false}, the default, where it cannot
   * @throws IOException with the operating system's reason when it refuses otherwise than by
   *     lacking the option
   */
  default boolean setReceiveOffload(boolean enabled) throws IOException {
    return false;
  }

  /**
   * Whether the socket receives with generic receive offload (see {@link #setReceiveOffload}).
   *
   * @return {@code false}, the default, where it does not
   */
  default boolean receiveOffload() {
    return false;
  }

  /**
   * Sets the don't-fragment bit on what the socket sends, or clears it back to the system's
   * default.
   *
   * @param enabled whether to set it
   * @throws IOException with the operating system's reason
   * @throws UnsupportedOperationException where the provider cannot (the default)
   */
  default void setDontFragment(boolean enabled) throws IOException {
    throw new UnsupportedOperationException("don't-fragment is not supported");
  }

  /**
   * Whether the socket sets the don't-fragment bit (see {@link #setDontFragment}).
   *
   * @return {@code false}, the default, where it does not
   */
  default boolean dontFragment() {
    return false;
  }

  /**
   * Asks the kernel to hand each datagram that reaches this socket's port group ({@code
   * SO_REUSEPORT}) to the member whose index is the number of the CPU that received it, modulo
   * {@code members} ({@code SO_ATTACH_REUSEPORT_CBPF}). The kit calls it on the first member of a
   * server group once every member is bound, in order.
   *
   * @param members how many sockets the group has
   * @return {@code true} when the kernel now steers so; {@code false}, the default, where the
   *     provider cannot (the kernel's hash then chooses)
   * @throws IOException with the operating system's reason when it refuses otherwise than by
   *     lacking the option
   */
  default boolean steerByCpu(int members) throws IOException {
    return false;
  }

  /**
   * The kernel's path MTU to the connected address.
   *
   * @return the MTU, or -1, the default, when not connected or unknown
   */
  default int pathMtu() {
    return -1;
  }

  /**
   * The kernel's path MTU to an address, for the message of a send that did not fit: asked on a
   * separate socket, so that this one stays as it is. Any thread, outside the loop's hot path.
   *
   * @param target the destination
   * @return the MTU, or -1, the default, when unknown
   */
  default int pathMtuTo(InetSocketAddress target) {
    return -1;
  }

  /**
   * Asks the kernel for the control messages that carry {@code what} with each datagram, and
   * hands them to {@link SocketEvents#received(ByteBuffer, InetSocketAddress, boolean,
   * net.udp.ReceivedMetadata)} from then on.
   *
   * @param what the metadata asked for
   * @return what the socket now collects; empty, the default, where it collects none
   * @throws IOException with the operating system's reason
   */
  default Set<UdpMetadata> setReceiveMetadata(Set<UdpMetadata> what) throws IOException {
    return Set.of();
  }

  /**
   * What the socket collects about each datagram (see {@link #setReceiveMetadata}).
   *
   * @return empty, the default, where it collects none
   */
  default Set<UdpMetadata> receiveMetadata() {
    return Set.of();
  }

  // -------------------------------------------------------------------------------------------
  // Multicast: a provider without it leaves these as they are, and the socket's multicast calls
  // throw UnsupportedOperationException with the reason.

  /**
   * Joins a multicast group.
   *
   * @param group the group
   * @param networkInterface the interface to join on (the kit has chosen one when the user did not)
   * @param source the one source of a source-specific membership, or {@code null}
   * @return the membership, to block sources in or leave with
   * @throws IOException with the operating system's reason when it refuses
   * @throws UnsupportedOperationException when the provider has no multicast (the default)
   */
  default Membership join(InetAddress group, NetworkInterface networkInterface, @Nullable InetAddress source) throws IOException {
    throw new UnsupportedOperationException("this provider has no multicast");
  }

  /**
   * Sets the interface multicast datagrams leave by ({@code IP_MULTICAST_IF}, {@code
   * IPV6_MULTICAST_IF}).
   *
   * @param networkInterface the interface
   * @throws IOException with the operating system's reason when it refuses
   * @throws UnsupportedOperationException when the provider has no multicast (the default)
   */
  default void setMulticastInterface(NetworkInterface networkInterface) throws IOException {
    throw new UnsupportedOperationException("this provider has no multicast");
  }

  /**
   * Sets the TTL and hop limit of multicast datagrams ({@code IP_MULTICAST_TTL}, {@code
   * IPV6_MULTICAST_HOPS}).
   *
   * @param hops 0 to 255
   * @throws IOException with the operating system's reason when it refuses
   * @throws UnsupportedOperationException when the provider has no multicast (the default)
   */
  default void setMulticastTtl(int hops) throws IOException {
    throw new UnsupportedOperationException("this provider has no multicast");
  }

  /**
   * Sets whether the host's own members receive what is sent ({@code IP_MULTICAST_LOOP},
   * {@code IPV6_MULTICAST_LOOP}).
   *
   * @param enabled the setting
   * @throws IOException with the operating system's reason when it refuses
   * @throws UnsupportedOperationException when the provider has no multicast (the default)
   */
  default void setMulticastLoopback(boolean enabled) throws IOException {
    throw new UnsupportedOperationException("this provider has no multicast");
  }

  /**
   * Reads the TTL (IPv4 socket) or hop limit (IPv6 socket) of multicast datagrams as the kernel
   * has it, so that {@code info()} shows what is in effect rather than what was asked.
   *
   * @return 0 to 255
   * @throws IOException when the operating system fails
   * @throws UnsupportedOperationException when the provider has no multicast (the default)
   */
  default int multicastTtl() throws IOException {
    throw new UnsupportedOperationException("this provider has no multicast");
  }

  /**
   * Reads whether multicast loops back to the host, as the kernel has it.
   *
   * @return the setting in effect
   * @throws IOException when the operating system fails
   * @throws UnsupportedOperationException when the provider has no multicast (the default)
   */
  default boolean multicastLoopback() throws IOException {
    throw new UnsupportedOperationException("this provider has no multicast");
  }

  /**
   * A membership of a multicast group held by an operating-system socket. Called under the
   * socket's state lock, as the socket's other methods are.
   */
  interface Membership {
    /**
     * Stops delivering one source's datagrams ({@code MCAST_BLOCK_SOURCE}).
     *
     * @param source the source
     * @throws IOException with the operating system's reason when it refuses
     */
    void block(InetAddress source) throws IOException;

    /**
     * Delivers a blocked source's datagrams again ({@code MCAST_UNBLOCK_SOURCE}).
     *
     * @param source the source
     * @throws IOException with the operating system's reason when it refuses
     */
    void unblock(InetAddress source) throws IOException;

    /**
     * Leaves the group ({@code MCAST_LEAVE_GROUP}, {@code MCAST_LEAVE_SOURCE_GROUP}).
     *
     * @throws IOException with the operating system's reason when it refuses
     */
    void drop() throws IOException;
  }
}
