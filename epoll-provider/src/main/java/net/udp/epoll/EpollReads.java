package net.udp.epoll;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import net.udp.provider.SocketEvents;

/**
 * A socket's reads, on its loop's thread: {@code recvmmsg} into the loop's ring, each datagram
 * handed on with its sender and metadata, the datagrams the kernel coalesced one by one, and the
 * kernel's drop count noted as it comes. Loop thread only, but for {@link #drops()}.
 */
final class EpollReads {
  /** Reads that held several coalesced datagrams, all sockets together: what shows that GRO works. */
  static final LongAdder COALESCED_READS = new LongAdder();

  private static final int READ_ROUNDS = 4;

  private final EpollSocket socket;
  private final EpollLoop loop;
  private final SocketEvents events;
  private final int fd;
  private final EpollMetadata metadata;
  private volatile long drops;

  EpollReads(EpollSocket socket, EpollLoop loop, SocketEvents events, int fd, EpollMetadata metadata) {
    this.socket = socket;
    this.loop = loop;
    this.events = events;
    this.fd = fd;
    this.metadata = metadata;
  }

  /** The kernel's drop count, as the last datagram that carried it said; any thread. */
  long drops() {
    return drops;
  }

  /** Reads what the socket may take now, in a few rounds of one {@code recvmmsg} each. */
  void read() {
    ReceiveRing ring = loop.receiveRing();
    Sockaddrs senders = loop.senders();
    MemorySegment errno = Scratch.get().errno;
    for (int round = 0; round < READ_ROUNDS; round++) {
      int allowance = events.receiveAllowance();
      if (allowance <= 0) {
        return;
      }
      int want = Math.min(ring.capacity, allowance);
      ring.reset(want);
      // Only a connected socket can have a pending error (an ICMP one) for recvmmsg to return:
      // an unconnected socket's -1 means "drained", and needs no errno (see Libc.recvmmsgDrain).
      boolean withErrors = socket.connected();
      int n;
      loop.enterSystemCall(socket);
      try {
        if (socket.closed()) {
          return;
        }
        n = withErrors
            ? Libc.recvmmsg(errno, fd, ring.messages, want, Linux.MSG_DONTWAIT)
            : Libc.recvmmsgDrain(fd, ring.messages, want, Linux.MSG_DONTWAIT);
      } finally {
        loop.exitSystemCall();
      }
      if (n < 0) {
        if (!withErrors) {
          return;
        }
        int e = Libc.errno(errno);
        if (e == Linux.EAGAIN) {
          return;
        }
        if (e != Linux.EINTR) {
          events.receiveFailed(Errors.exception(e)); // e.g. ICMP port unreachable on a connected socket
        }
        continue;
      }
      for (int i = 0; i < n; i++) {
        metadata.read(ring, i); // the kernel attaches only what was asked for: absent facts read as absent
        long d = metadata.drops();
        if (d >= 0) {
          drops = d;
        }
        int segment = metadata.coalesced();
        int length = ring.length(i);
        if (segment <= 0 || segment >= length) {
          events.received(ring.view(i, length), senders.sender(ring.names(), ring.nameOffset(i)), ring.truncated(i), metadata);
        } else if (!deliverSegments(ring, senders, i, length, segment)) {
          return;
        }
        if (socket.closed()) {
          return; // a callback closed the socket: the rest of the batch goes with it
        }
      }
      if (n < want) {
        return; // drained
      }
    }
  }

  /**
   * Delivers the datagrams the kernel coalesced into slot {@code i}, each as its own.
   *
   * @return {@code false} when a callback closed the socket
   */
  private boolean deliverSegments(ReceiveRing ring, Sockaddrs senders, int i, int length, int segment) {
    COALESCED_READS.increment();
    metadata.deliveringSegments();
    InetSocketAddress sender = senders.sender(ring.names(), ring.nameOffset(i));
    boolean cut = ring.truncated(i);
    for (int from = 0; from < length; from += segment) {
      int to = Math.min(length, from + segment);
      events.received(ring.view(i, from, to), sender, cut && to == length, metadata);
      if (socket.closed()) {
        return false;
      }
    }
    return true;
  }

  void reportPendingError() {
    int error;
    loop.enterSystemCall(socket);
    try {
      if (socket.closed()) {
        return;
      }
      error = EpollOptions.getInt(fd, Linux.SOL_SOCKET, Linux.SO_ERROR);
    } catch (IOException e) {
      events.receiveFailed(e);
      return;
    } finally {
      loop.exitSystemCall();
    }
    if (error != 0) {
      events.receiveFailed(Errors.exception(error));
    }
  }
}
