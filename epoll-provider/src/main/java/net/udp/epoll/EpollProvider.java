package net.udp.epoll;

import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code epoll} provider: Linux only, priority 20 (above {@code nio}), available when native
 * access is allowed. Its event loops start with the first socket; their number is the number of
 * processors, at most 4, or {@code -Dnet.udp.epoll.loops=N}; each receives up to {@code
 * -Dnet.udp.epoll.batch=N} datagrams (64 by default) per {@code recvmmsg}.
 */
public final class EpollProvider extends UdpProvider {
  /** This provider's name. */
  public static final String NAME = "epoll";

  /** Creates the provider; checks nothing and starts nothing until asked. */
  public EpollProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public Availability availability() {
    return NativeAccess.AVAILABILITY;
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    Availability availability = availability();
    if (!availability.available()) {
      throw new IllegalStateException("the epoll provider is unavailable: " + availability.reason());
    }
    return new EpollSocket(Loops.next(), callback);
  }

  /** Whether this host can open IPv6 datagram sockets; checked once. */
  static boolean ipv6Available() {
    return Ipv6.AVAILABLE;
  }

  private static final class Ipv6 {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      Scratch s = Scratch.get();
      int fd = Libc.socket(s.errno, Linux.AF_INET6, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
      if (fd < 0) {
        return false;
      }
      Libc.close(s.errno, fd);
      return true;
    }
  }

  /** The loops, started on first use; sockets are spread over them round-robin. */
  private static final class Loops {
    private static final EpollLoop[] LOOPS = start();
    private static final AtomicInteger NEXT = new AtomicInteger();

    static EpollLoop next() {
      return LOOPS[Math.floorMod(NEXT.getAndIncrement(), LOOPS.length)];
    }

    private static EpollLoop[] start() {
      int count = Integer.getInteger("net.udp.epoll.loops", Math.min(4, Runtime.getRuntime().availableProcessors()));
      int batch = Math.max(1, Math.min(1024, Integer.getInteger("net.udp.epoll.batch", 64)));
      EpollLoop[] loops = new EpollLoop[Math.max(1, count)];
      for (int i = 0; i < loops.length; i++) {
        loops[i] = new EpollLoop("net.udp-epoll-" + (i + 1), batch);
      }
      return loops;
    }
  }
}
