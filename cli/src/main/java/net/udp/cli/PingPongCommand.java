package net.udp.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The seed's first example: a server on a port answers "pong" to each "ping" a client sends to
 * localhost, a number of rounds, one every interval.
 */
@Command(
    name = "pingpong",
    mixinStandardHelpOptions = true,
    description = "The seed's ping-pong: a server and a client exchange pings and pongs over localhost, then the round-trip times.")
final class PingPongCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @Option(names = {"-c", "--rounds"}, defaultValue = "5", converter = Io.CountConverter.class, paramLabel = "N",
      description = "Ping-pong rounds, at least 1 (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Io.DurationConverter.class,
      description = "Time between rounds, as in the seed's hs.timer.doAfter(1, ...) (default: ${DEFAULT-VALUE}; 0 for as fast as possible).")
  Duration interval;

  @Option(names = {"-p", "--port"}, defaultValue = "0", converter = Io.PortConverter.class, paramLabel = "PORT",
      description = "The server's port (default: 0, any free port; the seed uses 9001).")
  int port;

  PingPongCommand() {
    parent = new UdpCommand();
    interval = Duration.ofSeconds(1);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = parent.spec.commandLine().getOut();
    UdpProvider provider = parent.provider();
    out.println("provider: " + provider.name());
    List<Long> roundTrips = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong sentAt = new AtomicLong();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pingpong-timer");
      t.setDaemon(true);
      return t;
    });
    try (UdpSocket server =
            provider.server(port, (socket, payload, from) -> {
              out.println(Io.now() + "  server got \"" + Io.text(payload) + "\" from " + Io.text(from));
              out.flush();
              socket.send("pong", Io.host(from), from.getPort());
            });
        UdpSocket client =
            provider.newSocket((socket, payload, from) -> {
              long rtt = System.nanoTime() - sentAt.get();
              roundTrips.add(rtt);
              out.println(Io.now() + "  client got \"" + Io.text(payload) + "\" from " + Io.text(from)
                  + "  (round trip " + millis(rtt) + ")");
              out.flush();
              if (roundTrips.size() >= rounds) {
                done.countDown();
              } else {
                var _ = timer.schedule(() -> {
                  sentAt.set(System.nanoTime());
                  socket.send("ping", Io.host(from), from.getPort());
                }, interval.toNanos(), TimeUnit.NANOSECONDS);
              }
            })) {
      server.receive();
      out.println("server listening on " + Io.text(Io.bound(server)));
      sentAt.set(System.nanoTime());
      client.send("ping", "localhost", server.info().localPort()).receive();
      Duration patience = interval.multipliedBy(rounds).plusSeconds(5);
      boolean completed = done.await(patience.toMillis(), TimeUnit.MILLISECONDS);
      if (parent.verbose) {
        Io.printInfo(out, "server", server.info());
        Io.printInfo(out, "client", client.info());
      }
      if (!completed) {
        out.println("only " + roundTrips.size() + " of " + rounds + " rounds completed within " + patience.toSeconds() + " s");
        return UdpCommand.FAILED;
      }
      List<Long> sorted = new ArrayList<>(roundTrips);
      Collections.sort(sorted);
      out.println(rounds + " rounds: round trip min " + millis(sorted.get(0)) + ", median "
          + millis(sorted.get(sorted.size() / 2)) + ", max " + millis(sorted.get(sorted.size() - 1)));
      return UdpCommand.OK;
    } finally {
      timer.shutdownNow();
    }
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
