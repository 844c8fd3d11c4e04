package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * Native scratch memory of one thread, allocated once per thread and reused by every call it
 * makes: the errno capture segment, a socket address and its length, an option value, and the
 * encoded address of the last destination it sent to. Event loops keep theirs; a thread that sends
 * from outside a loop gets its own on first use.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

  /** Where calls capture errno. */
  final MemorySegment errno;

  /** A {@code sockaddr_in6}-sized address. */
  final MemorySegment address;

  /** A {@code socklen_t}. */
  final MemorySegment length;

  /** An {@code int} option value. */
  final MemorySegment value;

  /** The last destination this thread sent to, encoded by {@link #target}. */
  final MemorySegment target;

  private final LastTarget last;

  private Scratch() {
    Arena arena = Arena.ofAuto(); // freed with the thread's ThreadLocal
    errno = arena.allocate(Libc.CAPTURE);
    address = arena.allocate(Linux.SOCKADDR_IN6.byteSize(), 8);
    length = arena.allocate(JAVA_INT);
    value = arena.allocate(JAVA_INT);
    last = new LastTarget(arena);
    target = last.encoded;
  }

  /**
   * Encodes a destination into {@link #target}, or finds it there already (see {@link
   * LastTarget}).
   *
   * @param to the destination
   * @param ipv6Socket whether the sending socket is IPv6 (IPv4 destinations are then mapped)
   * @return the length of the encoded address
   */
  int target(InetSocketAddress to, boolean ipv6Socket) {
    return last.encode(to, ipv6Socket);
  }

  /** The calling thread's scratch memory. */
  static Scratch get() {
    return PER_THREAD.get();
  }
}
