package net.udp.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Send throughput: bursts of 4096 64-byte datagrams from one thread to a loopback sink that
 * never reads (the kernel drops what does not fit). The score is datagrams per second.
 * {@code epoll-loop} sends its bursts from a receive callback, where the epoll provider gathers
 * them in a native batch and sends them with sendmmsg; {@code epoll-batch} sends them from the
 * benchmark thread in {@code UdpBatch}es of 64 (sendmmsg; {@code nio-batch}: one by one); {@code
 * epoll} sends from the benchmark thread, one sendto each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SendBenchmark.BURST)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class SendBenchmark {
  /** For JMH. */
  public SendBenchmark() {}

  /** Datagrams per burst. */
  static final int BURST = 4096;

  @Param({"epoll", "epoll-batch", "epoll-loop", "nio", "nio-batch", "jdk", "netty-nio", "netty-epoll"})
  String contender = "epoll";

  private DatagramChannel sink;
  private Burst burst;

  /**
   * Opens the sink and the sender.
   *
   * @throws Exception when a contender fails
   */
  @Setup(Level.Trial)
  public void open() throws Exception {
    sink = DatagramChannel.open(StandardProtocolFamily.INET);
    sink.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    sink.bind(new InetSocketAddress(PingPong.LOOPBACK, 0));
    burst = Burst.of(contender, (InetSocketAddress) sink.getLocalAddress());
  }

  /**
   * One burst.
   *
   * @throws Exception when a contender fails
   */
  @Benchmark
  public void burst() throws Exception {
    burst.send(BURST);
  }

  /**
   * Closes both.
   *
   * @throws IOException when a socket fails to close
   */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    burst.close();
    sink.close();
  }
}
