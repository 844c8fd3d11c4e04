package net.udp.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A Netty 4.2 datagram channel, NIO or native epoll, with auto-read switched on to receive. The
 * epoll channel reads with recvmmsg, up to {@code batch} datagrams a call, as Netty does when
 * {@code MAX_DATAGRAM_PAYLOAD_SIZE} is set and its buffers hold several.
 */
final class NettyReceiver implements Receiver {
  private final EventLoopGroup group;
  private final Channel channel;
  private final Arrival arrival = new Arrival();
  private long checksum;

  NettyReceiver(boolean epoll, int payload, int batch) throws InterruptedException {
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    group = new MultiThreadIoEventLoopGroup(1, io);
    FixedRecvByteBufAllocator buffers =
        new FixedRecvByteBufAllocator(epoll ? Math.max(1, payload) * batch : Math.max(payload, 2048));
    buffers.maxMessagesPerRead(batch);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.SO_RCVBUF, 64 << 20)
            .option(ChannelOption.RECVBUF_ALLOCATOR, buffers)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    DatagramPacket packet = (DatagramPacket) msg;
                    ByteBuf content = packet.content();
                    if (content.isReadable()) {
                      checksum += content.getByte(content.readerIndex());
                    }
                    packet.release();
                    arrival.arrived();
                  }
                });
    if (epoll) {
      bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, Math.max(1, payload));
    }
    channel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void receive(int count) throws InterruptedException {
    arrival.expect(count);
    channel.config().setAutoRead(true);
    arrival.await();
    // Off the event loop, setAutoRead(false) takes effect later: pause on the loop, and wait.
    channel.eventLoop().submit(() -> channel.config().setAutoRead(false)).sync();
  }

  @Override
  public void pinDeliveringThread(int cpu) throws InterruptedException {
    channel.eventLoop().submit(() -> Affinity.pin(cpu)).sync();
  }

  @Override
  public void startReceiving() {
    channel.config().setAutoRead(true);
  }

  @Override
  public void stopReceiving() throws InterruptedException {
    channel.eventLoop().submit(() -> channel.config().setAutoRead(false)).sync();
  }

  @Override
  public void runFor(long nanos) {
    java.util.concurrent.locks.LockSupport.parkNanos(nanos);
  }

  @Override
  public long delivered() {
    return arrival.total();
  }

  @Override
  public long checksum() {
    return checksum;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
