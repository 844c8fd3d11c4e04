package net.udp.benchmarks;

import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Receive throughput: a plain JDK sender on the sending CPU floods the contender's socket as fast
 * as it can; the contender receives on the other CPU. The aux counters give datagrams received
 * and sent per second: what was sent and not received, the kernel dropped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class ThroughputBenchmark {
  @Param({"epoll", "nio", "jdk", "netty-nio", "netty-epoll"})
  String contender = "epoll";

  @Param({"64"})
  int payload = 64;

  private Receiver receiver;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean flooding;
  private Thread flooder;

  /** Datagrams per second, as JMH rates them. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Datagrams {
    /** Received by the contender. */
    public long received;

    /** Sent by the flooder. */
    public long sent;
  }

  /** Opens the receiver, pinned to the draining CPU. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    receiver = Contender.of(contender).receiver(payload, 64);
    if (!(receiver instanceof JdkReceiver)) {
      receiver.pinDeliveringThread(Affinity.DRAINING_CPU);
    }
  }

  /** Starts receiving, and the flooder. */
  @Setup(Level.Iteration)
  public void flood() throws Exception {
    if (receiver instanceof JdkReceiver) {
      receiver.pinDeliveringThread(Affinity.DRAINING_CPU);
    } else {
      Affinity.pin(Affinity.SENDING_CPU);
    }
    receiver.startReceiving();
    flooding = true;
    flooder = new Thread(this::send, "flooder");
    flooder.setDaemon(true);
    flooder.start();
  }

  private void send() {
    Affinity.pin(Affinity.SENDING_CPU);
    try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
      channel.connect(receiver.address());
      ByteBuffer datagram = ByteBuffer.allocateDirect(Math.max(1, payload)).limit(payload);
      while (flooding) {
        datagram.clear().limit(payload);
        channel.write(datagram);
        sent.incrementAndGet();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Ten milliseconds of flooding, counted. */
  @Benchmark
  public void interval(Datagrams datagrams) throws Exception {
    long received = receiver.delivered();
    long before = sent.get();
    receiver.runFor(10_000_000L);
    datagrams.received += receiver.delivered() - received;
    datagrams.sent += sent.get() - before;
  }

  /** Stops the flooder, and receiving. */
  @TearDown(Level.Iteration)
  public void stop() throws Exception {
    flooding = false;
    flooder.join(5_000);
    receiver.stopReceiving();
  }

  /** Closes the receiver. */
  @TearDown(Level.Trial)
  public void close() {
    receiver.close();
  }
}
