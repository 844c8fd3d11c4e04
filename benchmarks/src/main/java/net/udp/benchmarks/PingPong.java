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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import net.udp.Udp;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;

/** A client and an echo server of one contender, on loopback: one round trip per call. */
abstract class PingPong implements AutoCloseable {
  static final int SIZE = 64;
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Sends one 64-byte datagram to the echo server and waits for it to come back. */
  abstract void roundTrip() throws Exception;

  @Override
  public abstract void close();

  static PingPong of(Contender contender) throws Exception {
    return switch (contender) {
      case EPOLL, NIO -> new OurPingPong(Udp.provider(contender.label));
      case EPOLL_GRO -> throw new IllegalArgumentException("ping-pong has no epoll-gro: one datagram at a time is never coalesced");
      case EPOLL_META -> throw new IllegalArgumentException("ping-pong has no epoll-meta: the drain measures what metadata costs");
      case JDK -> new JdkPingPong();
      case NETTY_NIO -> new NettyPingPong(false);
      case NETTY_EPOLL -> new NettyPingPong(true);
    };
  }

  /** net.udp: both ends sockets of one provider; the echo happens in the server's callback. */
  static final class OurPingPong extends PingPong {
    private final UdpSocket server;
    private final UdpSocket client;
    private final Arrival replies = new Arrival();
    private final InetSocketAddress serverAddress;
    private final ByteBuffer ping = ByteBuffer.allocateDirect(SIZE);

    OurPingPong(UdpProvider provider) {
      server = provider.newSocket((socket, payload, from) -> socket.send(payload, from)).listen("127.0.0.1", 0).receive();
      client = provider.newSocket((socket, payload, from) -> replies.arrived()).listen("127.0.0.1", 0).receive();
      serverAddress = new InetSocketAddress(LOOPBACK, server.info().localPort());
    }

    @Override
    void roundTrip() {
      replies.expect(1);
      client.send(ping, serverAddress);
      replies.await();
    }

    @Override
    public void close() {
      client.close();
      server.close();
    }
  }

  /** The plain JDK: blocking channels, the echo on a thread of its own. */
  static final class JdkPingPong extends PingPong {
    private final DatagramChannel server;
    private final DatagramChannel client;
    private final Thread echo;
    private final ByteBuffer ping = ByteBuffer.allocateDirect(SIZE);
    private final ByteBuffer pong = ByteBuffer.allocateDirect(2048);

    JdkPingPong() throws IOException {
      server = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0));
      client = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0));
      client.connect(server.getLocalAddress());
      echo = new Thread(this::echo, "jdk-echo");
      echo.setDaemon(true);
      echo.start();
    }

    private void echo() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
      try {
        while (true) {
          buffer.clear();
          var from = server.receive(buffer);
          buffer.flip();
          server.send(buffer, from);
        }
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    void roundTrip() throws IOException {
      ping.clear();
      client.write(ping);
      pong.clear();
      client.read(pong);
    }

    @Override
    public void close() {
      try {
        client.close();
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Netty 4.2: two channels, the echo in the server's handler. */
  static final class NettyPingPong extends PingPong {
    private final EventLoopGroup group;
    private final Channel server;
    private final Channel client;
    private final Arrival replies = new Arrival();
    private final InetSocketAddress serverAddress;
    private final ByteBuf ping = Unpooled.directBuffer(SIZE).writeZero(SIZE);

    NettyPingPong(boolean epoll) throws InterruptedException {
      group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
      Class<? extends Channel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
      server = new Bootstrap().group(group).channel(type).handler(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          DatagramPacket packet = (DatagramPacket) msg;
          var _ = ctx.writeAndFlush(new DatagramPacket(packet.content(), packet.sender()));
        }
      }).bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
      client = new Bootstrap().group(group).channel(type).handler(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ((DatagramPacket) msg).release();
          replies.arrived();
        }
      }).bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
      serverAddress = (InetSocketAddress) server.localAddress();
    }

    @Override
    void roundTrip() {
      replies.expect(1);
      var _ = client.writeAndFlush(new DatagramPacket(ping.retainedDuplicate(), serverAddress));
      replies.await();
    }

    @Override
    public void close() {
      client.close().syncUninterruptibly();
      server.close().syncUninterruptibly();
      ping.release();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
