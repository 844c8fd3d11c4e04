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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.spi.AbstractUdpSocket;
import net.udp.spi.OpenRequest;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately plain provider for the testkit's own tests: one blocking {@link DatagramChannel}
 * and one reader thread per socket, and a per-socket executor as its "event loop". It shares no
 * code with the real providers but the SPI skeleton, so it shows the rules can be passed by an
 * independent implementation, and it is the base the faulty providers break.
 */
final class ThreadedProvider extends UdpProvider {
  @Override
  public String name() {
    return "threaded";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.ok();
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return new ThreadedSocket(callback);
  }

  /** A socket of this provider. */
  static final class ThreadedSocket extends AbstractUdpSocket {
    private static final boolean IPV6 = Rig.hasIPv6();

    // The "event loop": one thread, which ends when idle and comes back when needed.
    private final ThreadPoolExecutor loop =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "threaded-loop");
          t.setDaemon(true);
          return t;
        });
    private volatile @Nullable DatagramChannel channel;
    private volatile @Nullable Thread reader;

    ThreadedSocket(@Nullable ReceiveCallback callback) {
      super("threaded", callback);
      loop.allowCoreThreadTimeOut(true);
    }

    @Override
    protected void open(OpenRequest request) throws IOException {
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
      channel = ch;
      boolean dropIPv4 = request.family() == StandardProtocolFamily.INET6 && request.ipv6Only();
      Thread t = new Thread(() -> read(ch, dropIPv4), "threaded-reader");
      t.setDaemon(true);
      reader = t;
      t.start();
    }

    private void read(DatagramChannel ch, boolean dropIPv4) {
      while (ch.isOpen()) {
        if (receiveAllowance() == 0) {
          LockSupport.parkNanos(1_000_000); // woken early by receiveAllowanceChanged
          continue;
        }
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        SocketAddress from;
        try {
          from = ch.receive(buffer);
        } catch (ClosedChannelException e) { // closed, also while receiving
          return;
        } catch (IOException e) {
          loop.execute(() -> receiveFailed(e));
          continue;
        }
        InetSocketAddress sender = (InetSocketAddress) from;
        if (sender == null || (dropIPv4 && sender.getAddress() instanceof Inet4Address)) {
          continue;
        }
        buffer.flip();
        ByteBuffer payload = buffer.asReadOnlyBuffer();
        loop.execute(() -> deliver(payload, sender, false));
      }
    }

    @Override
    protected InetSocketAddress localAddressOs() throws IOException {
      return (InetSocketAddress) open().getLocalAddress();
    }

    @Override
    protected void connectOs(InetSocketAddress peer) throws IOException {
      open().connect(peer);
    }

    @Override
    protected void closeOs() {
      DatagramChannel ch = channel;
      channel = null;
      if (ch != null) {
        try {
          ch.close(); // a blocking channel's close waits for the reader to leave receive
        } catch (IOException e) {
          // closing anyway
        }
      }
    }

    @Override
    protected void setBroadcastOs(boolean enabled) throws IOException {
      open().setOption(StandardSocketOptions.SO_BROADCAST, enabled);
    }

    @Override
    protected void setSocketBuffersOs(int receive, int send) throws IOException {
      if (receive > 0) {
        open().setOption(StandardSocketOptions.SO_RCVBUF, receive);
      }
      if (send > 0) {
        open().setOption(StandardSocketOptions.SO_SNDBUF, send);
      }
    }

    @Override
    protected int socketReceiveBufferOs() throws IOException {
      return open().getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    protected void receiveAllowanceChanged() {
      Thread t = reader;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }

    @Override
    protected boolean sendNow(ByteBuffer message, InetSocketAddress target) throws IOException {
      int position = message.position();
      try {
        open().send(message, target); // blocking: always sent, or an exception
        return true;
      } finally {
        message.position(position);
      }
    }

    @Override
    protected void writableInterest(boolean on) {
      if (on) {
        loop.execute(this::flushSends); // a blocking socket is always writable
      }
    }

    @Override
    protected void executeOnLoop(Runnable task) {
      loop.execute(task);
    }

    @Override
    protected boolean hostSupportsIPv6() {
      return IPV6;
    }

    private DatagramChannel open() throws ClosedChannelException {
      DatagramChannel ch = channel;
      if (ch == null) {
        throw new ClosedChannelException();
      }
      return ch;
    }
  }
}
