package net.udp.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The receive hot path alone: before each invocation, {@code count} datagrams are queued in the
 * receiving socket's kernel buffer while nothing reads; the invocation delivers them all to the
 * contender's callback. The score is per invocation: divide by {@code count} for a datagram
 * (benchmarks/run does). With {@code fill=segments} the datagrams are queued by a segmented send
 * ({@code UDP_SEGMENT}, as a bulk sender would), which a receiver with receive offload ({@code
 * epoll-gro}) reads 54 at a time and any other one by one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class DrainBenchmark {
  /** For JMH. */
  public DrainBenchmark() {}

  @Param({"epoll", "epoll-meta", "nio", "jdk", "netty-nio", "netty-epoll"})
  String contender = "epoll";

  @Param({"64"})
  int payload = 64;

  @Param({"2000"})
  int count = 2000;

  @Param({"64"})
  int batch = 64;

  @Param({"each"})
  String fill = "each";

  private Receiver receiver;
  private DatagramChannel sender;
  private ExecutorService filler;
  private @Nullable UdpSocket segmenter;
  private ByteBuffer bulk = ByteBuffer.allocateDirect(0); // all the datagrams end to end, for fill=segments
  private final ByteBuffer datagram = ByteBuffer.allocateDirect(65_536);

  /**
   * Opens the receiver and a sender; sets the epoll provider's batch before its loops start; pins
   * the delivering thread to one CPU and the filling thread (and this one, unless it delivers) to
   * the other.
   *
   * @throws Exception when a contender fails
   */
  @Setup(Level.Trial)
  public void open() throws Exception {
    System.setProperty("net.udp.epoll.batch", Integer.toString(batch));
    receiver = Contender.of(contender).receiver(payload, batch);
    sender = DatagramChannel.open(StandardProtocolFamily.INET);
    sender.connect(receiver.address());
    if (fill.equals("segments")) {
      segmenter = Udp.provider("epoll").newSocket().listen("127.0.0.1", 0);
      bulk = ByteBuffer.allocateDirect(count * payload);
    } else if (!fill.equals("each")) {
      throw new IllegalArgumentException("fill is each or segments, not " + fill);
    }
    filler = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "filler");
      t.setDaemon(true);
      return t;
    });
    filler.submit(() -> Affinity.pin(Affinity.SENDING_CPU)).get();
    if (!(receiver instanceof JdkReceiver)) {
      receiver.pinDeliveringThread(Affinity.DRAINING_CPU); // an event loop: a thread of its own
    }
  }

  /**
   * Pins the measuring thread (JMH may use a new one each iteration): to the draining CPU when it
   * is the one that reads (the plain JDK loop), else to the sending CPU, out of the loop's way.
   *
   * @throws Exception when a contender fails
   */
  @Setup(Level.Iteration)
  public void pinMeasuringThread() throws Exception {
    if (receiver instanceof JdkReceiver) {
      receiver.pinDeliveringThread(Affinity.DRAINING_CPU);
    } else {
      Affinity.pin(Affinity.SENDING_CPU);
    }
  }

  /**
   * Queues {@code count} datagrams, from the sending CPU, while the receiver is paused.
   *
   * @throws Exception when a contender fails
   */
  @Setup(Level.Invocation)
  public void fill() throws Exception {
    UdpSocket s = segmenter;
    filler.submit(() -> {
      if (s != null) {
        fillBySegments(s);
        return null;
      }
      for (int i = 0; i < count; i++) {
        datagram.clear().limit(payload);
        datagram.put(0, (byte) i);
        sender.write(datagram);
      }
      return null;
    }).get();
  }

  private void fillBySegments(UdpSocket s) throws Exception {
    for (int i = 0; i < count; i++) {
      bulk.put(i * payload, (byte) i);
    }
    CompletableFuture<@Nullable Void> sent = new CompletableFuture<>();
    s.send(Datagram.of(bulk.clear().limit(count * payload)).to(receiver.address()).segments(payload).tag(0), (tag, failure) -> {
      if (failure != null) {
        sent.completeExceptionally(failure);
      } else {
        sent.complete(null);
      }
    });
    sent.get(10, TimeUnit.SECONDS);
  }

  /**
   * Delivers them all.
   *
   * @param consumed takes what was delivered, so that nothing is optimised away
   * @throws Exception when a contender fails
   */
  @Benchmark
  public void drain(Blackhole consumed) throws Exception {
    receiver.receive(count);
    consumed.consume(receiver.checksum());
  }

  /**
   * Closes both sockets.
   *
   * @throws IOException when a socket fails to close
   */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    receiver.close();
    sender.close();
    if (segmenter != null) {
      segmenter.close();
    }
    filler.shutdownNow();
  }
}
