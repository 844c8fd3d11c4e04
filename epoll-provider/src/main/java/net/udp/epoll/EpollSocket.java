package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.udp.ReceiveCallback;
import net.udp.spi.AbstractUdpSocket;
import net.udp.spi.OpenRequest;
import net.udp.spi.PendingSend;
import org.jspecify.annotations.Nullable;

/**
 * A socket of the {@code epoll} provider: a non-blocking, close-on-exec descriptor served by one
 * {@link EpollLoop}. The API's rules live in {@link AbstractUdpSocket}; this class makes the
 * system calls. The descriptor is only ever closed on the loop thread, and user threads touch it
 * under {@link #fdLock} (or the send queue's lock, which close waits for), so that a descriptor
 * number the kernel reuses after close can never reach this socket's calls.
 */
final class EpollSocket extends AbstractUdpSocket {
  private static final System.Logger LOG = System.getLogger("net.udp");
  private static final int READ_ROUNDS = 4;
  private static final int SEND_FLAGS = Linux.MSG_DONTWAIT | Linux.MSG_NOSIGNAL;

  private final EpollLoop loop;
  private final Runnable updateInterest = this::updateInterest;
  private final Object fdLock = new Object();
  private volatile int fd = -1;
  private volatile long token;
  private volatile boolean ipv6;
  private volatile boolean writeWanted;
  private volatile int interest;
  private volatile long drops;
  boolean flushQueued; // loop thread only: already in the loop's list of sockets to flush

  EpollSocket(EpollLoop loop, @Nullable ReceiveCallback callback) {
    super(EpollProvider.NAME, callback);
    this.loop = loop;
  }

  long token() {
    return token;
  }

  // ------------------------------------------------------------------------------------- opening

  @Override
  protected void open(OpenRequest request) throws IOException {
    Scratch s = Scratch.get();
    boolean six = request.family() == StandardProtocolFamily.INET6;
    int newFd = Libc.socket(s.errno, six ? Linux.AF_INET6 : Linux.AF_INET, Linux.SOCK_DGRAM | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, 0);
    if (newFd < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
    long newToken = 0;
    try {
      if (six) {
        setInt(s, newFd, Linux.IPPROTO_IPV6, Linux.IPV6_V6ONLY, request.ipv6Only() ? 1 : 0);
      }
      if (request.reusePort()) {
        setInt(s, newFd, Linux.SOL_SOCKET, Linux.SO_REUSEPORT, 1);
      }
      setInt(s, newFd, Linux.SOL_SOCKET, Linux.SO_BROADCAST, request.broadcast() ? 1 : 0);
      if (request.socketReceiveBuffer() > 0) {
        setInt(s, newFd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, request.socketReceiveBuffer());
      }
      if (request.socketSendBuffer() > 0) {
        setInt(s, newFd, Linux.SOL_SOCKET, Linux.SO_SNDBUF, request.socketSendBuffer());
      }
      setInt(s, newFd, Linux.SOL_SOCKET, Linux.SO_RXQ_OVFL, 1);
      int length = Sockaddrs.encode(request.local(), six, s.address);
      if (Libc.bind(s.errno, newFd, s.address, length) < 0) {
        throw Errors.exception(Libc.errno(s.errno));
      }
      newToken = loop.register(this);
      token = newToken;
      interest = 0;
      loop.control(s, Linux.EPOLL_CTL_ADD, newFd, 0, newToken);
    } catch (IOException | RuntimeException e) {
      if (newToken != 0) {
        loop.unregister(newToken);
      }
      Libc.close(s.errno, newFd);
      throw e;
    }
    ipv6 = six;
    drops = 0;
    writeWanted = false;
    fd = newFd;
  }

  private static void setInt(Scratch s, int fd, int level, int option, int value) throws IOException {
    s.value.set(JAVA_INT, 0, value);
    if (Libc.setsockopt(s.errno, fd, level, option, s.value, 4) < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
  }

  @Override
  protected InetSocketAddress localAddressOs() throws IOException {
    synchronized (fdLock) {
      int f = openFd();
      Scratch s = Scratch.get();
      s.length.set(JAVA_INT, 0, (int) Linux.SOCKADDR_IN6.byteSize());
      if (Libc.getsockname(s.errno, f, s.address, s.length) < 0) {
        throw Errors.exception(Libc.errno(s.errno));
      }
      return Sockaddrs.decode(s.address);
    }
  }

  @Override
  protected void connectOs(InetSocketAddress peer) throws IOException {
    synchronized (fdLock) {
      int f = openFd();
      Scratch s = Scratch.get();
      int length = Sockaddrs.encode(peer, ipv6, s.address);
      if (Libc.connect(s.errno, f, s.address, length) < 0) {
        throw Errors.exception(Libc.errno(s.errno));
      }
    }
  }

  // ------------------------------------------------------------------------------------- closing

  @Override
  protected void closeOs() {
    int f = fd;
    if (f < 0) {
      return;
    }
    long t = token;
    if (loop.inLoop()) {
      closeOnLoop(f, t);
      return;
    }
    CountDownLatch closed = new CountDownLatch(1);
    loop.execute(() -> {
      closeOnLoop(f, t);
      closed.countDown();
    });
    try {
      if (!closed.await(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "net.udp: event loop busy for 5 s; " + this + " closes when it is free");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeOnLoop(int f, long t) {
    synchronized (fdLock) {
      if (fd != f) {
        return; // closed already
      }
      fd = -1;
      Scratch s = Scratch.get();
      Libc.epollCtl(s.errno, loop.epfd(), Linux.EPOLL_CTL_DEL, f, MemorySegment.NULL);
      Libc.close(s.errno, f);
      loop.unregister(t);
    }
  }

  // ------------------------------------------------------------------------------------- options

  @Override
  protected void setBroadcastOs(boolean enabled) throws IOException {
    synchronized (fdLock) {
      setInt(Scratch.get(), openFd(), Linux.SOL_SOCKET, Linux.SO_BROADCAST, enabled ? 1 : 0);
    }
  }

  @Override
  protected void setSocketBuffersOs(int receive, int send) throws IOException {
    synchronized (fdLock) {
      int f = openFd();
      if (receive > 0) {
        setInt(Scratch.get(), f, Linux.SOL_SOCKET, Linux.SO_RCVBUF, receive);
      }
      if (send > 0) {
        setInt(Scratch.get(), f, Linux.SOL_SOCKET, Linux.SO_SNDBUF, send);
      }
    }
  }

  @Override
  protected int socketReceiveBufferOs() throws IOException {
    synchronized (fdLock) {
      return getInt(openFd(), Linux.SOL_SOCKET, Linux.SO_RCVBUF);
    }
  }

  private static int getInt(int fd, int level, int option) throws IOException {
    Scratch s = Scratch.get();
    s.length.set(JAVA_INT, 0, 4);
    if (Libc.getsockopt(s.errno, fd, level, option, s.value, s.length) < 0) {
      throw Errors.exception(Libc.errno(s.errno));
    }
    return s.value.get(JAVA_INT, 0);
  }

  @Override
  protected OptionalLong kernelDrops() {
    return OptionalLong.of(drops);
  }

  @Override
  protected boolean hostSupportsIPv6() {
    return EpollProvider.ipv6Available();
  }

  // ------------------------------------------------------------------------------------- sending

  @Override
  protected boolean sendNow(ByteBuffer message, InetSocketAddress target) throws IOException {
    int f = openFd();
    Scratch s = Scratch.get();
    int length = s.target(target, ipv6);
    MemorySegment data = MemorySegment.ofBuffer(message); // a heap buffer is read in place: sendto is critical
    while (true) {
      long sent = Libc.sendto(s.errno, f, data, data.byteSize(), SEND_FLAGS, s.target, length);
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

  @Override
  protected int sendBatch(List<PendingSend> batch) throws IOException {
    if (!loop.inLoop()) {
      return super.sendBatch(batch);
    }
    int f = openFd();
    SendRing ring = loop.sendRing();
    ring.clear();
    boolean six = ipv6;
    for (PendingSend p : batch) {
      if (!ring.add(p.message(), p.target(), six)) {
        break;
      }
    }
    Scratch s = Scratch.get();
    while (true) {
      int sent = Libc.sendmmsg(s.errno, f, ring.messages, ring.count(), SEND_FLAGS);
      if (sent >= 0) {
        return sent;
      }
      int errno = Libc.errno(s.errno);
      if (errno == Linux.EAGAIN) {
        return 0;
      }
      if (errno != Linux.EINTR) {
        throw Errors.exception(errno);
      }
    }
  }

  /** Sends from this socket's loop wait for the end of the loop's turn, to leave together. */
  @Override
  protected boolean deferSend() {
    return loop.inLoop();
  }

  @Override
  protected void flushLater() {
    loop.flushLater(this);
  }

  @Override
  protected void writableInterest(boolean on) {
    writeWanted = on;
    interestChanged();
  }

  // ------------------------------------------------------------------------------------- receiving

  @Override
  protected void receiveAllowanceChanged() {
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
  protected void executeOnLoop(Runnable task) {
    loop.execute(task);
  }

  /** Sends what this socket's loop deferred. Loop thread only. */
  void flushDeferred() {
    flushQueued = false;
    if (fd >= 0) {
      flushSends();
    }
  }

  /** The loop found this socket ready. Loop thread only. */
  void serve(int mask) {
    if ((mask & (Linux.EPOLLIN | Linux.EPOLLERR)) != 0) {
      if (receiveAllowance() > 0) {
        readDatagrams();
      } else if ((mask & Linux.EPOLLERR) != 0) {
        reportPendingError(); // else the error stays pending and epoll reports it again at once
      }
    }
    if ((mask & Linux.EPOLLOUT) != 0 && fd >= 0) {
      flushSends();
    }
    updateInterest();
  }

  private void readDatagrams() {
    ReceiveRing ring = loop.receiveRing();
    Sockaddrs senders = loop.senders();
    MemorySegment errno = Scratch.get().errno;
    for (int round = 0; round < READ_ROUNDS; round++) {
      int f = fd;
      int allowance = receiveAllowance();
      if (f < 0 || allowance <= 0) {
        return;
      }
      int want = Math.min(ring.capacity, allowance);
      ring.reset(want);
      // Only a connected socket can have a pending error (an ICMP one) for recvmmsg to return:
      // an unconnected socket's -1 means "drained", and needs no errno (see Libc.recvmmsgDrain).
      boolean connected = isConnected();
      int n = connected
          ? Libc.recvmmsg(errno, f, ring.messages, want, Linux.MSG_DONTWAIT)
          : Libc.recvmmsgDrain(f, ring.messages, want, Linux.MSG_DONTWAIT);
      if (n < 0) {
        if (!connected) {
          return;
        }
        int e = Libc.errno(errno);
        if (e == Linux.EAGAIN) {
          return;
        }
        if (e != Linux.EINTR) {
          receiveFailed(Errors.exception(e)); // e.g. ICMP port unreachable on a connected socket
        }
        continue;
      }
      for (int i = 0; i < n; i++) {
        long d = ring.drops(i);
        if (d >= 0) {
          drops = d;
        }
        deliver(ring.view(i, ring.length(i)), senders.sender(ring.names(), ring.nameOffset(i)), ring.truncated(i));
        if (fd != f) {
          return; // a callback closed the socket: the rest of the batch is dropped with it
        }
      }
      if (n < want) {
        return; // drained
      }
    }
  }

  private void reportPendingError() {
    int f = fd;
    if (f < 0) {
      return;
    }
    try {
      int error = getInt(f, Linux.SOL_SOCKET, Linux.SO_ERROR);
      if (error != 0) {
        receiveFailed(Errors.exception(error));
      }
    } catch (IOException e) {
      receiveFailed(e);
    }
  }

  private void updateInterest() {
    int f = fd;
    if (f < 0) {
      return;
    }
    int want = (receiveAllowance() > 0 ? Linux.EPOLLIN : 0) | (writeWanted ? Linux.EPOLLOUT : 0);
    if (want != interest) {
      loop.control(Scratch.get(), Linux.EPOLL_CTL_MOD, f, want, token);
      interest = want;
    }
  }

  private int openFd() throws ClosedChannelException {
    int f = fd;
    if (f < 0) {
      throw new ClosedChannelException();
    }
    return f;
  }
}
