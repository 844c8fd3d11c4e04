package net.udp.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints the datagrams that arrive on a port, like {@code nc -u -l}. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Print the datagrams that arrive on [HOST:]PORT: one line each, sender and text (or hex).")
final class ListenCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @Parameters(index = "0", paramLabel = "[HOST:]PORT", converter = Io.LocalConverter.class,
      description = "Where to listen: a port (every address) or HOST:PORT.")
  InetSocketAddress where;

  @Option(names = "--hex", description = "Print payloads as hex bytes.")
  boolean hex;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N datagrams.")
  @Nullable Integer count;

  @Option(names = "--timeout", converter = Io.DurationConverter.class, paramLabel = "DURATION",
      description = "Stop after this long (e.g. 10s); with --count, fewer datagrams by then is a failure.")
  @Nullable Duration timeout;

  ListenCommand() {
    parent = new UdpCommand();
    where = InetSocketAddress.createUnresolved("", 0);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = parent.spec.commandLine().getOut();
    PrintWriter err = parent.spec.commandLine().getErr();
    InetSocketAddress local = where;
    Integer limit = count;
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--count must be at least 1");
    }
    CountDownLatch enough = new CountDownLatch(limit == null ? 1 : limit);
    AtomicLong seen = new AtomicLong();
    try (UdpSocket socket =
        parent.provider().newSocket((s, payload, from) -> {
          if (limit != null && seen.get() >= limit) {
            return;
          }
          seen.incrementAndGet();
          out.println(Io.text(from) + " " + payload.remaining() + " bytes: " + (hex ? Io.hex(payload) : Io.text(payload)));
          out.flush();
          if (limit != null) {
            enough.countDown();
          }
        })) {
      String host = Io.host(local);
      if (host.isEmpty()) {
        socket.listen(local.getPort());
      } else {
        socket.listen(host, local.getPort());
      }
      socket.receive();
      err.println("listening on " + Io.text(Io.bound(socket)) + " (provider " + socket.info().provider() + ")");
      err.flush();
      boolean reached;
      Duration t = timeout;
      if (t == null && limit == null) {
        new CountDownLatch(1).await(); // until interrupted (Ctrl-C)
        reached = true;
      } else if (t == null) {
        enough.await();
        reached = true;
      } else {
        reached = enough.await(t.toNanos(), TimeUnit.NANOSECONDS) || limit == null;
      }
      if (parent.verbose) {
        Io.printInfo(out, "listener", socket.info());
      }
      if (!reached) {
        err.println("udp: " + seen.get() + " of " + limit + " datagrams arrived within " + t);
        return UdpCommand.FAILED;
      }
      return UdpCommand.OK;
    }
  }
}
