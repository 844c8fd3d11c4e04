package net.udp.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The sender of the throughput benchmark: floods one IPv4 address as fast as this machine can
 * send, the same for every contender. On Linux it sends with {@code sendmmsg} in batches of 64
 * (about three times the rate of one {@code send} per datagram where system calls are costly, so
 * that the receiver rather than the sender sets the pace); elsewhere with a JDK channel.
 */
final class Flooder implements AutoCloseable {
  private static final int BATCH = 64;
  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM = 2;
  // struct iovec, struct msghdr and struct mmsghdr as glibc lays them out on every 64-bit Linux.
  private static final long IOVEC_SIZE = 16;
  private static final long MSGHDR_IOV = 16;
  private static final long MSGHDR_IOVLEN = 24;
  private static final long MMSGHDR_SIZE = 64;
  private static final long SOCKADDR_IN_SIZE = 16;

  private final InetSocketAddress target;
  private final int payload;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean flooding;
  private @Nullable Thread thread;

  /**
   * A flooder, not yet started.
   *
   * @param target the IPv4 address to flood
   * @param payload the size of each datagram
   */
  Flooder(InetSocketAddress target, int payload) {
    if (!(target.getAddress() instanceof Inet4Address)) {
      throw new IllegalArgumentException("an IPv4 target, not " + target);
    }
    this.target = target;
    this.payload = payload;
  }

  /** How the flooder sends here, for the report. */
  static String method() {
    return onLinux64() ? "sendmmsg, 64 per call" : "DatagramChannel.write";
  }

  private static boolean onLinux64() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
        && ADDRESS.byteSize() == 8;
  }

  /** Datagrams sent so far; any thread. */
  long sent() {
    return sent.get();
  }

  /**
   * Starts flooding on a thread of its own, pinned to a CPU.
   *
   * @param cpu the CPU, see {@link Affinity}
   */
  void start(int cpu) {
    flooding = true;
    Thread t = new Thread(() -> {
      Affinity.pin(cpu);
      Native libc = Native.LIBC;
      if (libc != null) {
        libc.flood(this);
      } else {
        floodWithChannel();
      }
    }, "flooder");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Stops flooding and waits, briefly, for the thread to end. */
  @Override
  public void close() {
    flooding = false;
    Thread t = thread;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void floodWithChannel() {
    try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
      channel.connect(target);
      ByteBuffer datagram = ByteBuffer.allocateDirect(Math.max(1, payload));
      while (flooding) {
        datagram.clear().limit(payload);
        channel.write(datagram);
        sent.incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The libc calls, where there are. */
  private record Native(
      MethodHandle socket, MethodHandle connect, MethodHandle sendmmsg, MethodHandle close) {
    // Bound on first use, so that reading method() binds nothing.
    static final @Nullable Native LIBC = bind();

    @SuppressWarnings("restricted") // benchmarks run with --enable-native-access=ALL-UNNAMED
    static @Nullable Native bind() {
      if (!onLinux64()) {
        return null;
      }
      Linker linker = Linker.nativeLinker();
      var lookup = linker.defaultLookup();
      try {
        return new Native(
            linker.downcallHandle(lookup.find("socket").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)),
            linker.downcallHandle(lookup.find("connect").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)),
            linker.downcallHandle(lookup.find("sendmmsg").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
            linker.downcallHandle(lookup.find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT)));
      } catch (java.util.NoSuchElementException e) {
        return null;
      }
    }

    void flood(Flooder f) {
      try (Arena arena = Arena.ofConfined()) {
        int fd = (int) socket.invokeExact(AF_INET, SOCK_DGRAM, 0);
        if (fd < 0) {
          throw new IllegalStateException("socket() failed");
        }
        try {
          MemorySegment address = arena.allocate(SOCKADDR_IN_SIZE);
          address.set(JAVA_SHORT, 0, (short) AF_INET);
          address.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) f.target.getPort());
          MemorySegment.copy(f.target.getAddress().getAddress(), 0, address, JAVA_BYTE, 4, 4);
          if ((int) connect.invokeExact(fd, address, (int) SOCKADDR_IN_SIZE) != 0) {
            throw new IllegalStateException("connect(" + f.target + ") failed");
          }
          MemorySegment data = arena.allocate(Math.max(1, f.payload));
          MemorySegment iov = arena.allocate(IOVEC_SIZE);
          iov.set(ADDRESS, 0, data);
          iov.set(JAVA_LONG, 8, f.payload);
          MemorySegment messages = arena.allocate(MMSGHDR_SIZE * BATCH, 8);
          for (int i = 0; i < BATCH; i++) {
            messages.set(ADDRESS, i * MMSGHDR_SIZE + MSGHDR_IOV, iov);
            messages.set(JAVA_LONG, i * MMSGHDR_SIZE + MSGHDR_IOVLEN, 1L);
          }
          while (f.flooding) {
            int n = (int) sendmmsg.invokeExact(fd, messages, BATCH, 0);
            if (n > 0) {
              f.sent.addAndGet(n);
            }
          }
        } finally {
          int ignored = (int) close.invokeExact(fd);
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }
}
