package net.udp.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions this provider calls, bound by hand through the FFM API. Each handle captures
 * {@code errno} into a segment the caller owns and reuses (one per event loop, one per sending
 * thread), so that no call allocates. The calls that never block ({@code sendto}, {@code
 * recvmmsg} and {@code sendmmsg} with {@code MSG_DONTWAIT}) are linked as critical, which skips
 * the thread-state transition; {@code sendto} may then read a heap buffer directly. Everything
 * that may block ({@code epoll_wait}) is linked normally.
 *
 * <p>Loading this class performs restricted operations: {@link NativeAccess} checks first that
 * they are allowed.
 */
final class Libc {
  private Libc() {}

  private static final Linker LINKER = Linker.nativeLinker();

  /** The layout of the errno capture segment. */
  static final StructLayout CAPTURE = Linker.Option.captureStateLayout();

  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKNAME = bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle SETSOCKOPT =
      bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKOPT =
      bind("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle SENDTO =
      bind("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.critical(true));
  private static final MethodHandle SENDTO_FIRST =
      bindWithoutErrno("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.critical(true));
  private static final MethodHandle RECVMMSG =
      bind("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(false));
  private static final MethodHandle RECVMMSG_DRAIN =
      bindWithoutErrno("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(false));
  private static final MethodHandle SENDMMSG =
      bind("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.critical(false));
  private static final MethodHandle EPOLL_CREATE1 = bind("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle EPOLL_CTL = bind("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle EPOLL_WAIT = bind("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle SCHED_GETAFFINITY =
      bind("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
  private static final MethodHandle SCHED_SETAFFINITY =
      bind("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
  @SuppressWarnings("restricted") // the point of this class: NativeAccess checked it is allowed
  private static final MethodHandle STRERROR =
      bindWithoutErrno(
          "strerror",
          FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(1024, java.lang.foreign.ValueLayout.JAVA_BYTE)), JAVA_INT));

  private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = ERRNO_OPTION;
    System.arraycopy(extra, 0, options, 1, extra.length);
    return bindWithoutErrno(name, descriptor, options);
  }

  @SuppressWarnings("restricted") // the point of this class: NativeAccess checked it is allowed
  private static MethodHandle bindWithoutErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /** The errno a failed call left in a capture segment. */
  static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  /** The system's message for an errno, such as "Permission denied". */
  static String strerror(int errno) {
    try {
      MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
      return message.getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  static int socket(MemorySegment err, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(err, domain, type, protocol);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int bind(MemorySegment err, int fd, MemorySegment address, int length) {
    try {
      return (int) BIND.invokeExact(err, fd, address, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int connect(MemorySegment err, int fd, MemorySegment address, int length) {
    try {
      return (int) CONNECT.invokeExact(err, fd, address, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int getsockname(MemorySegment err, int fd, MemorySegment address, MemorySegment length) {
    try {
      return (int) GETSOCKNAME.invokeExact(err, fd, address, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int setsockopt(MemorySegment err, int fd, int level, int name, MemorySegment value, int length) {
    try {
      return (int) SETSOCKOPT.invokeExact(err, fd, level, name, value, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int getsockopt(MemorySegment err, int fd, int level, int name, MemorySegment value, MemorySegment length) {
    try {
      return (int) GETSOCKOPT.invokeExact(err, fd, level, name, value, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** The CPUs a thread may run on ({@code pid} 0: the calling one), as a bit mask of {@code size} bytes. */
  static int schedGetaffinity(MemorySegment err, int pid, long size, MemorySegment mask) {
    try {
      return (int) SCHED_GETAFFINITY.invokeExact(err, pid, size, mask);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Lets a thread ({@code pid} 0: the calling one) run only on the CPUs of a bit mask of {@code size} bytes. */
  static int schedSetaffinity(MemorySegment err, int pid, long size, MemorySegment mask) {
    try {
      return (int) SCHED_SETAFFINITY.invokeExact(err, pid, size, mask);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int close(MemorySegment err, int fd) {
    try {
      return (int) CLOSE.invokeExact(err, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long sendto(MemorySegment err, int fd, MemorySegment buffer, long length, int flags, MemorySegment address, int addressLength) {
    try {
      return (long) SENDTO.invokeExact(err, fd, buffer, length, flags, address, addressLength);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * {@code sendto} without capturing errno, for the first try of a send on an unconnected socket
   * (see {@link #recvmmsgDrain} for why): when it fails it sent nothing and consumed no pending
   * error (an unconnected socket has none), and the caller tries again with {@link #sendto}, which
   * sends now if room was made meanwhile, or learns why not.
   *
   * @return the bytes sent, or -1 when the call failed
   */
  static long sendtoFirst(int fd, MemorySegment buffer, long length, int flags, MemorySegment address, int addressLength) {
    try {
      return (long) SENDTO_FIRST.invokeExact(fd, buffer, length, flags, address, addressLength);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int recvmmsg(MemorySegment err, int fd, MemorySegment messages, int count, int flags) {
    try {
      return (int) RECVMMSG.invokeExact(err, fd, messages, count, flags, MemorySegment.NULL);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * {@code recvmmsg} without capturing errno, for unconnected sockets only: with {@code
   * MSG_DONTWAIT} on a socket that can have no pending error, -1 can only mean "nothing queued".
   * It exists because the JDK slices the capture segment on every capturing call, an allocation
   * the JIT does not always remove, and this call is the receive hot path.
   *
   * @return the number of messages, or -1 when the queue is empty
   */
  static int recvmmsgDrain(int fd, MemorySegment messages, int count, int flags) {
    try {
      return (int) RECVMMSG_DRAIN.invokeExact(fd, messages, count, flags, MemorySegment.NULL);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int sendmmsg(MemorySegment err, int fd, MemorySegment messages, int count, int flags) {
    try {
      return (int) SENDMMSG.invokeExact(err, fd, messages, count, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int epollCreate1(MemorySegment err, int flags) {
    try {
      return (int) EPOLL_CREATE1.invokeExact(err, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int epollCtl(MemorySegment err, int epfd, int op, int fd, MemorySegment event) {
    try {
      return (int) EPOLL_CTL.invokeExact(err, epfd, op, fd, event);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int epollWait(MemorySegment err, int epfd, MemorySegment events, int max, int timeoutMillis) {
    try {
      return (int) EPOLL_WAIT.invokeExact(err, epfd, events, max, timeoutMillis);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int eventfd(MemorySegment err, int initial, int flags) {
    try {
      return (int) EVENTFD.invokeExact(err, initial, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long read(MemorySegment err, int fd, MemorySegment buffer, long length) {
    try {
      return (long) READ.invokeExact(err, fd, buffer, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long write(MemorySegment err, int fd, MemorySegment buffer, long length) {
    try {
      return (long) WRITE.invokeExact(err, fd, buffer, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  private static AssertionError unexpected(Throwable t) {
    // invokeExact only throws what the native call cannot: a bug in a signature here.
    return new AssertionError("native call failed in the JVM", t);
  }
}
