package net.udp.nio;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code nio} provider: available wherever {@link DatagramChannel} is, priority 10. Its event
 * loops start with the first socket; their number is the number of processors, at most 4, or
 * {@code -Dnet.udp.nio.loops=N}.
 */
public final class NioProvider extends UdpProvider {
  /** This provider's name. */
  public static final String NAME = "nio";

  /** Creates the provider; starts nothing. */
  public NioProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Availability availability() {
    return Availability.ok();
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return new NioUdpSocket(Loops.next(), callback);
  }

  /** Whether this host can open IPv6 datagram sockets; checked once. */
  static boolean ipv6Available() {
    return Ipv6.AVAILABLE;
  }

  private static final class Ipv6 {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
        return channel.isOpen();
      } catch (IOException | UnsupportedOperationException e) {
        return false; // no IPv6 here, or -Djava.net.preferIPv4Stack=true
      }
    }
  }

  /** The loops, started on first use; sockets are spread over them round-robin. */
  private static final class Loops {
    private static final NioLoop[] LOOPS = start();
    private static final AtomicInteger NEXT = new AtomicInteger();

    static NioLoop next() {
      return LOOPS[Math.floorMod(NEXT.getAndIncrement(), LOOPS.length)];
    }

    private static NioLoop[] start() {
      int count = Integer.getInteger("net.udp.nio.loops", Math.min(4, Runtime.getRuntime().availableProcessors()));
      NioLoop[] loops = new NioLoop[Math.max(1, count)];
      for (int i = 0; i < loops.length; i++) {
        loops[i] = new NioLoop("net.udp-nio-" + (i + 1));
      }
      return loops;
    }
  }
}
