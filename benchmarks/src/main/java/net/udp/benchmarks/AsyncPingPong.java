package net.udp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.udp.Udp;
import net.udp.UdpSocket;
import org.HdrHistogram.Histogram;

/**
 * Latency as an asynchronous user sees it: the client's receive callback records the round trip
 * and sends the next ping at once, from the callback, and the echo server replies from its own;
 * no thread hands anything over in the loop, so what is measured is each contender's path, both
 * ways. Round trips go into an HdrHistogram (recording allocates nothing). {@code jdk} is the
 * same loop with a blocking channel on one thread, as the C reference ({@code udpref pingpong})
 * runs it.
 *
 * <pre>[PLACEMENT=shared|split] java -cp benchmarks.jar net.udp.benchmarks.AsyncPingPong CONTENDER ROUNDS [WARMUP]</pre>
 *
 * prints {@code median_ns=... p99_ns=... p999_ns=... rounds=...}. {@code PLACEMENT=shared} pins
 * both ends' delivering threads to CPU 0, {@code split} the client's to CPU 0 and the server's to
 * CPU 1 (as {@code udpref pingpong} does), each on its first datagram; unset, the scheduler
 * places them. The loops' idle strategy is the providers' system property ({@code
 * -Dnet.udp.epoll.idle=spin}).
 */
public final class AsyncPingPong {
  private static final int SIZE = 64;
  private static final long PATIENCE_SECONDS = 120;

  private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
  private final CountDownLatch done = new CountDownLatch(1);
  private final int rounds;
  private final int warmup;
  private static final int CLIENT_CPU = placement(0, 0);
  private static final int SERVER_CPU = placement(0, 1);

  private int round; // the client's delivering thread only
  private long sentAt;
  private boolean clientPinned; // the client's delivering thread only
  private boolean serverPinned; // the server's delivering thread only

  private AsyncPingPong(int rounds, int warmup) {
    this.rounds = rounds;
    this.warmup = warmup;
  }

  /**
   * Runs one contender and prints its figures.
   *
   * @param args the contender (epoll, nio, jdk, netty-epoll, netty-nio), the number of measured
   *     round trips, and optionally of unmeasured ones before them (20,000 unless given)
   * @throws Exception when the contender fails, or a datagram is lost
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: AsyncPingPong epoll|nio|jdk|netty-epoll|netty-nio ROUNDS [WARMUP]");
      System.exit(2);
    }
    AsyncPingPong run = new AsyncPingPong(Integer.parseInt(args[1]), args.length == 3 ? Integer.parseInt(args[2]) : 20_000);
    switch (args[0]) {
      case "epoll", "nio" -> run.ours(args[0]);
      case "jdk" -> run.jdk();
      case "netty-epoll" -> run.netty(true);
      case "netty-nio" -> run.netty(false);
      default -> throw new IllegalArgumentException("no contender " + args[0]);
    }
    Histogram h = run.histogram;
    System.out.printf(Locale.ROOT, "median_ns=%d p99_ns=%d p999_ns=%d rounds=%d%n",
        h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getTotalCount());
  }

  /** The CPU of one end in the placement {@code PLACEMENT} names, or -1 for the scheduler's choice. */
  private static int placement(int shared, int split) {
    String placement = System.getenv("PLACEMENT");
    if (placement == null || placement.isEmpty()) {
      return -1;
    }
    return switch (placement) {
      case "shared" -> shared;
      case "split" -> split;
      default -> throw new IllegalArgumentException("PLACEMENT is shared or split, not " + placement);
    };
  }

  /** Pins the server's delivering thread, on its first datagram. */
  private void serverThread() {
    if (!serverPinned) {
      serverPinned = true;
      if (SERVER_CPU >= 0) {
        Affinity.pin(SERVER_CPU);
      }
    }
  }

  /** A reply arrived: records its round trip (after the warm-up) and says whether to ping again. */
  private boolean replied() {
    if (!clientPinned) {
      clientPinned = true;
      if (CLIENT_CPU >= 0) {
        Affinity.pin(CLIENT_CPU);
      }
    }
    long now = System.nanoTime();
    if (round >= warmup) {
      histogram.recordValue(now - sentAt);
    }
    round++;
    if (round == warmup + rounds) {
      done.countDown();
      return false;
    }
    sentAt = System.nanoTime();
    return true;
  }

  private void await() throws InterruptedException {
    if (!done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no reply after " + round + " round trips: a datagram was lost");
    }
  }

  private void ours(String provider) throws InterruptedException {
    ByteBuffer ping = ByteBuffer.allocateDirect(SIZE);
    UdpSocket server = Udp.provider(provider).newSocket((s, payload, from) -> {
      serverThread();
      s.send(payload, from);
    }).listen("127.0.0.1", 0).receive();
    InetSocketAddress serverAddress = new InetSocketAddress(PingPong.LOOPBACK, server.info().localPort());
    UdpSocket client = Udp.provider(provider).newSocket((s, payload, from) -> {
      if (replied()) {
        s.send(ping, serverAddress);
      }
    }).listen("127.0.0.1", 0).receive();
    try {
      sentAt = System.nanoTime();
      client.send(ping, serverAddress);
      await();
    } finally {
      client.close();
      server.close();
    }
  }

  private void jdk() throws IOException, InterruptedException {
    DatagramChannel server = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(PingPong.LOOPBACK, 0));
    Thread echo = Thread.ofPlatform().daemon().name("echo").start(() -> {
      serverThread();
      ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
      try {
        while (true) {
          buffer.clear();
          var from = server.receive(buffer);
          server.send(buffer.flip(), from);
        }
      } catch (IOException closed) {
        // the channel was closed: the run is over
      }
    });
    try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(PingPong.LOOPBACK, 0))) {
      ByteBuffer ping = ByteBuffer.allocateDirect(SIZE);
      ByteBuffer reply = ByteBuffer.allocateDirect(2048);
      client.connect(server.getLocalAddress());
      sentAt = System.nanoTime();
      do {
        client.write(ping.clear());
        client.read(reply.clear());
      } while (replied());
    } finally {
      server.close(); // ends the echo thread's receive
      echo.join(5_000);
    }
  }

  private void netty(boolean epoll) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends Channel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    ByteBuf ping = Unpooled.directBuffer(SIZE).writeZero(SIZE);
    try {
      Channel server = new Bootstrap().group(group).channel(type).handler(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          serverThread();
          DatagramPacket packet = (DatagramPacket) msg;
          var _ = ctx.writeAndFlush(new DatagramPacket(packet.content(), packet.sender()));
        }
      }).bind(new InetSocketAddress(PingPong.LOOPBACK, 0)).sync().channel();
      InetSocketAddress serverAddress = (InetSocketAddress) server.localAddress();
      Channel client = new Bootstrap().group(group).channel(type).handler(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ((DatagramPacket) msg).release();
          if (replied()) {
            var _ = ctx.writeAndFlush(new DatagramPacket(ping.retainedDuplicate(), serverAddress));
          }
        }
      }).bind(new InetSocketAddress(PingPong.LOOPBACK, 0)).sync().channel();
      sentAt = System.nanoTime();
      var _ = client.writeAndFlush(new DatagramPacket(ping.retainedDuplicate(), serverAddress));
      await();
      client.close().syncUninterruptibly();
      server.close().syncUninterruptibly();
    } finally {
      ping.release();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
