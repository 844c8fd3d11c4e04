package net.udp.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.Locale;
import java.util.OptionalLong;
import jdk.net.ExtendedSocketOptions;
import net.udp.provider.KernelDrops;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.Outgoing;
import net.udp.provider.SocketEvents;
import org.jspecify.annotations.Nullable;

/**
 * One open socket of the {@code nio} provider: a {@link DatagramChannel} registered with a {@link
 * NioLoop}.
 *
 * <p>Two limits of {@code DatagramChannel} show through. It cannot set {@code IPV6_V6ONLY}, so an
 * IPv6-only socket is a dual-stack one that drops IPv4 datagrams and refuses IPv4 destinations
 * (the IPv4 port stays taken). It reports an empty datagram that the kernel refused because its
 * send buffer was full as sent, since both return 0. And on a connected channel it cannot send an
 * empty datagram at all: such a send fails with the reason.
 */
final class NioSocket implements OsSocket {
  private static final System.Logger LOG = System.getLogger("net.udp");
  private static final int READS_PER_TURN = 256; // then back to select, so that other sockets get their turn
  private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

  private final NioLoop loop;
  private final DatagramChannel channel;
  /** Whether java.nio's IP_TOS marks every datagram, to IPv4 and IPv6 peers: checked on Linux only. */
  private static final boolean TOS_PER_SEND = System.getProperty("os.name", "").startsWith("Linux");

  private volatile boolean dontFragment; // written under the kit's state lock
  private int tos; // the channel's TOS byte: 0, or the ECN codepoint of the last marked send; under the send lock
  private final SelectionKey key;
  private final SocketEvents events;
  private final boolean ipv6;
  private final boolean dropIPv4; // IPv6-only, emulated
  private volatile boolean connected;
  private volatile boolean closed;

  private NioSocket(NioLoop loop, DatagramChannel channel, SelectionKey key, SocketEvents events, OpenRequest request) {
    this.loop = loop;
    this.channel = channel;
    this.key = key;
    this.events = events;
    this.ipv6 = request.family() == StandardProtocolFamily.INET6;
    this.dropIPv4 = ipv6 && request.ipv6Only();
  }

  /** Opens, configures, binds and registers a channel, watching for nothing yet. */
  static NioSocket open(NioLoop loop, OpenRequest request, SocketEvents events) throws IOException {
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
      SelectionKey key;
      try {
        key = ch.register(loop.selector(), 0);
      } catch (ClosedSelectorException e) {
        throw new IOException(loop + " has stopped (its loop group was closed)", e);
      }
      NioSocket socket = new NioSocket(loop, ch, key, events, request);
      key.attach(socket);
      return socket;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    SocketAddress local = channel.getLocalAddress();
    if (local == null) {
      throw new ClosedChannelException();
    }
    return (InetSocketAddress) local;
  }

  @Override
  public void connect(InetSocketAddress peer) throws IOException {
    channel.connect(peer); // the JDK discards what arrived before
    connected = true;
  }

  @Override
  public Membership join(InetAddress group, NetworkInterface networkInterface, @Nullable InetAddress source) throws IOException {
    MembershipKey key = source == null ? channel.join(group, networkInterface) : channel.join(group, networkInterface, source);
    return new Membership() {
      @Override
      public void block(InetAddress blocked) throws IOException {
        key.block(blocked);
      }

      @Override
      public void unblock(InetAddress blocked) {
        key.unblock(blocked);
      }

      @Override
      public void drop() {
        key.drop();
      }
    };
  }

  @Override
  public void setMulticastInterface(NetworkInterface networkInterface) throws IOException {
    channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
  }

  @Override
  public void setMulticastTtl(int hops) throws IOException {
    channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, hops);
  }

  @Override
  public void setMulticastLoopback(boolean enabled) throws IOException {
    channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, enabled);
  }

  @Override
  public int multicastTtl() throws IOException {
    return channel.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
  }

  @Override
  public boolean multicastLoopback() throws IOException {
    return channel.getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
  }

  @Override
  public void setDontFragment(boolean enabled) throws IOException {
    channel.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, enabled);
    dontFragment = enabled;
  }

  @Override
  public boolean dontFragment() {
    return dontFragment;
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
    // On Linux the kernel doubles the size it is given (for its bookkeeping) and getsockopt says
    // so; the JDK halves what getsockopt says, so that a size set reads back the same. The API
    // promises what getsockopt reports, as the epoll provider gives it.
    int size = channel.getOption(StandardSocketOptions.SO_RCVBUF);
    return LINUX ? 2 * size : size;
  }

  @Override
  public OptionalLong drops() {
    try {
      return LINUX ? KernelDrops.ofLocalAddress(localAddress(), ipv6) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Sends one datagram. With an ECN codepoint: java.nio has none per datagram, so the channel's TOS
   * byte is set to it first (a system call only when it changes), and back to 0 for a datagram
   * without one. A source address it cannot give.
   */
  @Override
  public boolean send(Outgoing datagram) throws IOException {
    int ecn = datagram.ecn();
    if (datagram.source() != null) {
      throw new UnsupportedOperationException(
          "the nio provider cannot choose a datagram's source address (java.nio has no IP_PKTINFO); bind the socket to it, or use the epoll provider");
    }
    if (ecn >= 0 && !TOS_PER_SEND) {
      throw new UnsupportedOperationException("the nio provider marks datagrams with ECN only on Linux, where java.nio's IP_TOS reaches"
          + " IPv4 and IPv6 peers alike; elsewhere send without a codepoint");
    }
    int wanted = Math.max(ecn, 0);
    if (tos != wanted) {
      setTos(wanted);
    }
    return sendAsIs(datagram.payload(), datagram.target());
  }

  private void setTos(int value) throws IOException {
    channel.setOption(StandardSocketOptions.IP_TOS, value); // on an IPv6 channel, the traffic class
    tos = value;
  }

  private boolean sendAsIs(ByteBuffer payload, InetSocketAddress target) throws IOException {
    int position = payload.position();
    int length = payload.remaining();
    if (length == 0 && connected) {
      // A connected DatagramChannel writes nothing for an empty buffer and says 0: a failure with
      // the reason is honest, success would not be (the seed's own fault).
      throw new IOException("the nio provider cannot send an empty datagram on a connected socket (java.nio's DatagramChannel"
          + " writes nothing for an empty buffer); send it from an unconnected socket, or use the epoll provider");
    }
    if (length == 0 && !loop.writableNow(channel)) {
      return false; // for an empty datagram, send's 0 could not tell "sent" from "refused": asked first
    }
    try {
      int sent = channel.send(payload, target);
      return sent > 0 || length == 0; // 0 means "would block", except for an empty datagram, sent with room
    } finally {
      payload.position(position);
    }
  }

  @Override
  public void updateInterest() {
    if (closed) {
      return;
    }
    int ops = (events.receiveAllowance() > 0 ? SelectionKey.OP_READ : 0) | (events.wantsWritable() ? SelectionKey.OP_WRITE : 0);
    try {
      if (key.interestOps() != ops) {
        key.interestOps(ops);
      }
    } catch (CancelledKeyException e) {
      // closed meanwhile
    }
  }

  @Override
  public void close() {
    closed = true;
    loop.awaitSystemCall(this);
    key.cancel();
    try {
      channel.close();
      loop.deregisterCancelled(); // the descriptor closes, and the port frees, here
    } catch (IOException e) {
      LOG.log(Level.WARNING, "net.udp: closing " + events.socket() + " failed", e);
    }
  }

  /** The loop found the channel ready: reads and writes what it may. Loop thread only. */
  void serve(int readyOps) {
    if ((readyOps & SelectionKey.OP_READ) != 0) {
      readDatagrams();
    }
    if ((readyOps & SelectionKey.OP_WRITE) != 0 && !closed) {
      events.writable();
    }
    updateInterest();
  }

  private void readDatagrams() {
    ByteBuffer buffer = loop.readBuffer();
    ByteBuffer view = loop.readView();
    for (int i = 0; i < READS_PER_TURN && events.receiveAllowance() > 0; i++) {
      SocketAddress from;
      buffer.clear();
      loop.enterSystemCall(this);
      try {
        if (closed) {
          return;
        }
        from = channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        events.receiveFailed(e); // e.g. ICMP port unreachable on a connected socket; the socket stays open
        continue;
      } finally {
        loop.exitSystemCall();
      }
      if (from == null) {
        return;
      }
      InetSocketAddress sender = (InetSocketAddress) from;
      if (dropIPv4 && sender.getAddress() instanceof Inet4Address) {
        continue;
      }
      view.limit(buffer.position()).position(0);
      events.received(view, sender, false);
    }
  }
}
