package net.udp;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * What the operating system told about one received datagram, for the {@link UdpMetadata} the
 * socket was asked to collect. Handed to a {@linkplain ReceiveCallback#withMetadata metadata
 * callback} beside the payload, and like the payload a view that is valid only during the call:
 * the provider reuses it for the next datagram, so that receiving allocates nothing. A callback
 * that keeps a fact copies it; with a callback {@link java.util.concurrent.Executor}, the provider
 * hands over a copy.
 *
 * <p>A fact not collected, because it was not asked for or the provider cannot collect it, reads
 * as absent: {@code null} or -1. Two facts are told on every socket, whatever it collects: whether
 * the datagram was {@linkplain #truncated() truncated}, and the {@linkplain #segmentSize() segment
 * size} of a read the kernel coalesced it into.
 */
public interface ReceivedMetadata {
  /** Nothing collected: every fact absent. */
  ReceivedMetadata NONE = new ReceivedMetadata() {
    @Override
    public @Nullable InetAddress destination() {
      return null;
    }

    @Override
    public int interfaceIndex() {
      return -1;
    }

    @Override
    public int ecn() {
      return -1;
    }

    @Override
    public int hopLimit() {
      return -1;
    }

    @Override
    public long receiveTimeNanos() {
      return -1;
    }

    @Override
    public boolean truncated() {
      return false;
    }

    @Override
    public int segmentSize() {
      return -1;
    }

    @Override
    public String toString() {
      return "ReceivedMetadata[none]";
    }
  };

  /**
   * The local address the datagram was sent to ({@link UdpMetadata#DESTINATION}): for a socket
   * bound to the wildcard address, the one of this host's addresses the sender used. An IPv4
   * destination on a dual-stack socket is an IPv4 address.
   *
   * @return the address, or {@code null} when not collected
   */
  @Nullable InetAddress destination();

  /**
   * The index of the network interface the datagram arrived on ({@link UdpMetadata#DESTINATION};
   * {@link java.net.NetworkInterface#getByIndex(int)} names it).
   *
   * @return the index, or -1 when not collected
   */
  int interfaceIndex();

  /**
   * The ECN codepoint ({@link UdpMetadata#ECN}): 0 not ECN-capable, 1 ECT(1), 2 ECT(0), 3 CE.
   *
   * @return 0 to 3, or -1 when not collected
   */
  int ecn();

  /**
   * The TTL or hop limit the datagram arrived with ({@link UdpMetadata#HOP_LIMIT}).
   *
   * @return 0 to 255, or -1 when not collected
   */
  int hopLimit();

  /**
   * When the kernel received the datagram ({@link UdpMetadata#RECEIVE_TIME}), in nanoseconds since
   * the epoch, on the clock of {@link java.time.Instant#now()}.
   *
   * @return the time, or -1 when not collected
   */
  long receiveTimeNanos();

  /**
   * Whether the datagram was longer than the socket's buffer size for its IP version ({@link
   * UdpSocketSettings#setBufferSize(int, int)}) and arrived cut to it, as {@link
   * UdpCounters#datagramsTruncated()} counts it. A datagram exactly as long as the buffer is whole.
   * Told on every socket, whatever it collects.
   *
   * @return whether the payload is the first part of a longer datagram
   */
  boolean truncated();

  /**
   * The segment size of the read the datagram came from, when the kernel coalesced several
   * datagrams of one sender into one read (generic receive offload, {@link
   * UdpSocketSettings#setReceiveOffload(boolean)}): the provider delivers each on its own, and
   * this says that it was one of them, and how long each but the last of them was. Told on every
   * socket, whatever it collects.
   *
   * @return the segment size in bytes, or -1 when the datagram was read alone (always, where the
   *     provider or kernel does not coalesce)
   */
  int segmentSize();
}
