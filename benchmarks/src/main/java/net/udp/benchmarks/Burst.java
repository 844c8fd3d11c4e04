package net.udp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.SendCallback;
import net.udp.Udp;
import net.udp.UdpBatch;
import net.udp.UdpSocket;

/** A sender of one contender: a burst of datagrams to a sink that never reads. */
abstract class Burst implements AutoCloseable {
  static final int SIZE = 64;

  /** Sends {@code count} datagrams; returns once all were handed to the operating system. */
  abstract void send(int count) throws Exception;

  @Override
  public abstract void close();

  static Burst of(String contender, InetSocketAddress sink) throws Exception {
    return switch (contender) {
      case "epoll", "nio" -> new FromCallerThread(contender, sink);
      case "epoll-loop" -> new FromLoop("epoll", sink);
      case "epoll-batch", "nio-batch" -> new Batched(contender.substring(0, contender.indexOf('-')), sink);
      case "jdk" -> new Jdk(sink);
      case "netty-nio" -> new Netty(false, sink);
      case "netty-epoll" -> new Netty(true, sink);
      default -> throw new IllegalArgumentException("no contender " + contender);
    };
  }

  /**
   * net.udp, sending from the benchmark thread: each datagram goes out in the call. The last one
   * of a burst carries a callback, which tells that all went (sends complete in order).
   */
  static final class FromCallerThread extends Burst {
    private final UdpSocket socket;
    private final InetSocketAddress sink;
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(SIZE);
    private final Arrival done = new Arrival();
    private final SendCallback last = (tag, failure) -> done.arrived();

    FromCallerThread(String provider, InetSocketAddress sink) {
      this.socket = Udp.provider(provider).newSocket().listen("127.0.0.1", 0);
      this.sink = sink;
    }

    @Override
    void send(int count) {
      done.expect(1);
      for (int i = 0; i < count - 1; i++) {
        socket.send(datagram, sink);
      }
      socket.send(Datagram.of(datagram).to(sink).tag(0), last);
      done.await();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /**
   * net.udp's batch from the benchmark thread: 64 datagrams per {@code send(UdpBatch)}; the last
   * batch of a burst ends with a datagram that calls back.
   */
  static final class Batched extends Burst {
    private static final int PER_BATCH = 64;
    private final UdpSocket socket;
    private final UdpBatch batch = new UdpBatch(PER_BATCH);
    private final UdpBatch lastBatch = new UdpBatch(PER_BATCH);
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(SIZE);
    private final Arrival done = new Arrival();

    Batched(String provider, InetSocketAddress sink) {
      socket = Udp.provider(provider).newSocket().listen("127.0.0.1", 0);
      for (int i = 0; i < PER_BATCH; i++) {
        batch.add(datagram, sink); // one buffer for all: send leaves its position as it was
      }
      for (int i = 0; i < PER_BATCH - 1; i++) {
        lastBatch.add(datagram, sink);
      }
      lastBatch.add(datagram, sink, 0, (tag, failure) -> done.arrived());
    }

    @Override
    void send(int count) {
      done.expect(1);
      for (int i = PER_BATCH; i < count; i += PER_BATCH) {
        socket.send(batch);
      }
      socket.send(lastBatch);
      done.await();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /**
   * net.udp's epoll provider, sending from its own loop thread (a receive callback), where sends
   * are queued and leave together through sendmmsg. A trigger datagram starts each burst; its
   * delivery is part of the measured time.
   */
  static final class FromLoop extends Burst {
    private final UdpSocket socket;
    private final DatagramChannel trigger;
    private final Arrival done = new Arrival();
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(SIZE);
    private volatile int burst;

    FromLoop(String provider, InetSocketAddress sink) throws IOException {
      socket = Udp.provider(provider).newSocket((s, payload, from) -> {
        int count = burst;
        for (int i = 0; i < count - 1; i++) {
          s.send(datagram, sink); // send leaves the position as it was: one buffer serves every datagram
        }
        s.send(Datagram.of(datagram).to(sink).tag(count), (tag, failure) -> done.arrived());
      }).listen("127.0.0.1", 0).receive();
      trigger = DatagramChannel.open(StandardProtocolFamily.INET);
      trigger.connect(new InetSocketAddress(PingPong.LOOPBACK, socket.info().localPort()));
    }

    @Override
    void send(int count) throws IOException {
      burst = count;
      done.expect(1);
      trigger.write(ByteBuffer.allocate(1));
      done.await();
    }

    @Override
    public void close() {
      socket.close();
      try {
        trigger.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The plain JDK: a blocking channel, one send call per datagram. */
  static final class Jdk extends Burst {
    private final DatagramChannel channel;
    private final InetSocketAddress sink;
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(SIZE);

    Jdk(InetSocketAddress sink) throws IOException {
      // Bound as the other contenders are: a socket bound to an address costs the kernel a check
      // of that address on every send, which an unbound one skips.
      channel = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(PingPong.LOOPBACK, 0));
      this.sink = sink;
    }

    @Override
    void send(int count) throws IOException {
      for (int i = 0; i < count; i++) {
        datagram.clear();
        channel.send(datagram, sink);
      }
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Netty 4.2: writes, then one flush (its epoll transport flushes with sendmmsg). */
  static final class Netty extends Burst {
    private final EventLoopGroup group;
    private final Channel channel;
    private final InetSocketAddress sink;
    private final ByteBuf datagram = Unpooled.directBuffer(SIZE).writeZero(SIZE);
    private final Arrival done = new Arrival();

    Netty(boolean epoll, InetSocketAddress sink) throws InterruptedException {
      group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
      channel = new Bootstrap().group(group).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .bind(new InetSocketAddress(PingPong.LOOPBACK, 0)).sync().channel();
      this.sink = sink;
    }

    @Override
    void send(int count) {
      done.expect(1);
      for (int i = 0; i < count - 1; i++) {
        var _ = channel.write(new DatagramPacket(datagram.retainedDuplicate(), sink));
      }
      channel.writeAndFlush(new DatagramPacket(datagram.retainedDuplicate(), sink)).addListener(f -> done.arrived());
      done.await();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      datagram.release();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
