package net.udp.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
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
 * Bulk transfer: 16 MiB in 1200-byte datagrams, from one thread, to a loopback sink that never
 * reads (the kernel drops what does not fit; its cost of delivering to the sink is in every
 * contender's time alike). The score is datagrams per second. {@code epoll}, {@code nio} and
 * {@code jdk} send one datagram per call; {@code epoll-batch} and {@code nio-batch} hand over
 * {@code UdpBatch}es of 64 (the epoll provider sends each with one {@code sendmmsg}); {@code
 * epoll-gso} and {@code nio-segments} make one
 * {@code sendSegments} call (the epoll provider hands 54 datagrams to the kernel per system call
 * with {@code UDP_SEGMENT}; nio splits); {@code netty-epoll} writes a packet per datagram and
 * flushes once (sendmmsg), {@code netty-epoll-gso} a {@code SegmentedDatagramPacket} per 54.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Bulk.DATAGRAMS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class BulkSendBenchmark {
  /** For JMH. */
  public BulkSendBenchmark() {}

  @Param({"epoll", "epoll-batch", "epoll-gso", "nio", "nio-batch", "nio-segments", "jdk", "netty-epoll", "netty-epoll-gso"})
  String contender = "epoll-gso";

  private DatagramChannel sink;
  private Bulk bulk;
  private final ByteBuffer data = ByteBuffer.allocateDirect(Bulk.BYTES);

  /**
   * Opens the sink and the sender, and fills the buffer.
   *
   * @throws Exception when a contender fails
   */
  @Setup(Level.Trial)
  public void open() throws Exception {
    for (int i = 0; i < Bulk.BYTES; i++) {
      data.put(i, (byte) (i * 31 + i / 1200));
    }
    sink = DatagramChannel.open(StandardProtocolFamily.INET);
    sink.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    sink.bind(new InetSocketAddress(PingPong.LOOPBACK, 0));
    bulk = Bulk.of(contender, (InetSocketAddress) sink.getLocalAddress());
  }

  /**
   * One transfer.
   *
   * @throws Exception when a contender fails
   */
  @Benchmark
  public void transfer() throws Exception {
    bulk.send(data);
  }

  /**
   * Closes both.
   *
   * @throws IOException when a socket fails to close
   */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    bulk.close();
    sink.close();
  }
}
