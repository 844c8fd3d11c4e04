package net.udp.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import net.udp.provider.EventLoop;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SocketEvents;
import org.jspecify.annotations.Nullable;

/**
 * One event loop of the {@code nio} provider: the kit's loop over a {@link Selector}. Ready keys
 * are collected during {@code select} and served after it returns, with the ready operations
 * seen then, so that a callback may close a socket and its key can be deregistered at once.
 */
final class NioLoop extends EventLoop {
  /** Big enough for the largest UDP datagram plus one byte, which reveals truncation. */
  static final int READ_BUFFER_SIZE = 65_536;

  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  private final ByteBuffer readView = readBuffer.asReadOnlyBuffer();
  private final Consumer<SelectionKey> collect = this::collect;
  private final AtomicInteger closers = new AtomicInteger(); // threads waiting to deregister keys
  private final Object probeLock = new Object();
  private @Nullable Selector probe; // guarded by probeLock; see writableNow
  private SelectionKey[] ready = new SelectionKey[64];
  private int[] readyOps = new int[64];
  private int readyCount;

  NioLoop(int number) {
    super(NioProvider.NAME, "net.udp-nio-" + number);
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for net.udp-nio-" + number, e);
    }
  }

  @Override
  public OsSocket open(OpenRequest request, SocketEvents events) throws IOException {
    return NioSocket.open(this, request, events);
  }

  @Override
  protected int serve(boolean block) throws IOException {
    // A closing thread waits to run a select of its own (see deregisterCancelled): let it have the
    // selector first, or this thread, back in select at once, could keep it from it for good.
    while (closers.get() > 0) {
      LockSupport.parkNanos(10_000);
    }
    readyCount = 0;
    if (block) {
      selector.select(collect);
    } else {
      selector.selectNow(collect);
    }
    int served = readyCount;
    for (int i = 0; i < readyCount; i++) {
      SelectionKey key = ready[i];
      ready[i] = null;
      try {
        if (key.isValid() && key.attachment() instanceof NioSocket socket) {
          socket.serve(readyOps[i]);
        }
      } catch (CancelledKeyException e) {
        // closed by a callback while being served: nothing more to do for it
      }
    }
    readyCount = 0;
    return served;
  }

  @Override
  protected void wakeup() {
    selector.wakeup();
  }

  @Override
  protected void stopped() {
    try {
      selector.close();
      synchronized (probeLock) {
        Selector p = probe;
        probe = null;
        if (p != null) {
          p.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("closing the selectors of " + this, e);
    }
  }

  Selector selector() {
    return selector;
  }

  /** The loop's read buffer: one datagram at a time, reused. Loop thread only. */
  ByteBuffer readBuffer() {
    return readBuffer;
  }

  /** A read-only view of {@link #readBuffer()}, handed to callbacks. Loop thread only. */
  ByteBuffer readView() {
    return readView;
  }

  /**
   * Deregisters cancelled keys now, from any thread, so that their channels' descriptors close: a
   * channel registered with a selector keeps its descriptor, and its port, until a select
   * deregisters its key. Another thread's select waits for the loop's to end (the wakeup ends it,
   * and the loop does not select again while a closer waits) and never for a callback; the
   * readiness it takes is reported again, selects being level-triggered.
   *
   * @throws IOException when the select fails
   */
  void deregisterCancelled() throws IOException {
    if (!selector.isOpen()) {
      return; // the loop has stopped: its selector's keys went with it
    }
    if (inLoop()) {
      selector.selectNow(NioLoop::ignore);
      return;
    }
    closers.incrementAndGet();
    try {
      selector.wakeup(); // the loop may be blocked in select, holding the selector
      selector.selectNow(NioLoop::ignore);
    } catch (ClosedSelectorException e) {
      // the loop stopped meanwhile: as above
    } finally {
      closers.decrementAndGet();
      selector.wakeup(); // in case this select took a wakeup that was meant for the loop
    }
  }

  /**
   * Whether the kernel has room in a channel's send buffer now. {@code DatagramChannel.send}
   * returns 0 both for an empty datagram sent and for any datagram refused because the buffer is
   * full, so before an empty datagram the provider asks epoll (through a second selector of this
   * loop's) instead of guessing. The channel is registered for the question only, and deregistered
   * before the answer is returned: a channel keeps its descriptor, and its port, while registered.
   * Any thread; the kit sends one socket's datagrams one at a time, so no other send can fill the
   * buffer between the answer and the send, and "writable" means room for an empty datagram.
   *
   * @param channel a channel of this loop's
   * @return whether a datagram may be sent without being refused
   * @throws IOException when the channel is closed, or the selector fails
   */
  boolean writableNow(DatagramChannel channel) throws IOException {
    synchronized (probeLock) {
      Selector p = probe;
      if (p == null) {
        p = Selector.open();
        probe = p;
      }
      SelectionKey key = channel.register(p, SelectionKey.OP_WRITE);
      try {
        return p.selectNow() > 0 && key.isWritable();
      } finally {
        key.cancel();
        p.selectedKeys().clear();
        p.selectNow(); // deregisters the key now
      }
    }
  }

  private static void ignore(SelectionKey key) {}

  private void collect(SelectionKey key) {
    int ops;
    try {
      ops = key.readyOps();
    } catch (CancelledKeyException e) {
      return; // its socket was closed by another thread since the selector found it ready
    }
    if (readyCount == ready.length) {
      ready = Arrays.copyOf(ready, ready.length * 2);
      readyOps = Arrays.copyOf(readyOps, readyOps.length * 2);
    }
    ready[readyCount] = key;
    readyOps[readyCount++] = ops;
  }
}
