package net.udp.testkit;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.provider.EventLoop;
import net.udp.provider.LoopGroup;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SocketEvents;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately plain provider for the testkit's own tests: one blocking {@link DatagramChannel}
 * and one reader thread per socket, on the provider kit. It shares with the real providers only
 * the kit, so it shows that the rules can be passed by another transport, and it is the base the
 * faulty providers break.
 */
final class ThreadedProvider extends UdpProvider {
  private static final LoopGroup<Loop> LOOPS = new LoopGroup<>(2, Loop::new);

  @Override
  public String name() {
    return "threaded";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String apiVersion() {
    return API_VERSION;
  }

  @Override
  public Availability availability() {
    return Availability.ok();
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return LOOPS.next().newSocket(callback);
  }

  /** The "event loop": it serves no descriptors, so it only waits to be woken for its tasks. */
  static final class Loop extends EventLoop {
    private final Semaphore wake = new Semaphore(0);

    Loop(int number) {
      super("threaded", "threaded-loop-" + number);
    }

    @Override
    public OsSocket open(OpenRequest request, SocketEvents events) throws IOException {
      return Socket.open(this, request, events);
    }

    @Override
    protected void serve(boolean block) {
      if (block) {
        wake.acquireUninterruptibly();
      }
      wake.drainPermits();
    }

    @Override
    protected void wakeup() {
      wake.release();
    }
  }

  /** A blocking channel and the thread that reads it, posting each datagram to the loop. */
  static final class Socket implements OsSocket {
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");

    private final Loop loop;
    private final DatagramChannel channel;
    private final SocketEvents events;
    private final boolean dropIPv4;
    private final Thread reader;
    private volatile boolean closed;

    private Socket(Loop loop, DatagramChannel channel, SocketEvents events, boolean dropIPv4) {
      this.loop = loop;
      this.channel = channel;
      this.events = events;
      this.dropIPv4 = dropIPv4;
      this.reader = new Thread(this::read, "threaded-reader");
      reader.setDaemon(true);
    }

    static Socket open(Loop loop, OpenRequest request, SocketEvents events) throws IOException {
      DatagramChannel ch = DatagramChannel.open(request.family());
      try {
        if (request.reusePort()) {
          ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        ch.setOption(StandardSocketOptions.SO_BROADCAST, request.broadcast());
        if (request.socketReceiveBuffer() > 0) {
          ch.setOption(StandardSocketOptions.SO_RCVBUF, request.socketReceiveBuffer());
        }
        ch.bind(request.local());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      Socket socket = new Socket(loop, ch, events, request.family() == StandardProtocolFamily.INET6 && request.ipv6Only());
      socket.reader.start();
      return socket;
    }

    private void read() {
      while (!closed) {
        if (events.receiveAllowance() == 0) {
          LockSupport.parkNanos(1_000_000); // woken early by updateInterest
          continue;
        }
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        SocketAddress from;
        try {
          from = channel.receive(buffer);
        } catch (ClosedChannelException e) { // closed, also while receiving
          return;
        } catch (IOException e) {
          loop.execute(() -> events.receiveFailed(e));
          continue;
        }
        InetSocketAddress sender = (InetSocketAddress) from;
        if (sender == null || (dropIPv4 && sender.getAddress() instanceof Inet4Address)) {
          continue;
        }
        buffer.flip();
        ByteBuffer payload = buffer.asReadOnlyBuffer();
        loop.execute(() -> events.received(payload, sender, false));
      }
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
      return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void connect(InetSocketAddress peer) throws IOException {
      channel.connect(peer);
    }

    @Override
    public void setBroadcast(boolean enabled) throws IOException {
      channel.setOption(StandardSocketOptions.SO_BROADCAST, enabled);
    }

    @Override
    public void setReceiveBufferSize(int bytes) throws IOException {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
    }

    @Override
    public void setSendBufferSize(int bytes) throws IOException {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
    }

    @Override
    public int receiveBufferSize() throws IOException {
      // The JDK halves what getsockopt says on Linux (the kernel doubles the size it is given);
      // the API promises what getsockopt says.
      int size = channel.getOption(StandardSocketOptions.SO_RCVBUF);
      return LINUX ? 2 * size : size;
    }

    @Override
    public boolean send(ByteBuffer payload, InetSocketAddress target) throws IOException {
      int position = payload.position();
      try {
        channel.send(payload, target); // blocking: always sent, or an exception
        return true;
      } finally {
        payload.position(position);
      }
    }

    @Override
    public void updateInterest() {
      LockSupport.unpark(reader);
      if (events.wantsWritable()) {
        loop.execute(() -> events.writable()); // a blocking socket is always writable
      }
    }

    @Override
    public void close() {
      closed = true;
      try {
        channel.close();
        // The JDK signals a reader blocked in receive and returns: the socket, and its port, go
        // when the reader has left the kernel. Wait for it, as close promises a free port.
        reader.join(1_000);
      } catch (IOException e) {
        // closing anyway
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
