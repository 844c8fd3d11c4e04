package net.udp.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.udp.Udp;
import net.udp.UdpSocket;

/**
 * What an idle strategy costs in CPU: the process's CPU time while one socket of the provider
 * waits, first with nothing arriving, then with a datagram every millisecond (a quiet server), as
 * a share of one CPU. Run it once per strategy:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Dnet.udp.epoll.idle=spin -cp benchmarks.jar net.udp.benchmarks.IdleCost epoll SECONDS</pre>
 *
 * prints {@code idle_cpu=... quiet_cpu=... received=...}, the shares in percent of one CPU.
 */
public final class IdleCost {
  private IdleCost() {}

  /**
   * Measures and prints.
   *
   * @param args the provider, and the seconds each phase lasts
   * @throws Exception when the provider fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: IdleCost epoll|nio SECONDS");
      System.exit(2);
    }
    long nanos = Long.parseLong(args[1]) * 1_000_000_000L;
    AtomicLong received = new AtomicLong();
    try (UdpSocket server = Udp.provider(args[0]).newSocket((s, payload, from) -> received.incrementAndGet()).listen("127.0.0.1", 0).receive();
        var sender = java.nio.channels.DatagramChannel.open()) {
      InetSocketAddress to = new InetSocketAddress(PingPong.LOOPBACK, server.info().localPort());
      Thread.sleep(500); // the loop starts, and the JIT settles
      double idle = share(nanos, () -> LockSupport.parkNanos(nanos));
      ByteBuffer datagram = ByteBuffer.allocate(64);
      double quiet = share(nanos, () -> {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
          try {
            sender.send(datagram.clear(), to);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          LockSupport.parkNanos(1_000_000);
        }
      });
      System.out.printf(Locale.ROOT, "idle_cpu=%.1f%% quiet_cpu=%.1f%% received=%d%n", idle, quiet, received.get());
    }
  }

  /** The process's CPU time while {@code phase} runs, in percent of one CPU over {@code nanos}. */
  private static double share(long nanos, Runnable phase) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long before = os.getProcessCpuTime();
    long start = System.nanoTime();
    phase.run();
    long wall = System.nanoTime() - start;
    return 100.0 * (os.getProcessCpuTime() - before) / Math.max(wall, nanos / 2);
  }
}
