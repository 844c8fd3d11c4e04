package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * One event loop: a platform daemon thread with an epoll instance and an eventfd that wakes it.
 * It owns a confined arena with its receive ring, send ring and event buffer, so that no native
 * memory is allocated per datagram and none is shared between threads. Sockets are found from
 * an event by a token (slot and generation), never by descriptor number, which the kernel reuses.
 */
final class EpollLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("net.udp");
  private static final long WAKE_TOKEN = -1L;
  private static final int MAX_EVENTS = 256;

  private final String name;
  private final int batch;
  private final int epfd;
  private final int eventfd;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final Object slotLock = new Object();
  private volatile AtomicReferenceArray<@Nullable EpollSocket> slots = new AtomicReferenceArray<>(64);
  private int generation; // guarded by slotLock

  // Confined to the loop thread; set when it starts.
  private @Nullable ReceiveRing receiveRing;
  private @Nullable SendRing sendRing;
  private final Sockaddrs senders = new Sockaddrs();
  private final java.util.ArrayDeque<EpollSocket> toFlush = new java.util.ArrayDeque<>(); // loop thread only

  EpollLoop(String name, int batch) {
    this.name = name;
    this.batch = batch;
    Scratch scratch = Scratch.get();
    epfd = Libc.epollCreate1(scratch.errno, Linux.EPOLL_CLOEXEC);
    if (epfd < 0) {
      throw new UncheckedIOException("epoll_create1 for " + name, Errors.exception(Libc.errno(scratch.errno)));
    }
    eventfd = Libc.eventfd(scratch.errno, 0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
    if (eventfd < 0) {
      throw new UncheckedIOException("eventfd for " + name, Errors.exception(Libc.errno(scratch.errno)));
    }
    control(scratch, Linux.EPOLL_CTL_ADD, eventfd, Linux.EPOLLIN, WAKE_TOKEN);
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  int epfd() {
    return epfd;
  }

  /** Runs a task on the loop, later, never inside this call. */
  void execute(Runnable task) {
    tasks.add(task);
    if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
      Scratch scratch = Scratch.get();
      MemorySegment one = scratch.address; // 8 bytes of scratch: the eventfd increment
      one.set(JAVA_LONG_UNALIGNED, 0, 1L);
      while (Libc.write(scratch.errno, eventfd, one, 8) < 0 && Libc.errno(scratch.errno) == Linux.EINTR) {
        // retry
      }
    }
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

  /** Forgets a socket's token. */
  void unregister(long token) {
    synchronized (slotLock) {
      slots.set((int) token, null);
    }
  }

  /** Adds, changes or removes a descriptor's interest; any thread. */
  void control(Scratch scratch, int op, int fd, int interest, long token) {
    MemorySegment event = scratch.address; // sizeof(epoll_event) <= sizeof(sockaddr_in6)
    event.set(JAVA_INT_UNALIGNED, Linux.EPOLL_EVENTS, interest);
    event.set(JAVA_LONG_UNALIGNED, Linux.EPOLL_DATA, token);
    if (Libc.epollCtl(scratch.errno, epfd, op, fd, event) < 0) {
      throw new UncheckedIOException("epoll_ctl", Errors.exception(Libc.errno(scratch.errno)));
    }
  }

  /**
   * Flushes a socket's deferred sends before the loop next waits for events. Loop thread only.
   *
   * @param socket the socket
   */
  void flushLater(EpollSocket socket) {
    if (!socket.flushQueued) {
      socket.flushQueued = true;
      toFlush.add(socket);
    }
  }

  private void flushDeferred() {
    for (EpollSocket socket = toFlush.poll(); socket != null; socket = toFlush.poll()) {
      socket.flushDeferred();
    }
  }

  ReceiveRing receiveRing() {
    ReceiveRing ring = receiveRing;
    if (ring == null) {
      throw new IllegalStateException("not on the loop thread");
    }
    return ring;
  }

  SendRing sendRing() {
    SendRing ring = sendRing;
    if (ring == null) {
      throw new IllegalStateException("not on the loop thread");
    }
    return ring;
  }

  Sockaddrs senders() {
    return senders;
  }

  @Override
  public void run() {
    try (Arena confined = Arena.ofConfined()) { // the loop's memory, for as long as the loop runs
      receiveRing = new ReceiveRing(confined, batch);
      sendRing = new SendRing(confined, batch);
      serve(confined.allocate(Linux.EPOLL_EVENT.byteSize() * MAX_EVENTS, 8), confined.allocate(8, 8));
    }
  }

  private void serve(MemorySegment eventBuffer, MemorySegment wakeBuffer) {
    Scratch scratch = Scratch.get();
    while (true) {
      try {
        runTasks();
        flushDeferred();
        wakeupPending.set(false);
        int ready = Libc.epollWait(scratch.errno, epfd, eventBuffer, MAX_EVENTS, tasks.isEmpty() && toFlush.isEmpty() ? -1 : 0);
        if (ready < 0) {
          if (Libc.errno(scratch.errno) != Linux.EINTR) {
            LOG.log(Level.ERROR, "net.udp: epoll_wait failed on " + name + ": " + Libc.strerror(Libc.errno(scratch.errno)));
          }
          continue;
        }
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
          }
        }
        flushDeferred(); // what callbacks sent during this turn, in batches
      } catch (Throwable t) {
        LOG.log(Level.ERROR, "net.udp: unexpected failure in " + name + "; the loop goes on", t);
        if (t instanceof VirtualMachineError e) {
          throw e;
        }
      }
    }
  }

  private void runTasks() {
    for (int budget = 1024; budget > 0; budget--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "net.udp: a task failed on " + name, e);
      }
    }
  }
}
