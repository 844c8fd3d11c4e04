package net.udp.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.provider.OsSocket;
import org.jspecify.annotations.Nullable;

/**
 * UDP generic segmentation offload: each {@code struct mmsghdr} carries a group of segments and a
 * {@code UDP_SEGMENT} control message, and one {@code sendmmsg} hands the kernel up to {@link
 * #GROUPS} groups, so a bulk sender makes one system call for hundreds of datagrams. The headers,
 * the control messages and, for a buffer on the Java heap (which a header cannot point at), a copy
 * of the payload live in memory of the calling thread's own, reused from call to call.
 */
final class EpollGso {
  /** The kernel's limit on segments per group (UDP_MAX_SEGMENTS, 64 in every kernel that has GSO). */
  static final int MAX_SEGMENTS = 64;

  /** Groups per system call. */
  static final int GROUPS = 8;

  private static final ThreadLocal<EpollGso> PER_THREAD = ThreadLocal.withInitial(EpollGso::new);
  private static final int STAGING = 4 * 65_536; // heap buffers: up to four groups per call, copied
  private static final long CONTROL_LENGTH = Linux.CMSG_DATA + 2; // CMSG_LEN(sizeof(uint16_t))
  private static final long CONTROL_SPACE = (CONTROL_LENGTH + 7) & ~7L; // CMSG_SPACE
  private static final long GROUP_CONTROLS = CONTROL_SPACE + SendControls.SPACE; // and the ECN and source, when given

  private final MemorySegment messages;
  private final MemorySegment iovecs;
  private final MemorySegment controls;
  private final MemorySegment staging;
  private final long[] lengths = new long[GROUPS];
  private final SendControls marks = new SendControls();

  private EpollGso() {
    Arena arena = Arena.ofAuto(); // freed with the thread's ThreadLocal
    long header = Linux.MMSGHDR.byteSize();
    messages = arena.allocate(header * GROUPS, 8);
    iovecs = arena.allocate(Linux.IOVEC.byteSize() * GROUPS, 8);
    controls = arena.allocate(GROUP_CONTROLS * GROUPS, 8);
    staging = arena.allocate(STAGING, 64);
    for (int j = 0; j < GROUPS; j++) {
      long m = header * j;
      messages.set(ADDRESS, m + Linux.MSG_IOV, iovecs.asSlice(Linux.IOVEC.byteSize() * j));
      messages.set(JAVA_LONG, m + Linux.MSG_IOVLEN, 1L);
      messages.set(ADDRESS, m + Linux.MSG_CONTROL, controls.asSlice(GROUP_CONTROLS * j));
      messages.set(JAVA_LONG, m + Linux.MSG_CONTROLLEN, CONTROL_SPACE);
      long c = GROUP_CONTROLS * j;
      controls.set(JAVA_LONG, c, CONTROL_LENGTH); // cmsg_len
      controls.set(JAVA_INT, c + Linux.CMSG_LEVEL, Linux.SOL_UDP);
      controls.set(JAVA_INT, c + Linux.CMSG_TYPE, Linux.UDP_SEGMENT);
    }
  }

  /** What to do when the kernel refuses segmentation itself: the socket may stop asking for it. */
  interface Refusal {
    void segmentationRefused(int errno);
  }

  /**
   * Sends whole groups of segments from the start of the buffer, as many as one call takes.
   *
   * @return the bytes sent; 0 when the kernel's buffer is full; {@link OsSocket#SPLIT} when the
   *     kernel or the route refuses segmentation ({@code EIO}: a device without checksum offload;
   *     {@code EINVAL}: a size the route cannot carry)
   * @throws IOException for any other refusal, with the operating system's reason
   */
  static long send(int fd, boolean ipv6, ByteBuffer payload, int segmentSize, int perGroup, InetSocketAddress target, int ecn,
      @Nullable InetAddress source, Refusal refusal) throws IOException {
    return PER_THREAD.get().sendHere(fd, ipv6, payload, segmentSize, perGroup, target, ecn, source, refusal);
  }

  private long sendHere(int fd, boolean ipv6, ByteBuffer payload, int segmentSize, int perGroup, InetSocketAddress target, int ecn,
      @Nullable InetAddress source, Refusal refusal) throws IOException {
    boolean ipv4 = target.getAddress() instanceof Inet4Address;
    int remaining = payload.remaining();
    int groupBytes = perGroup * segmentSize;
    int groups = Math.min(GROUPS, (remaining + groupBytes - 1) / groupBytes);
    MemorySegment data;
    if (payload.isDirect()) {
      data = MemorySegment.ofBuffer(payload);
    } else {
      groups = Math.max(1, Math.min(groups, STAGING / groupBytes));
      int copied = Math.min(remaining, groups * groupBytes);
      MemorySegment.copy(MemorySegment.ofBuffer(payload), 0, staging, 0, copied);
      data = staging;
    }
    Scratch s = Scratch.get();
    int nameLength = s.target(target, ipv6);
    long header = Linux.MMSGHDR.byteSize();
    for (int j = 0; j < groups; j++) {
      long from = (long) j * groupBytes;
      long length = Math.min(groupBytes, remaining - from);
      lengths[j] = length;
      long iov = Linux.IOVEC.byteSize() * j;
      iovecs.set(JAVA_LONG, iov + Linux.IOV_BASE, data.address() + from); // a pointer: no slice to allocate
      iovecs.set(JAVA_LONG, iov + Linux.IOV_LEN, length);
      messages.set(ADDRESS, header * j + Linux.MSG_NAME, s.target);
      messages.set(JAVA_INT, header * j + Linux.MSG_NAMELEN, nameLength);
      controls.set(JAVA_SHORT, GROUP_CONTROLS * j + Linux.CMSG_DATA, (short) segmentSize);
      long marked = (ecn < 0 && source == null) ? 0 : marks.write(controls, GROUP_CONTROLS * j + CONTROL_SPACE, ipv4, ecn, source);
      messages.set(JAVA_LONG, header * j + Linux.MSG_CONTROLLEN, CONTROL_SPACE + marked);
    }
    int sent = Libc.sendmmsg(s.errno, fd, messages, groups, Linux.MSG_DONTWAIT | Linux.MSG_NOSIGNAL);
    if (sent > 0) {
      long bytes = 0;
      for (int j = 0; j < sent; j++) {
        bytes += lengths[j];
      }
      return bytes;
    }
    int errno = Libc.errno(s.errno);
    if (errno == Linux.EAGAIN) {
      return 0;
    }
    if (errno == Linux.EIO || errno == Linux.EINVAL) {
      refusal.segmentationRefused(errno);
      return OsSocket.SPLIT;
    }
    throw Errors.exception(errno);
  }
}
