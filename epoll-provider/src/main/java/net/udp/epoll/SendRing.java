package net.udp.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A send ring for {@code sendmmsg}: headers, addresses and a staging area into which payloads are
 * copied (a header cannot point into the Java heap, and the caller may reuse its buffer at once).
 * Filling allocates nothing: a destination already seen last is copied, not encoded again. Used by one thread at a time (the loop's own ring by the loop; a lent one under
 * its socket's send lock).
 */
final class SendRing {
  private static final long NAME = 32;
  private static final long STAGING = 1 << 20;

  final int capacity;
  final MemorySegment messages;
  private final MemorySegment names;
  private final MemorySegment iovecs;
  private final MemorySegment staging;
  private final MemorySegment controls; // each message's ECN and source, when it has them
  private final SendControls marks = new SendControls();
  private final long[] offsets;
  private final int[] lengths;
  private int count;
  private long used;
  private final LastTarget last; // kept from batch to batch

  SendRing(Arena arena, int capacity) {
    this.capacity = capacity;
    messages = arena.allocate(Linux.MMSGHDR.byteSize() * capacity, 8);
    names = arena.allocate(NAME * capacity, 8);
    iovecs = arena.allocate(Linux.IOVEC.byteSize() * capacity, 8);
    staging = arena.allocate(STAGING, 64);
    controls = arena.allocate(SendControls.SPACE * capacity, 8);
    last = new LastTarget(arena);
    offsets = new long[capacity];
    lengths = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      long base = Linux.MMSGHDR.byteSize() * i;
      messages.set(ADDRESS, base + Linux.MSG_NAME, names.asSlice(NAME * i, NAME));
      messages.set(ADDRESS, base + Linux.MSG_IOV, iovecs.asSlice(Linux.IOVEC.byteSize() * i, Linux.IOVEC.byteSize()));
      messages.set(JAVA_LONG, base + Linux.MSG_IOVLEN, 1L);
      messages.set(ADDRESS, base + Linux.MSG_CONTROL, controls.asSlice(SendControls.SPACE * i, SendControls.SPACE));
      messages.set(JAVA_LONG, base + Linux.MSG_CONTROLLEN, 0L);
    }
  }

  void clear() {
    count = 0;
    used = 0;
  }

  int count() {
    return count;
  }

  /** The length of datagram {@code i}. */
  int length(int i) {
    return lengths[i];
  }

  /** A read-only view of datagram {@code i}'s bytes in the staging area. */
  ByteBuffer payload(int i) {
    return staging.asSlice(offsets[i], lengths[i]).asByteBuffer().asReadOnlyBuffer();
  }

  /**
   * Sends datagrams {@code from} onwards with one {@code sendmmsg}, without blocking.
   *
   * @return how many were sent; 0 when the kernel's send buffer is full
   * @throws IOException with the operating system's reason when it refuses datagram {@code from}
   */
  int send(int fd, int from) throws IOException {
    MemorySegment headers = from == 0 ? messages : messages.asSlice(Linux.MMSGHDR.byteSize() * from);
    Scratch s = Scratch.get();
    while (true) {
      int sent = Libc.sendmmsg(s.errno, fd, headers, count - from, Linux.MSG_DONTWAIT | Linux.MSG_NOSIGNAL);
      if (sent >= 0) {
        return sent;
      }
      int errno = Libc.errno(s.errno);
      if (errno == Linux.EAGAIN) {
        return 0;
      }
      if (errno != Linux.EINTR) {
        throw Errors.exception(errno);
      }
    }
  }

  /**
   * Adds a datagram, if there is room.
   *
   * @param payload its bytes, from position to limit (left unchanged)
   * @param target where it goes
   * @param ipv6Socket whether the socket is IPv6
   * @return {@code false} when the ring or its staging area is full
   */
  boolean add(ByteBuffer payload, InetSocketAddress target, boolean ipv6Socket) {
    return add(payload, target, ipv6Socket, -1, null);
  }

  /**
   * Adds a datagram with an ECN codepoint or a source address, if there is room.
   *
   * @param ecn 0 to 3, or -1 for none
   * @param source the local address to send from, or {@code null}
   * @return {@code false} when the ring or its staging area is full, or the source is not of the
   *     destination's family
   */
  boolean add(ByteBuffer payload, InetSocketAddress target, boolean ipv6Socket, int ecn, @Nullable InetAddress source) {
    int length = payload.remaining();
    boolean ipv4 = target.getAddress() instanceof Inet4Address;
    if (count == capacity || used + length > STAGING || !SendControls.fits(ipv4, source)) {
      return false;
    }
    if (payload.hasArray()) { // no heap segment to make
      MemorySegment.copy(payload.array(), payload.arrayOffset() + payload.position(), staging, JAVA_BYTE, used, length);
    } else {
      MemorySegment.copy(MemorySegment.ofBuffer(payload), 0, staging, used, length);
    }
    long iov = Linux.IOVEC.byteSize() * count;
    iovecs.set(JAVA_LONG, iov + Linux.IOV_BASE, staging.address() + used); // a pointer: no slice to allocate
    iovecs.set(JAVA_LONG, iov + Linux.IOV_LEN, length);
    long base = Linux.MMSGHDR.byteSize() * count;
    int nameLength = last.encode(target, ipv6Socket); // encoding allocates: only for a new destination
    MemorySegment.copy(last.encoded, 0, names, NAME * count, Linux.SOCKADDR_IN6.byteSize());
    messages.set(JAVA_INT, base + Linux.MSG_NAMELEN, nameLength);
    messages.set(JAVA_INT, base + Linux.MSG_FLAGS, 0);
    long marked = (ecn < 0 && source == null) ? 0 : marks.write(controls, SendControls.SPACE * count, ipv4, ecn, source);
    messages.set(JAVA_LONG, base + Linux.MSG_CONTROLLEN, marked);
    offsets[count] = used;
    lengths[count] = length;
    used += (length + 7) & ~7L;
    count++;
    return true;
  }
}
