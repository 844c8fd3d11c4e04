package net.udp.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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

/** An echo server: every datagram goes back to its sender. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    description = "Echo every datagram that arrives on [HOST:]PORT back to its sender.")
final class EchoCommand implements java.util.concurrent.Callable<Integer> {
  /** sockperf's header: 8-byte sequence number, then 16-bit flags (network order). */
  private static final int SOCKPERF_HEADER = 14;

  private static final int SOCKPERF_FLAGS_LOW_BYTE = 9;
  private static final int SOCKPERF_CLIENT = 1;
  private static final int SOCKPERF_PONG_REQUEST = 2;

  @ParentCommand UdpCommand parent;

  @Parameters(index = "0", paramLabel = "[HOST:]PORT", converter = Io.LocalConverter.class,
      description = "Where to listen: a port (every address) or HOST:PORT.")
  InetSocketAddress where;

  @Option(names = {"-c", "--count"}, paramLabel = "N", converter = Io.CountConverter.class, description = "Stop after echoing N datagrams.")
  @Nullable Integer count;

  @Option(names = {"-w", "--timeout"}, converter = Io.PositiveDurationConverter.class, paramLabel = "DURATION",
      description = "Stop after this long (e.g. 10s), as nc -w.")
  @Nullable Duration timeout;

  @Option(names = {"-q", "--quiet"}, description = "Do not print each datagram.")
  boolean quiet;

  @Option(names = "--sockperf", description = "Answer `sockperf ping-pong`: reply to its pong requests only, marked as from a server. Implies --quiet.")
  boolean sockperf;

  EchoCommand() {
    parent = new UdpCommand();
    where = InetSocketAddress.createUnresolved("", 0);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = parent.spec.commandLine().getOut();
    PrintWriter err = parent.spec.commandLine().getErr();
    InetSocketAddress local = where;
    Integer limit = count;
    CountDownLatch enough = new CountDownLatch(limit == null ? 1 : limit);
    AtomicLong echoed = new AtomicLong();
    byte[] reply = new byte[65_536];
    try (UdpSocket socket =
        parent.provider().newSocket((s, payload, from) -> {
          int length = payload.remaining();
          payload.get(payload.position(), reply, 0, length);
          if (sockperf) {
            if (length < SOCKPERF_HEADER || (reply[SOCKPERF_FLAGS_LOW_BYTE] & SOCKPERF_PONG_REQUEST) == 0) {
              return; // sockperf expects answers to its pong requests only
            }
            reply[SOCKPERF_FLAGS_LOW_BYTE] &= (byte) ~SOCKPERF_CLIENT;
          } else if (!quiet) {
            out.println(Io.text(from) + " " + length + " bytes: " + Io.text(payload));
            out.flush();
          }
          s.send(ByteBuffer.wrap(reply, 0, length), from);
          echoed.incrementAndGet();
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
      err.println("echoing on " + Io.text(Io.bound(socket)) + " (provider " + socket.info().provider() + ")");
      err.flush();
      Duration t = timeout;
      boolean reached = true;
      if (t == null && limit == null) {
        new CountDownLatch(1).await();
      } else if (t == null) {
        enough.await();
      } else {
        reached = enough.await(t.toNanos(), TimeUnit.NANOSECONDS) || limit == null;
      }
      err.println("echoed " + echoed.get() + " datagrams");
      if (parent.verbose) {
        Io.printInfo(out, "echo", socket.info());
      }
      return reached ? UdpCommand.OK : UdpCommand.FAILED;
    }
  }
}
