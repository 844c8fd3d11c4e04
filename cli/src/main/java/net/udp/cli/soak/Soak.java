package net.udp.cli.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * One soak run against one provider: the sockets it opened (closed at the end), the figures it
 * printed, and whether any of them showed a loss or a leak. Every wait is bounded.
 */
public final class Soak implements AutoCloseable {
  /** The loopback address every scenario sends to. */
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final UdpProvider provider;
  private final boolean longMode;
  private final PrintWriter out;
  private final List<UdpSocket> sockets = new ArrayList<>();
  private int figures;
  private int failures;

  /**
   * Starts a run.
   *
   * @param provider the provider under soak
   * @param longMode {@code true} for the release sizes, {@code false} for the short ones CI runs
   * @param out where figures are printed
   */
  public Soak(UdpProvider provider, boolean longMode, PrintWriter out) {
    this.provider = provider;
    this.longMode = longMode;
    this.out = out;
  }

  /**
   * Runs the scenarios whose names are asked for (all, when none is), in a fixed order.
   *
   * @param only scenario names, or empty for all
   * @return {@code true} when every figure was within bounds
   * @throws Exception when a scenario cannot run to its end (a failure)
   */
  public boolean run(List<String> only) throws Exception {
    for (Scenario scenario : all()) {
      if (only.isEmpty() || only.contains(scenario.name())) {
        long start = System.nanoTime();
        scenario.run(this);
        closeSockets();
        out.printf(Locale.ROOT, "%-13s %-6s %.1f s%n", scenario.name(), "time", (System.nanoTime() - start) / 1e9);
        out.flush();
      }
    }
    out.printf(Locale.ROOT, "verdict: %s (%d figures, %d out of bounds, provider %s, %s mode)%n",
        failures == 0 ? "pass" : "FAIL", figures, failures, provider.name(), longMode ? "long" : "short");
    out.flush();
    return failures == 0;
  }

  /**
   * The scenario names, in the order they run.
   *
   * @return the names
   */
  public static List<String> scenarios() {
    return all().stream().map(Scenario::name).toList();
  }

  private static List<Scenario> all() {
    return List.of(new Integrity(), new Flood(), new Senders(), new BackPressure(), new Lifecycles(), new CloseRaces(), new Faults());
  }

  /** One part of the soak. */
  interface Scenario {
    String name();

    void run(Soak soak) throws Exception;
  }

  UdpProvider provider() {
    return provider;
  }

  /** The short figure in short mode, the long one in long mode. */
  int scale(int shortValue, int longValue) {
    return longMode ? longValue : shortValue;
  }

  /** A socket of the provider under soak, closed when the scenario ends. */
  UdpSocket socket(@Nullable ReceiveCallback callback) {
    UdpSocket socket = provider.newSocket(callback);
    synchronized (sockets) {
      sockets.add(socket);
    }
    return socket;
  }

  /** A socket listening on an ephemeral loopback port, receiving. */
  UdpSocket listening(ReceiveCallback callback) {
    return socket(callback).listen("127.0.0.1", 0).receive();
  }

  static InetSocketAddress address(UdpSocket socket) {
    return new InetSocketAddress(LOOPBACK, socket.info().localPort());
  }

  /**
   * Prints one figure and notes whether it is within bounds.
   *
   * @param scenario the scenario's name
   * @param text what was measured
   * @param ok whether it shows no loss and no leak
   */
  void figure(String scenario, String text, boolean ok) {
    figures++;
    if (!ok) {
      failures++;
    }
    out.printf(Locale.ROOT, "%-13s %-6s %s%n", scenario, ok ? "ok" : "FAIL", text);
    out.flush();
  }

  /** Waits until a condition holds, at most a time; tells whether it did. */
  static boolean await(BooleanSupplier condition, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      pause(Duration.ofMillis(1));
    }
    return true;
  }

  /** Waits until a count stops growing for {@code quiet}, at most {@code patience}; returns it. */
  static long settle(java.util.function.LongSupplier count, Duration quiet, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    long last = count.getAsLong();
    long since = System.nanoTime();
    while (System.nanoTime() - deadline < 0) {
      pause(Duration.ofMillis(5));
      long now = count.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > quiet.toNanos()) {
        break;
      }
    }
    return count.getAsLong();
  }

  static void pause(Duration time) {
    try {
      Thread.sleep(time);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Open file descriptors of this process, or -1 where /proc is missing. */
  static long descriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /**
   * The kernel's drop count of the one UDP socket bound to a port, read from /proc/net/udp and
   * udp6 by this soak itself (independently of the provider's figure), or -1 where it cannot be.
   */
  static long kernelDrops(int port) {
    String suffix = String.format(Locale.ROOT, ":%04X", port);
    long found = -1;
    for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException | UnsupportedOperationException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] fields = line.trim().split("\\s+", -1);
        if (fields.length > 12 && fields[1].endsWith(suffix)) {
          if (found >= 0) {
            return -1; // two sockets on the port
          }
          found = Long.parseLong(fields[12]);
        }
      }
    }
    return found;
  }

  /** Live threads of this JVM. */
  static int threads() {
    return Thread.getAllStackTraces().size();
  }

  /** The resident set size in KiB after a collection, or -1 where /proc is missing. */
  static long residentAfterGc() {
    System.gc();
    return residentKib();
  }

  /** The resident set size in KiB (heap, native memory, everything), or -1 where /proc is missing. */
  static long residentKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** Heap the JVM has committed, in KiB. */
  static long heapCommittedKib() {
    return Runtime.getRuntime().totalMemory() / 1024;
  }

  /** Heap in use after a collection, in KiB. */
  static long heapKib() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) / 1024;
  }

  private void closeSockets() {
    List<UdpSocket> open;
    synchronized (sockets) {
      open = new ArrayList<>(sockets);
      sockets.clear();
    }
    open.forEach(UdpSocket::close);
  }

  /** Closes what the last scenario left open. */
  @Override
  public void close() {
    closeSockets();
  }
}
