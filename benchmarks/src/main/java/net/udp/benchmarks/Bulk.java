package net.udp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
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

/**
 * A bulk sender of one contender: a buffer of {@link #BYTES} sent as datagrams of {@link
 * #SEGMENT} bytes (the last one shorter), to a sink that never reads.
 */
abstract class Bulk implements AutoCloseable {
  /** The transfer: 16 MiB. */
  static final int BYTES = 16 << 20;
  /** A QUIC-sized datagram. */
  static final int SEGMENT = 1200;
  /** Datagrams per transfer. */
  static final int DATAGRAMS = (BYTES + SEGMENT - 1) / SEGMENT;
  /** Segments per GSO call: as many as fit one IPv4 datagram (the kernel's other limit, 64, is higher). */
  static final int PER_CALL = 65_507 / SEGMENT;

  /** Sends the whole buffer; returns once every datagram was handed to the operating system. */
  abstract void send(ByteBuffer data) throws Exception;

  @Override
  public abstract void close();

  static Bulk of(String contender, InetSocketAddress sink) throws Exception {
    return switch (contender) {
      case "epoll", "nio" -> new Each(contender, sink);
      case "epoll-gso", "nio-segments" -> new Segments(contender.substring(0, contender.indexOf('-')), sink);
      case "epoll-batch", "nio-batch" -> new Batched(contender.substring(0, contender.indexOf('-')), sink);
      case "jdk" -> new Jdk(sink);
      case "netty-epoll" -> new Netty(false, sink);
      case "netty-epoll-gso" -> new Netty(true, sink);
      default -> throw new IllegalArgumentException("no contender " + contender);
    };
  }

  /**
   * net.udp, one send per datagram from the benchmark thread: one system call each. The last
   * datagram carries a callback, which tells that all went (sends complete in order).
   */
  static final class Each extends Bulk {
    private final UdpSocket socket;
    private final InetSocketAddress sink;
    private final Arrival done = new Arrival();
    private final SendCallback last = (tag, failure) -> done.arrived();

    Each(String provider, InetSocketAddress sink) {
      socket = Udp.provider(provider).newSocket().setSocketSendBuffer(4 << 20).listen("127.0.0.1", 0);
      this.sink = sink;
    }

    @Override
    void send(ByteBuffer data) {
      done.expect(1);
      ByteBuffer view = data.duplicate(); // one view, moved along: no allocation per datagram
      for (int at = 0; at < BYTES; at += SEGMENT) {
        view.limit(Math.min(BYTES, at + SEGMENT)).position(at);
        if (at + SEGMENT < BYTES) {
          socket.send(view, sink);
        } else {
          socket.send(Datagram.of(view).to(sink).tag(0), last);
        }
      }
      done.await();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /**
   * net.udp's {@code UdpBatch}: 64 datagrams per {@code send}, which the epoll provider hands the
   * kernel with one {@code sendmmsg} (nio: one by one). The views of the buffer are made once, so
   * a transfer allocates nothing; the last datagram carries the callback.
   */
  static final class Batched extends Bulk {
    private static final int PER_BATCH = 64;
    private final UdpSocket socket;
    private final InetSocketAddress sink;
    private final UdpBatch batch = new UdpBatch(PER_BATCH);
    private final Arrival done = new Arrival();
    private final SendCallback last = (tag, failure) -> done.arrived();
    private ByteBuffer[] views = new ByteBuffer[0];

    Batched(String provider, InetSocketAddress sink) {
      socket = Udp.provider(provider).newSocket().setSocketSendBuffer(4 << 20).listen("127.0.0.1", 0);
      this.sink = sink;
    }

    @Override
    void send(ByteBuffer data) {
      if (views.length == 0) {
        views = new ByteBuffer[DATAGRAMS];
        for (int i = 0; i < DATAGRAMS; i++) {
          views[i] = data.slice(i * SEGMENT, Math.min(SEGMENT, BYTES - i * SEGMENT));
        }
      }
      done.expect(1);
      for (int i = 0; i < DATAGRAMS; i += PER_BATCH) {
        batch.clear();
        for (int k = i; k < Math.min(DATAGRAMS, i + PER_BATCH); k++) {
          batch.add(views[k], sink, 0, k == DATAGRAMS - 1 ? last : null);
        }
        socket.send(batch);
      }
      done.await();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** net.udp's sendSegments: the epoll provider uses UDP_SEGMENT; nio splits the buffer. */
  static final class Segments extends Bulk {
    private final UdpSocket socket;
    private final InetSocketAddress sink;
    private final Arrival done = new Arrival();

    Segments(String provider, InetSocketAddress sink) {
      socket = Udp.provider(provider).newSocket().setSocketSendBuffer(4 << 20).listen("127.0.0.1", 0);
      this.sink = sink;
    }

    @Override
    void send(ByteBuffer data) {
      done.expect(1);
      socket.send(Datagram.of(data).to(sink).segments(SEGMENT).tag(0), (tag, failure) -> {
        if (failure != null) {
          throw failure;
        }
        done.arrived();
      });
      done.await();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** The plain JDK: a blocking channel, one send call per datagram. */
  static final class Jdk extends Bulk {
    private final DatagramChannel channel;
    private final InetSocketAddress sink;

    Jdk(InetSocketAddress sink) throws IOException {
      // Bound as the other contenders are (see Burst.Jdk).
      channel = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(PingPong.LOOPBACK, 0));
      this.sink = sink;
    }

    @Override
    void send(ByteBuffer data) throws IOException {
      ByteBuffer view = data.duplicate();
      for (int at = 0; at < BYTES; at += SEGMENT) {
        view.limit(Math.min(BYTES, at + SEGMENT)).position(at);
        channel.send(view, sink);
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

  /**
   * Netty 4.2's epoll transport: a packet per datagram, flushed once (its epoll transport flushes
   * with sendmmsg), or a {@code SegmentedDatagramPacket} per {@link #PER_CALL} datagrams (GSO).
   */
  static final class Netty extends Bulk {
    private final EventLoopGroup group;
    private final Channel channel;
    private final InetSocketAddress sink;
    private final boolean segmented;
    private final Arrival done = new Arrival();
    private ByteBuf wrapped = Unpooled.EMPTY_BUFFER;

    Netty(boolean segmented, InetSocketAddress sink) throws InterruptedException {
      group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
      channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .bind(new InetSocketAddress(PingPong.LOOPBACK, 0)).sync().channel();
      this.sink = sink;
      this.segmented = segmented;
    }

    @Override
    void send(ByteBuffer data) {
      if (wrapped.capacity() != BYTES) {
        wrapped = Unpooled.wrappedBuffer(data);
      }
      done.expect(1);
      int step = segmented ? SEGMENT * PER_CALL : SEGMENT;
      ChannelFuture last = null;
      for (int at = 0; at < BYTES; at += step) {
        ByteBuf part = wrapped.retainedSlice(at, Math.min(step, BYTES - at));
        last = channel.write(segmented ? new SegmentedDatagramPacket(part, SEGMENT, sink) : new DatagramPacket(part, sink));
      }
      channel.flush();
      java.util.Objects.requireNonNull(last, "nothing written").addListener(f -> {
        if (!f.isSuccess()) {
          throw new IllegalStateException("netty send failed", f.cause());
        }
        done.arrived();
      });
      done.await();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
