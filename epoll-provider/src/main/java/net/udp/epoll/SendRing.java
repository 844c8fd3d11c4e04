package net.udp.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An event loop's send ring for {@code sendmmsg}: headers, addresses and a staging area into
 * which queued payloads are copied (they live on the Java heap, which a header cannot point at).
 * Filled and sent on the loop thread only.
 */
final class SendRing {
  private static final long NAME = 32;
  private static final long STAGING = 1 << 20;

  final int capacity;
  final MemorySegment messages;
  private final MemorySegment names;
  private final MemorySegment iovecs;
  private final MemorySegment staging;
  private int count;
  private long used;

  SendRing(Arena arena, int capacity) {
    this.capacity = capacity;
    messages = arena.allocate(Linux.MMSGHDR.byteSize() * capacity, 8);
    names = arena.allocate(NAME * capacity, 8);
    iovecs = arena.allocate(Linux.IOVEC.byteSize() * capacity, 8);
    staging = arena.allocate(STAGING, 64);
    for (int i = 0; i < capacity; i++) {
      long base = Linux.MMSGHDR.byteSize() * i;
      messages.set(ADDRESS, base + Linux.MSG_NAME, names.asSlice(NAME * i, NAME));
      messages.set(ADDRESS, base + Linux.MSG_IOV, iovecs.asSlice(Linux.IOVEC.byteSize() * i, Linux.IOVEC.byteSize()));
      messages.set(JAVA_LONG, base + Linux.MSG_IOVLEN, 1L);
      messages.set(ADDRESS, base + Linux.MSG_CONTROL, MemorySegment.NULL);
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

  /**
   * Adds a datagram, if there is room.
   *
   * @param payload its bytes, from position to limit (left unchanged)
   * @param target where it goes
   * @param ipv6Socket whether the socket is IPv6
   * @return {@code false} when the ring or its staging area is full
   */
  boolean add(ByteBuffer payload, InetSocketAddress target, boolean ipv6Socket) {
    int length = payload.remaining();
    if (count == capacity || used + length > STAGING) {
      return false;
    }
    MemorySegment data = staging.asSlice(used, length);
    MemorySegment.copy(MemorySegment.ofBuffer(payload), 0, data, 0, length);
    long iov = Linux.IOVEC.byteSize() * count;
    iovecs.set(ADDRESS, iov + Linux.IOV_BASE, data);
    iovecs.set(JAVA_LONG, iov + Linux.IOV_LEN, length);
    int nameLength = Sockaddrs.encode(target, ipv6Socket, names.asSlice(NAME * count, NAME));
    long base = Linux.MMSGHDR.byteSize() * count;
    messages.set(JAVA_INT, base + Linux.MSG_NAMELEN, nameLength);
    messages.set(JAVA_INT, base + Linux.MSG_FLAGS, 0);
    used += (length + 7) & ~7L;
    count++;
    return true;
  }
}
