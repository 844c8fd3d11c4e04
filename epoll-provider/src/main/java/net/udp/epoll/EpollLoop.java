package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.udp.provider.EventLoop;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SocketEvents;
import org.jspecify.annotations.Nullable;

/**
 * One event loop of the {@code epoll} provider: the kit's loop over an epoll instance, woken by an
 * eventfd. It owns a confined arena with its receive ring, send ring and event buffer, so that no
 * native memory is allocated per datagram and none is shared between threads. Sockets are found
 * from an event by a token (slot and generation), never by descriptor number, which the kernel
 * reuses.
 */
final class EpollLoop extends EventLoop {
  private static final System.Logger LOG = System.getLogger("net.udp");
  private static final long WAKE_TOKEN = -1L;
  private static final int MAX_EVENTS = 256;

  private final int number;
  private final int batch;
  private final boolean pin;
  private final int epfd;
  private final int eventfd;
  private final Object slotLock = new Object();
  private volatile AtomicReferenceArray<@Nullable EpollSocket> slots = new AtomicReferenceArray<>(64);
  private int generation; // guarded by slotLock
  private final Sockaddrs senders = new Sockaddrs(); // loop thread only
  private final BatchPool batches;

  // Confined to the loop thread; set when it starts.
  private @Nullable ReceiveRing receiveRing;
  private @Nullable SendRing sendRing;
  private MemorySegment eventBuffer = MemorySegment.NULL;
  private MemorySegment wakeBuffer = MemorySegment.NULL;
  private @Nullable Arena memory;
  private final Object descriptors = new Object(); // held to use epfd or eventfd from another thread, and to close them
  private boolean descriptorsClosed; // guarded by descriptors

  /**
   * Makes loop {@code number} (from 1).
   *
   * @param pin whether the loop's thread runs only on the {@code number}th CPU the process may use
   */
  EpollLoop(int number, int batch, boolean pin) {
    super(EpollProvider.NAME, "net.udp-epoll-" + number);
    this.number = number;
    this.batch = batch;
    this.pin = pin;
    this.batches = new BatchPool(batch);
    Scratch scratch = Scratch.get();
    epfd = Libc.epollCreate1(scratch.errno, Linux.EPOLL_CLOEXEC);
    if (epfd < 0) {
      throw new UncheckedIOException("epoll_create1 for " + this, Errors.exception(Libc.errno(scratch.errno)));
    }
    eventfd = Libc.eventfd(scratch.errno, 0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
    if (eventfd < 0) {
      throw new UncheckedIOException("eventfd for " + this, Errors.exception(Libc.errno(scratch.errno)));
    }
    control(scratch, Linux.EPOLL_CTL_ADD, eventfd, Linux.EPOLLIN, WAKE_TOKEN);
  }

  @Override
  public OsSocket open(OpenRequest request, SocketEvents events) throws IOException {
    return EpollSocket.open(this, request, events);
  }

  @Override
  @SuppressWarnings("MustBeClosedChecker") // the loop's memory lives as long as its thread: stopped() frees it
  protected void started() {
    if (pin && EpollCpus.pinCallingThread(number - 1) < 0) {
      LOG.log(System.Logger.Level.WARNING, "net.udp.epoll.pin: the kernel refused to pin {0} to a CPU; it runs where the scheduler puts it", this);
    }
    Arena confined = Arena.ofConfined();
    memory = confined;
    receiveRing = new ReceiveRing(confined, batch);
    sendRing = new SendRing(confined, batch);
    eventBuffer = confined.allocate(Linux.EPOLL_EVENT.byteSize() * MAX_EVENTS, 8);
    wakeBuffer = confined.allocate(8, 8);
  }

  @Override
  protected void stopped() {
    receiveRing = null;
    sendRing = null;
    Arena confined = memory;
    memory = null;
    if (confined != null) {
      confined.close();
    }
    Scratch scratch = Scratch.get();
    synchronized (descriptors) { // no wake-up or epoll_ctl may reach the numbers once another file has them
      descriptorsClosed = true;
      Libc.close(scratch.errno, eventfd);
      Libc.close(scratch.errno, epfd);
    }
  }

  @Override
  protected int serve(boolean block) throws IOException {
    Scratch scratch = Scratch.get();
    int ready = Libc.epollWait(scratch.errno, epfd, eventBuffer, MAX_EVENTS, block ? -1 : 0);
    if (ready < 0) {
      int errno = Libc.errno(scratch.errno);
      if (errno != Linux.EINTR) {
        throw new IOException("epoll_wait: " + Libc.strerror(errno));
      }
      return 0;
    }
    int served = 0;
    for (int i = 0; i < ready; i++) {
      long base = Linux.EPOLL_EVENT.byteSize() * i;
      int mask = eventBuffer.get(JAVA_INT_UNALIGNED, base + Linux.EPOLL_EVENTS);
      long token = eventBuffer.get(JAVA_LONG_UNALIGNED, base + Linux.EPOLL_DATA);
      if (token == WAKE_TOKEN) {
        Libc.read(scratch.errno, eventfd, wakeBuffer, 8); // resets the counter
        continue;
      }
      EpollSocket socket = slots.get((int) token);
      if (socket != null && socket.token() == token) {
        socket.serve(mask);
        served++;
      }
    }
    return served;
  }

  @Override
  protected void wakeup() {
    Scratch scratch = Scratch.get();
    MemorySegment one = scratch.address; // 8 bytes of scratch: the eventfd increment
    one.set(JAVA_LONG_UNALIGNED, 0, 1L);
    synchronized (descriptors) {
      if (descriptorsClosed) {
        return; // the loop has ended: nothing to wake
      }
      while (Libc.write(scratch.errno, eventfd, one, 8) < 0 && Libc.errno(scratch.errno) == Linux.EINTR) {
        // retry
      }
    }
  }

  /**
   * Takes a descriptor out of the epoll set, before it is closed; any thread. Once the loop has
   * stopped there is no set to leave, and its number may be another file's: nothing is done.
   */
  void forget(Scratch scratch, int fd) {
    synchronized (descriptors) {
      if (!descriptorsClosed) {
        Libc.epollCtl(scratch.errno, epfd, Linux.EPOLL_CTL_DEL, fd, MemorySegment.NULL);
      }
    }
  }

  /** The number of datagrams one recvmmsg or sendmmsg carries. */
  int batch() {
    return batch;
  }

  /**
   * Registers a socket and returns its token. Any thread.
   *
   * @param socket the socket
   * @return the token its events carry
   */
  long register(EpollSocket socket) {
    synchronized (slotLock) {
      AtomicReferenceArray<@Nullable EpollSocket> current = slots;
      int free = -1;
      for (int i = 0; i < current.length(); i++) {
        if (current.get(i) == null) {
          free = i;
          break;
        }
      }
      if (free < 0) {
        AtomicReferenceArray<@Nullable EpollSocket> grown = new AtomicReferenceArray<>(current.length() * 2);
        for (int i = 0; i < current.length(); i++) {
          grown.set(i, current.get(i));
        }
        free = current.length();
        slots = grown;
        current = grown;
      }
      current.set(free, socket);
      generation++;
      return ((long) generation << 32) | free;
    }
  }

  /** Forgets a socket's token. Any thread. */
  void unregister(long token) {
    synchronized (slotLock) {
      slots.set((int) token, null);
    }
  }

  /** Adds or changes a descriptor's interest; any thread. */
  void control(Scratch scratch, int op, int fd, int interest, long token) {
    MemorySegment event = scratch.address; // sizeof(epoll_event) <= sizeof(sockaddr_in6)
    event.set(JAVA_INT_UNALIGNED, Linux.EPOLL_EVENTS, interest);
    event.set(JAVA_LONG_UNALIGNED, Linux.EPOLL_DATA, token);
    synchronized (descriptors) {
      if (descriptorsClosed) {
        throw new UncheckedIOException(this + " has stopped: its loop group was closed", new IOException("epoll_ctl on a closed epoll instance"));
      }
      if (Libc.epollCtl(scratch.errno, epfd, op, fd, event) < 0) {
        throw new UncheckedIOException("epoll_ctl", Errors.exception(Libc.errno(scratch.errno)));
      }
    }
  }

  ReceiveRing receiveRing() {
    ReceiveRing ring = receiveRing;
    if (ring == null || !inLoop()) {
      throw new IllegalStateException("not on the loop thread");
    }
    return ring;
  }

  SendRing sendRing() {
    SendRing ring = sendRing;
    if (ring == null || !inLoop()) {
      throw new IllegalStateException("not on the loop thread");
    }
    return ring;
  }

  /** The batches this loop lends its sockets for the sends their callbacks make. Any thread. */
  BatchPool batches() {
    return batches;
  }

  /** The loop's cache of received senders. Loop thread only. */
  Sockaddrs senders() {
    return senders;
  }
}
