package net.udp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import net.udp.Udp;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.UdpProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * A quick receive-throughput check: a plain JDK sender floods a loopback socket of each provider
 * for a few seconds. A user's sanity check, not a benchmark: the JMH benchmarks are that.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "A quick receive-throughput check on loopback for each installed provider (datagrams/s, drops, ratio). Not a substitute for the JMH benchmarks.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @Option(names = {"-t", "--seconds"}, defaultValue = "2", converter = Io.PositiveDurationConverter.class, paramLabel = "DURATION",
      description = "How long each provider is flooded, as sockperf -t (default: ${DEFAULT-VALUE}, in seconds; 500ms works too).")
  Duration seconds;

  @Option(names = {"-m", "--size"}, defaultValue = "64", converter = SizeConverter.class, paramLabel = "BYTES",
      description = "Payload bytes per datagram, 0 to 65507, as sockperf -m (default: ${DEFAULT-VALUE}).")
  int size;

  /** Parses a payload size, so that one out of range is a usage error. */
  static final class SizeConverter implements picocli.CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Io.number(value, 0, 65_507, "out of range (0 to 65507)");
    }
  }

  BenchCommand() {
    parent = new UdpCommand();
    seconds = Duration.ofSeconds(2);
  }

  /** One provider's run. */
  private record Result(String provider, long sent, long received, long kernelDrops, double seconds) {
    double rate() {
      return received / seconds;
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = parent.spec.commandLine().getOut();
    List<UdpProvider> providers = new ArrayList<>();
    if (parent.provider != null) {
      providers.add(parent.provider());
    } else {
      Udp.providers().stream().filter(p -> p.availability().available()).forEach(providers::add);
    }
    if (providers.isEmpty()) {
      providers.add(Udp.provider()); // throws, with what was found and why
    }
    out.println("flooding a loopback socket of each provider for " + seconds.toMillis() / 1000.0 + " s with " + size + "-byte datagrams from a plain JDK sender");
    List<Result> results = new ArrayList<>();
    for (UdpProvider provider : providers) {
      results.add(measure(provider, out));
    }
    out.println();
    out.println(String.format(Locale.ROOT, "%-10s %14s %12s %12s %10s %8s", "provider", "datagrams/s", "received", "sent", "dropped", "ratio"));
    double base = results.get(0).rate();
    for (Result r : results) {
      String dropped = r.kernelDrops() >= 0 ? Long.toString(r.kernelDrops()) : Long.toString(Math.max(0, r.sent() - r.received()));
      out.println(String.format(Locale.ROOT, "%-10s %,14.0f %,12d %,12d %10s %8.2f",
          r.provider(), r.rate(), r.received(), r.sent(), dropped, base > 0 ? r.rate() / base : 0));
    }
    out.println("ratio: datagrams/s relative to " + results.get(0).provider() + "; dropped: reported by the kernel where the provider can read it, else sent minus received");
    return UdpCommand.OK;
  }

  private Result measure(UdpProvider provider, PrintWriter out) throws IOException, InterruptedException {
    LongAdder received = new LongAdder();
    AtomicLong sent = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    try (UdpSocket receiver =
        provider.newSocket((s, payload, from) -> received.increment())
            .setSocketReceiveBuffer(4 << 20)
            .listen("127.0.0.1", 0)
            .receive()) {
      InetSocketAddress to = Io.bound(receiver);
      Thread sender = new Thread(() -> flood(to, sent, stop), "bench-sender");
      sender.setDaemon(true);
      long start = System.nanoTime();
      long end = start + seconds.toNanos();
      sender.start();
      PrintWriter err = parent.spec.commandLine().getErr();
      boolean progress = Io.onATerminal(); // progress is for eyes: never into a pipe or a file
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        if (progress) {
          double elapsed = (System.nanoTime() - start) / 1e9;
          err.print(String.format(Locale.ROOT, "\r%-8s %5.1f s  %,12.0f datagrams/s", provider.name(), elapsed, received.sum() / elapsed));
          err.flush();
        }
      }
      if (progress) {
        err.print("\r" + " ".repeat(40) + "\r");
        err.flush();
      }
      stop.set(true);
      sender.join(5_000);
      double elapsed = (System.nanoTime() - start) / 1e9;
      Thread.sleep(200); // let the receiver drain what the kernel holds
      UdpSocketInfo info = receiver.info();
      if (parent.verbose) {
        Io.printInfo(out, provider.name() + " receiver", info);
      }
      return new Result(provider.name(), sent.get(), received.sum(), info.counters().datagramsDropped().orElse(-1), elapsed);
    }
  }

  private void flood(InetSocketAddress to, AtomicLong sent, AtomicBoolean stop) {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.connect(to);
      ByteBuffer datagram = ByteBuffer.allocateDirect(size);
      while (!stop.get()) {
        datagram.clear();
        channel.write(datagram);
        sent.incrementAndGet();
      }
    } catch (IOException e) {
      parent.spec.commandLine().getErr().println("udp: the sender failed: " + e.getMessage());
    }
  }
}
