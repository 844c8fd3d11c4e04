package net.udp.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.provider.OsSocket;

/**
 * UDP generic segmentation offload: one {@code sendmsg} with a {@code UDP_SEGMENT} control message
 * hands the kernel a buffer that it sends as datagrams of the segment size. The header, the
 * control message and, for a buffer on the Java heap (which a header cannot point at), a copy of
 * the payload live in memory of the calling thread's own, reused from call to call.
 */
final class EpollGso {
  /** The kernel's limit on segments per call (UDP_MAX_SEGMENTS, 64 in every kernel that has GSO). */
  static final int MAX_SEGMENTS = 64;

  private static final ThreadLocal<EpollGso> PER_THREAD = ThreadLocal.withInitial(EpollGso::new);
  private static final int STAGING = 65_536;
  private static final long CONTROL_LENGTH = Linux.CMSG_DATA + 2; // CMSG_LEN(sizeof(uint16_t))
  private static final long CONTROL_SPACE = (CONTROL_LENGTH + 7) & ~7L; // CMSG_SPACE

  private final MemorySegment header;
  private final MemorySegment iovec;
  private final MemorySegment control;
  private final MemorySegment name;
  private final MemorySegment staging;

  private EpollGso() {
    Arena arena = Arena.ofAuto(); // freed with the thread's ThreadLocal
    header = arena.allocate(Linux.MSGHDR);
    iovec = arena.allocate(Linux.IOVEC);
    control = arena.allocate(CONTROL_SPACE, 8);
    name = arena.allocate(Linux.SOCKADDR_IN6.byteSize(), 8);
    staging = arena.allocate(STAGING, 64);
    header.set(ADDRESS, Linux.MSG_NAME, name);
    header.set(ADDRESS, Linux.MSG_IOV, iovec);
    header.set(JAVA_LONG, Linux.MSG_IOVLEN, 1L);
    header.set(ADDRESS, Linux.MSG_CONTROL, control);
    header.set(JAVA_LONG, Linux.MSG_CONTROLLEN, CONTROL_SPACE);
    control.set(JAVA_LONG, 0, CONTROL_LENGTH); // cmsg_len
    control.set(JAVA_INT, Linux.CMSG_LEVEL, Linux.SOL_UDP);
    control.set(JAVA_INT, Linux.CMSG_TYPE, Linux.UDP_SEGMENT);
  }

  /**
   * Sends the segments in one call.
   *
   * @return what was done; {@link OsSocket.Segmented#SPLIT} when the kernel or the route refuses
   *     segmentation ({@code EIO}: a device without checksum offload; {@code EINVAL}: a size the
   *     route cannot carry)
   * @throws IOException for any other refusal, with the operating system's reason
   */
  static OsSocket.Segmented send(int fd, boolean ipv6, ByteBuffer payload, int segmentSize, InetSocketAddress target, Refusal refusal)
      throws IOException {
    return PER_THREAD.get().sendHere(fd, ipv6, payload, segmentSize, target, refusal);
  }

  /** What to do when the kernel refuses segmentation itself: the socket stops asking for it. */
  interface Refusal {
    void segmentationRefused(int errno);
  }

  private OsSocket.Segmented sendHere(int fd, boolean ipv6, ByteBuffer payload, int segmentSize, InetSocketAddress target, Refusal refusal)
      throws IOException {
    int length = payload.remaining();
    MemorySegment data;
    if (payload.isDirect()) {
      data = MemorySegment.ofBuffer(payload);
    } else {
      MemorySegment.copy(MemorySegment.ofBuffer(payload), 0, staging, 0, length);
      data = staging;
    }
    iovec.set(ADDRESS, Linux.IOV_BASE, data);
    iovec.set(JAVA_LONG, Linux.IOV_LEN, length);
    header.set(JAVA_INT, Linux.MSG_NAMELEN, Sockaddrs.encode(target, ipv6, name));
    control.set(JAVA_SHORT, Linux.CMSG_DATA, (short) segmentSize);
    Scratch s = Scratch.get();
    if (Libc.sendmsg(s.errno, fd, header, Linux.MSG_DONTWAIT | Linux.MSG_NOSIGNAL) >= 0) {
      return OsSocket.Segmented.SENT;
    }
    int errno = Libc.errno(s.errno);
    if (errno == Linux.EAGAIN) {
      return OsSocket.Segmented.FULL;
    }
    if (errno == Linux.EIO || errno == Linux.EINVAL) {
      refusal.segmentationRefused(errno);
      return OsSocket.Segmented.SPLIT;
    }
    throw Errors.exception(errno);
  }
}
