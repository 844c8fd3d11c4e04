package net.udp.testkit.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpCounters;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** Faults in closing, reopening and callbacks gone wrong: rule groups 9 and 12. */
final class LifeFaults {
  private LifeFaults() {}

  /** Channels the descriptor-leaking fault opened; closed when its case is over. */
  static final List<DatagramChannel> LEAKED = new CopyOnWriteArrayList<>();

  /** The one thread every socket of the shared-thread fault runs its callbacks on. */
  private static final ExecutorService ONE_THREAD = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "one-thread-for-all");
    t.setDaemon(true);
    return t;
  });

  /** How many sends the receive callback running on this thread made; for the overflow fault. */
  private static final ThreadLocal<int @Nullable []> IN_CALLBACK = new ThreadLocal<>();

  /** close only pretends: the socket goes on receiving, and calling back. */
  static UdpSocket callsBackAfterClose(UdpSocket socket, FaultyProvider provider) {
    AtomicBoolean closed = new AtomicBoolean();
    return new Delegating(socket) {
      @Override
      public void close() {
        closed.set(true);
      }

      @Override
      public boolean isClosed() {
        return closed.get() || delegate.isClosed();
      }
    };
  }

  /** A second close throws. */
  static UdpSocket secondCloseThrows(UdpSocket socket, FaultyProvider provider) {
    AtomicBoolean closed = new AtomicBoolean();
    return new Delegating(socket) {
      @Override
      public void close() {
        if (closed.getAndSet(true)) {
          throw new IllegalStateException("already closed");
        }
        super.close();
      }
    };
  }

  /** A callback that throws pauses its socket, as a reader that gives up on an exception would. */
  static UdpSocket throwingCallbackStopsDelivery(UdpSocket socket, FaultyProvider provider) {
    return pausesOn(socket, RuntimeException.class);
  }

  /** A socket whose reader gives up, pausing it, when a callback throws one kind of throwable. */
  private static UdpSocket pausesOn(UdpSocket socket, Class<? extends Throwable> kind) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          try {
            callback.onReceive(this, payload, sender);
          } catch (RuntimeException | Error e) {
            if (kind.isInstance(e)) {
              delegate.pause();
            }
            throw e;
          }
        };
      }
    };
  }

  /** Every socket's callbacks run on one shared thread, whatever executor it was given. */
  static UdpSocket oneThreadForAll(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setExecutor(@Nullable Executor executor) {
        return super.setExecutor(executor == null ? null : ONE_THREAD);
      }
    };
  }

  /** Every tenth listen opens a channel that nothing closes. */
  static UdpSocket leaksDescriptors(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(String host, int port) {
        if (provider.shared.incrementAndGet() % 10 == 0) {
          try {
            LEAKED.add(DatagramChannel.open());
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
        return super.listen(host, port);
      }
    };
  }

  /** Leaks the channel of a listen that fails, as an open that forgets to close it on error would. */
  static UdpSocket leaksFailedListens(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(String host, int port) {
        try {
          return super.listen(host, port);
        } catch (net.udp.UdpException e) {
          try {
            LEAKED.add(DatagramChannel.open());
          } catch (IOException notOpened) {
            e.addSuppressed(notOpened);
          }
          throw e;
        }
      }
    };
  }

  /** The counters of a closed socket carry over into its next opening. */
  static UdpSocket countersSurviveReopen(UdpSocket socket, FaultyProvider provider) {
    return carryOver(socket, (now, earlier) -> CountersBuilder.from(now)
        .sent(now.datagramsSent() + earlier.datagramsSent(), now.bytesSent() + earlier.bytesSent())
        .build());
  }

  /** Starts the send counters afresh on a reopen, but carries the receive counters over. */
  static UdpSocket receiveCountersSurviveReopen(UdpSocket socket, FaultyProvider provider) {
    return carryOver(socket, (now, earlier) -> CountersBuilder.from(now)
        .received(now.datagramsReceived() + earlier.datagramsReceived(), now.bytesReceived() + earlier.bytesReceived())
        .truncated(now.datagramsTruncated() + earlier.datagramsTruncated())
        .build());
  }

  /** Once opened again after a close, info() shows the counters merged with those at the close. */
  private static UdpSocket carryOver(UdpSocket socket, java.util.function.BinaryOperator<UdpCounters> merge) {
    return new Delegating(socket) {
      private volatile @Nullable UdpCounters earlier;

      @Override
      public void close() {
        earlier = delegate.info().counters();
        super.close();
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        UdpCounters e = earlier;
        return e == null || i.closed() ? i : SocketInfoBuilder.from(i).counters(merge.apply(i.counters(), e)).build();
      }
    };
  }

  /** receive and receiveOne on a closed socket do nothing, without an error. */
  static UdpSocket receiveOnClosedIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean opened;

      @Override
      public UdpSocket listen(String host, int port) {
        opened = true;
        return super.listen(host, port);
      }

      @Override
      public UdpSocket receive() {
        return opened && delegate.isClosed() ? this : super.receive();
      }

      @Override
      public UdpSocket receiveOne() {
        return opened && delegate.isClosed() ? this : super.receiveOne();
      }
    };
  }

  /** close while a callback runs only marks the socket; its port is freed when the callback returns. */
  static UdpSocket closeWaitsForTheCallback(UdpSocket socket, FaultyProvider provider) {
    AtomicInteger running = new AtomicInteger();
    AtomicBoolean closing = new AtomicBoolean();
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          running.incrementAndGet();
          try {
            if (!closing.get()) {
              callback.onReceive(this, payload, sender);
            }
          } finally {
            if (running.decrementAndGet() == 0 && closing.get()) {
              delegate.close();
            }
          }
        };
      }

      @Override
      public void close() {
        closing.set(true);
        if (running.get() == 0) {
          delegate.close();
        }
      }

      @Override
      public boolean isClosed() {
        return closing.get() || delegate.isClosed();
      }
    };
  }

  /** A callback's Error pauses its socket: the reader caught Exception, not Throwable. */
  static UdpSocket errorStopsDelivery(UdpSocket socket, FaultyProvider provider) {
    return pausesOn(socket, Error.class);
  }

  /** A task the executor throws on is lost. */
  static UdpSocket throwingExecutorLosesTasks(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setExecutor(@Nullable Executor executor) {
        return super.setExecutor(executor == null ? null : task -> {
          try {
            executor.execute(task);
          } catch (RuntimeException e) {
            // lost
          }
        });
      }
    };
  }

  /** The executor is read when the socket opens: replacing it later changes nothing. */
  static UdpSocket executorFixedAtOpen(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setExecutor(@Nullable Executor executor) {
        return delegate.isClosed() ? super.setExecutor(executor) : this;
      }
    };
  }

  /** A socket opened again delivers once more the last datagrams of its earlier opening. */
  static UdpSocket reopenReplaysOldDatagrams(UdpSocket socket, FaultyProvider provider) {
    ArrayDeque<Object[]> last = new ArrayDeque<>();
    return new Delegating(socket) {
      private volatile @Nullable ReceiveCallback callback;
      private volatile boolean closed;

      @Override
      protected ReceiveCallback wrap(ReceiveCallback c) {
        callback = c;
        return (s, payload, sender) -> {
          synchronized (last) {
            last.add(new Object[] {ReceiveFaults.copy(payload), sender});
            if (last.size() > 3) {
              last.poll();
            }
          }
          c.onReceive(this, payload, sender);
        };
      }

      @Override
      public void close() {
        closed = true;
        super.close();
      }

      @Override
      public UdpSocket listen(String host, int port) {
        super.listen(host, port);
        ReceiveCallback c = callback;
        if (closed && c != null) {
          closed = false;
          Object[][] replay;
          synchronized (last) {
            replay = last.toArray(new Object[0][]);
          }
          Thread.ofVirtual().start(() -> {
            for (Object[] d : replay) {
              c.onReceive(this, ((ByteBuffer) d[0]).duplicate(), (InetSocketAddress) d[1]);
            }
          });
        }
        return this;
      }
    };
  }

  /** With an executor, each datagram goes to it as a task that calls back without asking whether the socket was closed meanwhile. */
  static UdpSocket executorTasksIgnoreClose(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile @Nullable Executor executor;

      @Override
      public UdpSocket setExecutor(@Nullable Executor e) {
        executor = e;
        return this;
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          Executor e = executor;
          if (e == null) {
            callback.onReceive(this, payload, sender);
          } else {
            ByteBuffer copy = ReceiveFaults.copy(payload);
            e.execute(() -> callback.onReceive(this, copy, sender));
          }
        };
      }
    };
  }

  /** Sends made inside a receive callback wait for it to return, and those beyond the queue's capacity are lost. */
  static UdpSocket callbackSendsOverflow(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          IN_CALLBACK.set(new int[1]);
          try {
            callback.onReceive(this, payload, sender);
          } finally {
            IN_CALLBACK.remove();
          }
        };
      }

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int[] count = IN_CALLBACK.get();
        if (count != null && ++count[0] > UdpSocket.DEFAULT_SEND_QUEUE_CAPACITY) {
          return this;
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** Counts no callback that threw. */
  static UdpSocket uncountedCallbackFailures(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(i.counters()).callbackFailures(0).build()).build();
      }
    };
  }

  /**
   * Forgets to set SO_BROADCAST on the operating-system socket a reopen makes, while info() still
   * reports broadcast() from the settings it keeps.
   */
  static UdpSocket broadcastNotSetOnReopen(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean opened;
      private volatile boolean asked;

      @Override
      public UdpSocket broadcast(boolean enabled) {
        asked = enabled;
        return super.broadcast(enabled);
      }

      @Override
      public UdpSocket listen(String host, int port) {
        if (opened) {
          delegate.broadcast(false);
        }
        opened = true;
        return super.listen(host, port);
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return SocketInfoBuilder.from(i).broadcast(asked).build();
      }
    };
  }
}
