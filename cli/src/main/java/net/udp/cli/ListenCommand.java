package net.udp.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.ReceiveCallback;
import net.udp.UdpMetadata;
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
    description = {
      "Print the datagrams that arrive on [HOST:]PORT: one line each, sender and text (or hex).",
      "With --raw, write the payloads' bytes as they arrive and nothing else, as nc -ul does."
    })
final class ListenCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

  @Parameters(index = "0", paramLabel = "[HOST:]PORT", converter = Io.LocalConverter.class,
      description = "Where to listen: a port (every address) or HOST:PORT.")
  InetSocketAddress where;

  @Option(names = {"-x", "--hex"}, description = "Print payloads as hex bytes.")
  boolean hex;

  @Option(names = {"-r", "--raw"}, description = "Write each payload's bytes to standard output, nothing else: udp listen -r 9000 > file.")
  boolean raw;

  @Option(names = {"-c", "--count"}, paramLabel = "N", converter = Io.CountConverter.class, description = "Stop after N datagrams.")
  @Nullable Integer count;

  @Option(names = {"-w", "--timeout"}, converter = Io.PositiveDurationConverter.class, paramLabel = "DURATION",
      description = "Stop after this long (e.g. 10s), as nc -w; with --count, fewer datagrams by then is a failure.")
  @Nullable Duration timeout;

  @Option(names = {"-m", "--meta"},
      description = "Show what the kernel tells of each datagram: the address it was sent to, the interface, ECN, TTL, and how long it waited.")
  boolean meta;

  @Option(names = {"-j", "--join"}, paramLabel = "GROUP[@SOURCE]",
      description = "Join a multicast group once listening, from any source or, with @SOURCE, from that one only.")
  @Nullable String join;

  @Option(names = {"-I", "--interface"}, paramLabel = "IF", description = "The interface to join on (default: the one the route to the group takes).")
  @Nullable String networkInterface;

  /** Where --raw writes; tests replace it. */
  java.io.OutputStream rawOut = System.out;

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
    if (raw && hex) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--raw and --hex exclude each other");
    }
    java.io.OutputStream bytesOut = rawOut;
    // Done when enough arrived, or when the output closed (the reader of a pipe, head -1 say, has
    // gone: there is no one to print for, and nc ends too).
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean outputClosed = new AtomicBoolean();
    AtomicLong seen = new AtomicLong();
    try (UdpSocket socket =
        parent.provider().newSocket(ReceiveCallback.withMetadata((s, payload, from, metadata) -> {
          if (outputClosed.get() || (limit != null && seen.get() >= limit)) {
            return;
          }
          long n = seen.incrementAndGet();
          boolean failed;
          if (raw) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(payload.position(), bytes);
            try {
              bytesOut.write(bytes);
              bytesOut.flush();
              failed = bytesOut instanceof java.io.PrintStream ps && ps.checkError();
            } catch (java.io.IOException e) {
              failed = true;
            }
          } else {
            out.println(Io.text(from) + (meta ? Metadata.text(metadata) : "") + " " + payload.remaining() + " bytes: "
                + (hex ? Io.hex(payload) : Io.text(payload)));
            // picocli's writer wraps System.out as a Writer, which keeps the stream's errors to itself
            failed = out.checkError() || System.out.checkError();
          }
          if (failed) {
            outputClosed.set(true);
            done.countDown();
          } else if (limit != null && n == limit) {
            done.countDown();
          }
        }))) {
      if (meta) {
        socket.setReceiveMetadata(EnumSet.allOf(UdpMetadata.class));
      }
      String host = Io.host(local);
      if (host.isEmpty()) {
        socket.listen(local.getPort());
      } else {
        socket.listen(host, local.getPort());
      }
      socket.receive();
      String membership = join;
      if (membership != null) {
        int at = membership.indexOf('@');
        var joined = at < 0 ? socket.join(membership, networkInterface) : socket.join(membership.substring(0, at), networkInterface, membership.substring(at + 1));
        err.println("joined " + joined);
      }
      err.println("listening on " + Io.text(Io.bound(socket)) + " (provider " + socket.info().provider() + ")");
      if (meta && socket.info().receiveMetadata().isEmpty()) {
        err.println("udp: the " + socket.info().provider() + " provider tells nothing more of a datagram than its sender; --meta shows nothing");
      }
      err.flush();
      Duration t = timeout;
      boolean timeUp = false;
      if (t == null) {
        done.await(); // until enough arrived, the output closed, or Ctrl-C
      } else {
        timeUp = !done.await(t.toNanos(), TimeUnit.NANOSECONDS);
      }
      if (outputClosed.get()) {
        return UdpCommand.OK;
      }
      boolean reached = !timeUp || limit == null;
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
