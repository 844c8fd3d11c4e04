package net.udp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ping-pong latency: the round trip of one 64-byte datagram between a client and an echo
 * server of the same contender on loopback. JMH samples each round trip; the report takes the
 * median and the 99th percentile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class LatencyBenchmark {
  /** For JMH. */
  public LatencyBenchmark() {}

  @Param({"epoll", "nio", "jdk", "netty-nio", "netty-epoll"})
  String contender = "epoll";

  private PingPong pingPong;

  /**
   * Opens the client and the echo server.
   *
   * @throws Exception when a contender fails
   */
  @Setup(Level.Trial)
  public void open() throws Exception {
    pingPong = PingPong.of(Contender.of(contender));
  }

  /**
   * One round trip.
   *
   * @throws Exception when a contender fails
   */
  @Benchmark
  public void roundTrip() throws Exception {
    pingPong.roundTrip();
  }

  /** Closes both. */
  @TearDown(Level.Trial)
  public void close() {
    pingPong.close();
  }
}
