package net.udp.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.udp.ReceiveCallback;
import net.udp.spi.AbstractUdpSocket;
import net.udp.spi.OpenRequest;
import org.jspecify.annotations.Nullable;

/**
 * A socket of the {@code nio} provider: one {@link DatagramChannel}, served by one {@link
 * NioLoop}. The API's rules live in {@link AbstractUdpSocket}; this class makes the calls.
 *
 * <p>Two limits of {@code DatagramChannel} show through. It cannot set {@code IPV6_V6ONLY}, so an
 * IPv6-only socket is a dual-stack one that drops IPv4 datagrams and refuses IPv4 destinations
 * (the IPv4 port stays taken). And it reports an empty datagram that the kernel refused because
 * its send buffer was full as sent, since both return 0.
 */
final class NioUdpSocket extends AbstractUdpSocket {
  private static final System.Logger LOG = System.getLogger("net.udp");
  private static final int READS_PER_TURN = 256; // then back to select, so that other sockets get their turn
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final NioLoop loop;
  private final Runnable updateInterest = this::updateInterest;
  private volatile @Nullable DatagramChannel channel;
  private volatile @Nullable SelectionKey key;
  private volatile boolean dropIPv4; // IPv6-only, emulated
  private volatile boolean writeWanted;

  NioUdpSocket(NioLoop loop, @Nullable ReceiveCallback callback) {
    super(NioProvider.NAME, callback);
    this.loop = loop;
  }

  @Override
  protected void open(OpenRequest request) throws IOException {
    DatagramChannel ch = DatagramChannel.open(request.family());
    try {
      ch.configureBlocking(false);
      if (request.reusePort()) {
        if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
          throw new IOException("reusePort is not supported on this system");
        }
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      if (request.broadcast()) {
        ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
      }
      if (request.socketReceiveBuffer() > 0) {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, request.socketReceiveBuffer());
      }
      if (request.socketSendBuffer() > 0) {
        ch.setOption(StandardSocketOptions.SO_SNDBUF, request.socketSendBuffer());
      }
      ch.bind(request.local());
      key = ch.register(loop.selector(), 0, this);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    dropIPv4 = request.family() == StandardProtocolFamily.INET6 && request.ipv6Only();
    writeWanted = false;
    channel = ch;
    loop.execute(updateInterest);
  }

  @Override
  protected InetSocketAddress localAddressOs() throws IOException {
    SocketAddress local = open().getLocalAddress();
    if (local == null) {
      throw new ClosedChannelException();
    }
    return (InetSocketAddress) local;
  }

  @Override
  protected void connectOs(InetSocketAddress peer) throws IOException {
    open().connect(peer);
  }

  @Override
  protected void closeOs() {
    DatagramChannel ch = channel;
    SelectionKey k = key;
    channel = null;
    key = null;
    if (ch == null) {
      return;
    }
    if (loop.inLoop()) {
      closeOnLoop(ch, k);
      return;
    }
    CountDownLatch closed = new CountDownLatch(1);
    loop.execute(
        () -> {
          closeOnLoop(ch, k);
          closed.countDown();
        });
    try {
      if (!closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        // The loop is stuck in a callback: close from here; the port frees at its next select.
        LOG.log(Level.WARNING, "net.udp: event loop busy for " + CLOSE_WAIT_SECONDS + " s; closing " + this + " without it");
        closeQuietly(ch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(ch);
    }
  }

  private void closeOnLoop(DatagramChannel ch, @Nullable SelectionKey k) {
    if (k != null) {
      k.cancel();
    }
    closeQuietly(ch);
    loop.flushCancelledKeys(); // deregisters the key, which really closes the descriptor
  }

  private static void closeQuietly(DatagramChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "net.udp: close failed", e);
    }
  }

  @Override
  protected void setBroadcastOs(boolean enabled) throws IOException {
    open().setOption(StandardSocketOptions.SO_BROADCAST, enabled);
  }

  @Override
  protected void setSocketBuffersOs(int receive, int send) throws IOException {
    DatagramChannel ch = open();
    if (receive > 0) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, receive);
    }
    if (send > 0) {
      ch.setOption(StandardSocketOptions.SO_SNDBUF, send);
    }
  }

  @Override
  protected int socketReceiveBufferOs() throws IOException {
    return open().getOption(StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  protected void receiveAllowanceChanged() {
    interestChanged();
  }

  @Override
  protected void writableInterest(boolean on) {
    writeWanted = on;
    interestChanged();
  }

  private void interestChanged() {
    if (loop.inLoop()) {
      updateInterest();
    } else {
      loop.execute(updateInterest);
    }
  }

  @Override
  protected boolean sendNow(ByteBuffer message, InetSocketAddress target) throws IOException {
    int position = message.position();
    int length = message.remaining();
    try {
      int sent = open().send(message, target);
      return sent > 0 || length == 0; // 0 means "would block", except for an empty datagram
    } finally {
      message.position(position);
    }
  }

  @Override
  protected void executeOnLoop(Runnable task) {
    loop.execute(task);
  }

  @Override
  protected boolean hostSupportsIPv6() {
    return NioProvider.ipv6Available();
  }

  /** The loop found the channel ready: reads and writes what it may. Loop thread only. */
  void serve(int readyOps) {
    if ((readyOps & SelectionKey.OP_READ) != 0) {
      readDatagrams();
    }
    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
      flushSends();
    }
    updateInterest();
  }

  private void readDatagrams() {
    DatagramChannel ch = channel;
    ByteBuffer buffer = loop.readBuffer();
    ByteBuffer view = loop.readView();
    for (int i = 0; i < READS_PER_TURN && ch != null && receiveAllowance() > 0; i++) {
      SocketAddress from;
      buffer.clear();
      try {
        from = ch.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        receiveFailed(e); // e.g. ICMP port unreachable on a connected socket; the socket stays open
        continue;
      }
      if (from == null) {
        return;
      }
      InetSocketAddress sender = (InetSocketAddress) from;
      if (dropIPv4 && sender.getAddress() instanceof Inet4Address) {
        continue;
      }
      view.limit(buffer.position()).position(0);
      deliver(view, sender, false);
      ch = channel; // a callback may have closed the socket
    }
  }

  private void updateInterest() {
    SelectionKey k = key;
    if (k == null || !k.isValid()) {
      return;
    }
    int ops = (receiveAllowance() > 0 ? SelectionKey.OP_READ : 0) | (writeWanted ? SelectionKey.OP_WRITE : 0);
    try {
      if (k.interestOps() != ops) {
        k.interestOps(ops);
      }
    } catch (java.nio.channels.CancelledKeyException e) {
      // closed meanwhile
    }
  }

  private DatagramChannel open() throws ClosedChannelException {
    DatagramChannel ch = channel;
    if (ch == null) {
      throw new ClosedChannelException();
    }
    return ch;
  }
}
