package net.udp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Receive throughput: a {@link Flooder} on the sending CPU floods the contender's socket as fast as
 * this machine can send; the contender receives on the other CPU. The aux counters give datagrams
 * received and sent per second: what was sent and not received, the kernel dropped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class ThroughputBenchmark {
  /** The receiver measured: see {@link Contender}. */
  @Param({"epoll", "nio", "jdk", "netty-nio", "netty-epoll"})
  String contender = "epoll";

  /** Bytes per datagram. */
  @Param({"64"})
  int payload = 64;

  private Receiver receiver;
  private Flooder flooder;

  /** For JMH. */
  public ThroughputBenchmark() {}

  /** Datagrams per second, as JMH rates them. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Datagrams {
    /** Received by the contender. */
    public long received;

    /** Sent by the flooder. */
    public long sent;

    /** For JMH. */
    public Datagrams() {}
  }

  /**
   * Opens the receiver, pinned to the draining CPU.
   *
   * @throws Exception when the contender cannot open its socket
   */
  @Setup(Level.Trial)
  public void open() throws Exception {
    receiver = Contender.of(contender).receiver(payload, 64);
    if (!(receiver instanceof JdkReceiver)) {
      receiver.pinDeliveringThread(Affinity.DRAINING_CPU);
    }
  }

  /**
   * Starts receiving, and the flooder.
   *
   * @throws Exception when the contender cannot start
   */
  @Setup(Level.Iteration)
  public void flood() throws Exception {
    if (receiver instanceof JdkReceiver) {
      receiver.pinDeliveringThread(Affinity.DRAINING_CPU);
    } else {
      Affinity.pin(Affinity.SENDING_CPU);
    }
    receiver.startReceiving();
    flooder = new Flooder(receiver.address(), payload);
    flooder.start(Affinity.SENDING_CPU);
  }

  /**
   * Ten milliseconds of flooding, counted.
   *
   * @param datagrams the counters
   * @throws Exception when the contender fails
   */
  @Benchmark
  public void interval(Datagrams datagrams) throws Exception {
    long received = receiver.delivered();
    long before = flooder.sent();
    receiver.runFor(10_000_000L);
    datagrams.received += receiver.delivered() - received;
    datagrams.sent += flooder.sent() - before;
  }

  /**
   * Stops the flooder, and receiving.
   *
   * @throws Exception when the contender fails to stop
   */
  @TearDown(Level.Iteration)
  public void stop() throws Exception {
    flooder.close();
    receiver.stopReceiving();
  }

  /** Closes the receiver. */
  @TearDown(Level.Trial)
  public void close() {
    receiver.close();
  }
}
