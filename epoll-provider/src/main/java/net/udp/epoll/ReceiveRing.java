package net.udp.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * An event loop's receive ring: {@code capacity} {@code struct mmsghdr}, each pointing at its own
 * payload slot, sender address and control buffer, all in native memory allocated once. The
 * control buffer has room for every message the kernel may attach: the drop counter ({@code
 * SO_RXQ_OVFL}), for coalesced datagrams their size ({@code UDP_GRO}), and the metadata a socket
 * asked for (destination, TOS or traffic class, TTL or hop limit, receive time). The
 * pointers are written once; before each {@code recvmmsg} only the lengths the kernel overwrites
 * are reset. Each slot has a read-only {@link ByteBuffer} view, made once and handed to callbacks
 * with its limit set to the datagram's length: no copy, no allocation per datagram.
 */
final class ReceiveRing {
  /** Room for the largest UDP datagram and one byte more. */
  static final int SLOT = 65_536;

  private static final long NAME = 32; // sizeof(struct sockaddr_in6), rounded up to 8
  // SO_RXQ_OVFL, UDP_GRO, TTL and TOS (4 bytes each), a timespec (16), and for an IPv4 peer of a
  // dual-stack socket both pktinfos (12 and 20), each after a 16-byte header and rounded up to 8:
  // 4 * 24 + 32 + 32 + 40 = 200, and room to spare.
  private static final long CONTROL = 256;

  final int capacity;
  final MemorySegment messages;
  private final MemorySegment names;
  private final MemorySegment controls;
  private final ByteBuffer[] views;

  ReceiveRing(Arena arena, int capacity) {
    this.capacity = capacity;
    long header = Linux.MMSGHDR.byteSize();
    messages = arena.allocate(header * capacity, 8);
    MemorySegment iovecs = arena.allocate(Linux.IOVEC.byteSize() * capacity, 8);
    names = arena.allocate(NAME * capacity, 8);
    controls = arena.allocate(CONTROL * capacity, 8);
    MemorySegment payloads = arena.allocate((long) SLOT * capacity, 64);
    views = new ByteBuffer[capacity];
    for (int i = 0; i < capacity; i++) {
      MemorySegment payload = payloads.asSlice((long) SLOT * i, SLOT);
      MemorySegment iov = iovecs.asSlice(Linux.IOVEC.byteSize() * i, Linux.IOVEC.byteSize());
      iov.set(ADDRESS, Linux.IOV_BASE, payload);
      iov.set(JAVA_LONG, Linux.IOV_LEN, SLOT);
      MemorySegment m = message(i);
      m.set(ADDRESS, Linux.MSG_NAME, names.asSlice(NAME * i, NAME));
      m.set(ADDRESS, Linux.MSG_IOV, iov);
      m.set(JAVA_LONG, Linux.MSG_IOVLEN, 1L);
      m.set(ADDRESS, Linux.MSG_CONTROL, controls.asSlice(CONTROL * i, CONTROL));
      views[i] = payload.asByteBuffer().asReadOnlyBuffer();
    }
  }

  private MemorySegment message(int i) {
    return messages.asSlice(Linux.MMSGHDR.byteSize() * i, Linux.MMSGHDR.byteSize());
  }

  /** Resets what the kernel overwrites in the first {@code count} headers. */
  void reset(int count) {
    long header = Linux.MMSGHDR.byteSize();
    for (int i = 0; i < count; i++) {
      long base = header * i;
      messages.set(JAVA_INT, base + Linux.MSG_NAMELEN, (int) Linux.SOCKADDR_IN6.byteSize());
      messages.set(JAVA_LONG, base + Linux.MSG_CONTROLLEN, CONTROL);
      messages.set(JAVA_INT, base + Linux.MSG_FLAGS, 0);
    }
  }

  /** The length of datagram {@code i} (its real length when {@link #truncated} is set). */
  int length(int i) {
    return messages.get(JAVA_INT, Linux.MMSGHDR.byteSize() * i + Linux.MMSG_LEN);
  }

  /** Whether the kernel cut datagram {@code i} to its slot. */
  boolean truncated(int i) {
    return (messages.get(JAVA_INT, Linux.MMSGHDR.byteSize() * i + Linux.MSG_FLAGS) & Linux.MSG_TRUNC) != 0;
  }

  /** Where the senders are: datagram {@code i}'s at {@link #nameOffset(int)}. */
  MemorySegment names() {
    return names;
  }

  /** The offset of datagram {@code i}'s sender in {@link #names()}: no slice, no allocation. */
  long nameOffset(int i) {
    return NAME * i;
  }

  /** The control buffers, which {@link EpollMetadata#read} reads. */
  MemorySegment controls() {
    return controls;
  }

  /** Where datagram {@code i}'s control messages start in {@link #controls()}. */
  long controlOffset(int i) {
    return CONTROL * i;
  }

  /** How many bytes of control messages the kernel wrote for datagram {@code i}. */
  long controlLength(int i) {
    return Math.min(CONTROL, messages.get(JAVA_LONG, Linux.MMSGHDR.byteSize() * i + Linux.MSG_CONTROLLEN));
  }

  /** A read-only view of datagram {@code i}'s payload: valid until the next receive. */
  ByteBuffer view(int i, int length) {
    ByteBuffer view = views[i];
    view.limit(Math.min(length, SLOT)).position(0);
    return view;
  }

  /**
   * A read-only view of bytes {@code from} to {@code to} of slot {@code i}: one of the datagrams
   * the kernel coalesced there, without a copy or an allocation.
   */
  ByteBuffer view(int i, int from, int to) {
    ByteBuffer view = views[i];
    view.limit(Math.min(to, SLOT)).position(Math.min(from, SLOT));
    return view;
  }
}
