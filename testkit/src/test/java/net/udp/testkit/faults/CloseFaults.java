package net.udp.testkit.faults;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults in what close promises, its future, and where callbacks run. */
final class CloseFaults {
  private CloseFaults() {}

  private static final ExecutorService HAND_OFF = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "unwatched-hand-off");
    t.setDaemon(true);
    return t;
  });

  /**
   * Each datagram is handed to a thread of the provider's own that close knows nothing of, so a
   * callback may still run, or begin, after close returned.
   */
  static UdpSocket handsCallbacksOffUnwatched(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          ByteBuffer copy = ReceiveFaults.copy(payload);
          HAND_OFF.execute(() -> callback.onReceive(this, copy, sender));
        };
      }
    };
  }

  /** The close future completes when close begins, before close waits for a running callback. */
  static UdpSocket closeFutureCompletesEarly(UdpSocket socket, FaultyProvider provider) {
    return new OwnFuture(socket) {
      @Override
      public void close() {
        complete();
        super.close();
      }
    };
  }

  /** Every caller gets the socket's own close future, which a caller can complete. */
  static UdpSocket sharesTheCloseFuture(UdpSocket socket, FaultyProvider provider) {
    return new OwnFuture(socket) {
      @Override
      public CompletableFuture<Void> closeFuture() {
        return current();
      }
    };
  }

  /** The close future of the first life stands for every later one. */
  static UdpSocket oneCloseFutureForEveryLife(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private @Nullable CompletableFuture<Void> first;

      @Override
      public synchronized CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> f = first;
        if (f == null) {
          f = delegate.closeFuture();
          first = f;
        }
        return f.copy();
      }
    };
  }

  /** Concurrent callbacks are asked for and ignored: callbacks stay one at a time. */
  static UdpSocket ignoresConcurrentCallbacks(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setConcurrentCallbacks(boolean enabled) {
        return this;
      }
    };
  }

  /** Receive and send callbacks run under a lock of the provider's. */
  static UdpSocket callbacksUnderALock(UdpSocket socket, FaultyProvider provider) {
    Object lock = new Object();
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          synchronized (lock) {
            callback.onReceive(this, payload, sender);
          }
        };
      }

      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          synchronized (lock) {
            callback.onSent(tag, failure);
          }
        };
      }
    };
  }

  /**
   * The sends a close finds waiting are failed 300 ms later, from a thread of the
   * provider's that holds a lock of the socket, as a loop that fails them on its next timer tick,
   * under the send queue's lock, would; other callbacks are clean.
   */
  static UdpSocket closeFailuresToldLaterUnderALock(UdpSocket socket, FaultyProvider provider) {
    Object lock = new Object();
    Executor later = CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS, HAND_OFF);
    return new Delegating(socket) {
      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          if (failure instanceof UdpClosedException) {
            later.execute(() -> {
              synchronized (lock) {
                callback.onSent(tag, failure);
              }
            });
          } else {
            callback.onSent(tag, failure);
          }
        };
      }
    };
  }

  /** A close future of the wrapper's own, completed after close and renewed by an open after it. */
  private static class OwnFuture extends Delegating {
    private CompletableFuture<Void> future = new CompletableFuture<>(); // guarded by this

    OwnFuture(UdpSocket delegate) {
      super(delegate);
    }

    synchronized CompletableFuture<Void> current() {
      return future;
    }

    void complete() {
      current().complete(null);
    }

    private synchronized void renew() {
      if (future.isDone()) {
        future = new CompletableFuture<>();
      }
    }

    @Override
    public void close() {
      delegate.close();
      complete();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
      return current().copy();
    }

    @Override
    public UdpSocket listen(int port) {
      super.listen(port);
      renew();
      return this;
    }

    @Override
    public UdpSocket listen(String host, int port) {
      super.listen(host, port);
      renew();
      return this;
    }

    @Override
    public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
      super.connect(host, port, onConnected);
      renew();
      return this;
    }
  }

  /** A send without a destination after close fails as "not connected", not as closed. */
  static UdpSocket closedWriteFailsAsNotConnected(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
        if (!delegate.isClosed() || onSent == null) {
          return super.write(message, tag, onSent);
        }
        UdpException wrong = new UdpException("send: the datagram has no destination and the socket is not connected");
        HAND_OFF.execute(() -> onSent.onSent(tag, wrong));
        return this;
      }
    };
  }

  /** A socket closed while receiving and opened again receives at once, as if receive() still held. */
  static UdpSocket keepsReceivingAcrossAReopen(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean wasReceiving;

      @Override
      public void close() {
        wasReceiving = delegate.info().receiving();
        super.close();
      }

      @Override
      public UdpSocket listen(String host, int port) {
        super.listen(host, port);
        if (wasReceiving) {
          delegate.receive();
        }
        return this;
      }
    };
  }

  /** close() of a socket never opened does nothing: its first send opens it. */
  static UdpSocket closeOfANeverOpenedSocketIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public void close() {
        if (delegate.info().localAddress() != null) {
          super.close();
        }
      }
    };
  }
}
