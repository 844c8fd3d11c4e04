package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import net.udp.UdpMetadata;
import net.udp.provider.KernelDrops;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SendBatch;
import net.udp.provider.Outgoing;
import net.udp.provider.SocketEvents;
import org.jspecify.annotations.Nullable;

/**
 * One open socket of the {@code epoll} provider: a non-blocking, close-on-exec descriptor served
 * by one {@link EpollLoop}, which reads it with {@code recvmmsg} and sends its gathered datagrams
 * with {@code sendmmsg}.
 *
 * <p>The descriptor is closed by whichever thread closes the socket, at once: the loop marks each
 * system call it makes on the descriptor and checks {@link #closed} after marking, and {@link
 * #close()} sets it, then waits for a marked call to end before closing. So the loop never touches
 * a descriptor number the kernel may already have given to another socket, and the port is free
 * when {@code close} returns even while a callback runs on the loop.
 */
final class EpollSocket implements OsSocket {
  private static final int SEND_FLAGS = Linux.MSG_DONTWAIT | Linux.MSG_NOSIGNAL;
  private static final int DISCARD_LIMIT = 1 << 20; // a peer flooding while we connect cannot keep us here


  private final EpollLoop loop;
  private final SocketEvents events;
  private final int fd;
  private final boolean ipv6;
  private volatile long token;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile boolean segmentation = true; // until the kernel or the route refuses it
  private volatile boolean receiveOffload; // written under the kit's state lock
  private final EpollMetadata metadata = new EpollMetadata(); // filled by the loop for each datagram
  private final EpollReads reads;
  private volatile boolean dontFragment; // written under the kit's state lock
  private int interest; // loop thread only

  private EpollSocket(EpollLoop loop, SocketEvents events, int fd, boolean ipv6) {
    this.loop = loop;
    this.events = events;
    this.fd = fd;
    this.ipv6 = ipv6;
    this.reads = new EpollReads(this, loop, events, fd, metadata);
  }

  /** Opens, configures, binds and registers a descriptor, watching for nothing yet. */
  static EpollSocket open(EpollLoop loop, OpenRequest request, SocketEvents events) throws IOException {
    Scratch s = Scratch.get();
    boolean six = request.family() == StandardProtocolFamily.INET6;
    int fd = Libc.socket(s.errno, six ? Linux.AF_INET6 : Linux.AF_INET, Linux.SOCK_DGRAM | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
    long token = 0;
    try {
      EpollOptions.configure(s, fd, request);
      int length = Sockaddrs.encode(request.local(), six, s.address);
      if (Libc.bind(s.errno, fd, s.address, length) < 0) {
        throw Errors.exception(Libc.errno(s.errno));
      }
      EpollSocket socket = new EpollSocket(loop, events, fd, six);
      token = loop.register(socket);
      socket.token = token;
      loop.control(s, Linux.EPOLL_CTL_ADD, fd, 0, token);
      return socket;
    } catch (IOException | RuntimeException e) {
      if (token != 0) {
        loop.unregister(token);
      }
      Libc.close(s.errno, fd);
      throw e;
    }
  }

  long token() {
    return token;
  }

  /** Whether the socket was closed: the loop checks after marking a system call. */
  boolean closed() {
    return closed;
  }

  /** Whether the socket is connected, so that a read can return its pending error. */
  boolean connected() {
    return connected;
  }

  // ------------------------------------------------------------------ calls from the kit, under its locks

  @Override
  public int maxSegments() {
    return segmentation ? EpollGso.MAX_SEGMENTS : 1;
  }

  @Override
  public long sendSegments(Outgoing segments, int segmentSize, int perGroup) throws IOException {
    InetSocketAddress target = segments.target();
    InetAddress source = segments.source();
    checkSource(target, source);
    return EpollGso.send(fd, ipv6, segments.payload(), segmentSize, perGroup, target, segments.ecn(), source, errno -> {
      if (errno == Linux.EIO) {
        segmentation = false; // a device without checksum offload: it will refuse every time (as quinn-udp learned)
      }
    });
  }

  @Override
  public boolean setReceiveOffload(boolean enabled) throws IOException {
    receiveOffload = EpollOptions.receiveOffload(fd, enabled);
    return receiveOffload;
  }

  @Override
  public boolean receiveOffload() {
    return receiveOffload;
  }

  @Override
  public void setDontFragment(boolean enabled) throws IOException {
    EpollMtu.dontFragment(fd, ipv6, enabled);
    dontFragment = enabled;
  }

  @Override
  public boolean dontFragment() {
    return dontFragment;
  }

  @Override
  public int pathMtu() {
    return connected ? EpollMtu.pathMtu(fd, ipv6) : -1;
  }

  @Override
  public boolean steerByCpu(int members) throws IOException {
    return EpollCpus.steerByCpu(fd, members);
  }

  @Override
  public int pathMtuTo(InetSocketAddress target) {
    return EpollMtu.pathMtuTo(target);
  }

  @Override
  public Set<UdpMetadata> setReceiveMetadata(Set<UdpMetadata> what) throws IOException {
    metadata.enabled(EpollMetadata.enable(fd, true, ipv6, what));
    return metadata.enabled();
  }

  @Override
  public Set<UdpMetadata> receiveMetadata() {
    return metadata.enabled();
  }

  @Override
  public Membership join(InetAddress group, NetworkInterface networkInterface, @Nullable InetAddress source) throws IOException {
    return EpollMulticast.join(fd, group, networkInterface, source);
  }

  @Override
  public void setMulticastInterface(NetworkInterface networkInterface) throws IOException {
    EpollMulticast.setInterface(fd, ipv6, networkInterface);
  }

  @Override
  public void setMulticastTtl(int hops) throws IOException {
    EpollMulticast.setTtl(fd, ipv6, hops);
  }

  @Override
  public void setMulticastLoopback(boolean enabled) throws IOException {
    EpollMulticast.setLoopback(fd, ipv6, enabled);
  }

  @Override
  public int multicastTtl() throws IOException {
    return EpollMulticast.ttl(fd, ipv6);
  }

  @Override
  public boolean multicastLoopback() throws IOException {
    return EpollMulticast.loopback(fd, ipv6);
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    Scratch s = Scratch.get();
    s.length.set(JAVA_INT, 0, (int) Linux.SOCKADDR_IN6.byteSize());
    if (Libc.getsockname(s.errno, fd, s.address, s.length) < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
    return Sockaddrs.decode(s.address);
  }

  @Override
  public void connect(InetSocketAddress peer) throws IOException {
    Scratch s = Scratch.get();
    int length = Sockaddrs.encode(peer, ipv6, s.address);
    if (Libc.connect(s.errno, fd, s.address, length) < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
    connected = true;
    discardQueued(s);
  }

  /**
   * Discards what arrived before the connect, as the JDK's channels do (and so the nio provider),
   * so that both providers agree: a read of a few bytes takes a whole datagram off the queue.
   */
  private void discardQueued(Scratch s) {
    for (int i = 0; i < DISCARD_LIMIT; i++) {
      if (Libc.read(s.errno, fd, s.value, 4) < 0 && Libc.errno(s.errno) != Linux.EINTR) {
        return; // EAGAIN: the queue is empty
      }
    }
  }

  @Override
  public void setBroadcast(boolean enabled) throws IOException {
    EpollOptions.setInt(fd, Linux.SOL_SOCKET, Linux.SO_BROADCAST, enabled ? 1 : 0);
  }

  @Override
  public void setReceiveBufferSize(int bytes) throws IOException {
    EpollOptions.setInt(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, bytes);
  }

  @Override
  public void setSendBufferSize(int bytes) throws IOException {
    EpollOptions.setInt(fd, Linux.SOL_SOCKET, Linux.SO_SNDBUF, bytes);
  }

  @Override
  public int receiveBufferSize() throws IOException {
    return EpollOptions.getInt(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF);
  }

  /**
   * The kernel's count as of now, from {@code /proc}; where that cannot be read, the last count the
   * kernel attached to a received datagram ({@code SO_RXQ_OVFL}), which lags until the next one.
   */
  @Override
  public OptionalLong drops() {
    OptionalLong now = KernelDrops.ofDescriptor(fd);
    return now.isPresent() ? now : OptionalLong.of(reads.drops());
  }

  /** Without ECN or source, one {@code sendto}; with either, one {@code sendmsg} with its control messages. */
  @Override
  public boolean send(Outgoing datagram) throws IOException {
    if (datagram.ecn() < 0 && datagram.source() == null) {
      return sendTo(datagram.payload(), datagram.target());
    }
    checkSource(datagram.target(), datagram.source());
    SendBatch one = loop.batches().borrow(fd, ipv6); // sendmsg with its control messages, through a ring of one
    try {
      if (!one.add(datagram)) {
        throw new SocketException("a datagram of " + datagram.payload().remaining() + " bytes does not fit a send batch");
      }
      return one.send(0) > 0;
    } finally {
      one.giveBack();
    }
  }

  private boolean sendTo(ByteBuffer payload, InetSocketAddress target) throws IOException {
    Scratch s = Scratch.get();
    int length = s.target(target, ipv6);
    MemorySegment data = MemorySegment.ofBuffer(payload); // a heap buffer is read in place: sendto is critical
    // The common case, without the cost of capturing errno. Only unconnected: a connected socket
    // may hold an ICMP error that a failed sendto would consume, and the try that learns errno
    // would then send without it. An unconnected one has none, so a failed first try is this
    // datagram's own failure, and trying again tells why.
    if (!connected && Libc.sendtoFirst(fd, data, data.byteSize(), SEND_FLAGS, s.target, length) >= 0) {
      return true;
    }
    while (true) {
      long sent = Libc.sendto(s.errno, fd, data, data.byteSize(), SEND_FLAGS, s.target, length);
      if (sent >= 0) {
        return true;
      }
      int errno = Libc.errno(s.errno);
      if (errno == Linux.EAGAIN) {
        return false;
      }
      if (errno != Linux.EINTR) {
        throw Errors.exception(errno);
      }
    }
  }

  private static void checkSource(InetSocketAddress target, @Nullable InetAddress source) throws SocketException {
    if (!SendControls.fits(target.getAddress() instanceof Inet4Address, source)) {
      throw new SocketException("the source address " + java.util.Objects.requireNonNull(source).getHostAddress()
          + " is not of the destination's family");
    }
  }

  @Override
  public SendBatch borrowBatch() {
    return loop.batches().borrow(fd, ipv6);
  }

  @Override
  public int batchSize() {
    return loop.batch();
  }

  /** On the loop, one {@code sendmmsg} through the loop's send ring; elsewhere one at a time. */
  @Override
  public int send(List<? extends Outgoing> batch) throws IOException {
    if (!loop.inLoop()) {
      return OsSocket.super.send(batch);
    }
    SendRing ring = loop.sendRing();
    ring.clear();
    for (Outgoing datagram : batch) {
      if (!ring.add(datagram.payload(), datagram.target(), ipv6, datagram.ecn(), datagram.source())) {
        break;
      }
    }
    return ring.send(fd, 0);
  }

  @Override
  public void close() {
    closed = true;
    loop.awaitSystemCall(this);
    Scratch s = Scratch.get();
    // Out of the epoll set first: since Linux 6.10, epoll_wait holds a reference to a ready file
    // while it harvests its events, and a close then would leave the last reference, and the
    // port, to the loop thread. EPOLL_CTL_DEL waits for a harvest under way (both take the epoll
    // instance's mutex), and epoll touches the file no more after it.
    loop.forget(s, fd);
    Libc.close(s.errno, fd); // the last reference: the port is free when this returns
    loop.unregister(token);
  }

  // ------------------------------------------------------------------ the loop thread

  @Override
  public void updateInterest() {
    int want = (events.receiveAllowance() > 0 ? Linux.EPOLLIN : 0) | (events.wantsWritable() ? Linux.EPOLLOUT : 0);
    if (want == interest) {
      return;
    }
    loop.enterSystemCall(this);
    try {
      if (!closed) {
        loop.control(Scratch.get(), Linux.EPOLL_CTL_MOD, fd, want, token);
        interest = want;
      }
    } finally {
      loop.exitSystemCall();
    }
  }

  /** The loop found this socket ready. */
  void serve(int mask) {
    if ((mask & (Linux.EPOLLIN | Linux.EPOLLERR)) != 0) {
      if (events.receiveAllowance() > 0) {
        reads.read();
      } else if ((mask & Linux.EPOLLERR) != 0) {
        reads.reportPendingError(); // else the error stays pending and epoll reports it again at once
      }
    }
    if ((mask & Linux.EPOLLOUT) != 0 && !closed) {
      events.writable();
    }
    updateInterest();
  }
}
