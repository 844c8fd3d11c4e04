package net.udp.testkit.faults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.SendCallback;
import net.udp.UdpClosedException;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults of the send queue and its back-pressure: rules UDP-15.3 to 15.5. */
final class QueueFaults {
  private QueueFaults() {}

  /** Says there is always room: whenWritable is complete and isWritable true, whatever the queue holds. */
  static UdpSocket alwaysWritable(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public boolean isWritable() {
        return true;
      }

      @Override
      public CompletableFuture<Void> whenWritable() {
        return CompletableFuture.completedFuture(null);
      }
    };
  }

  /** isWritable looks at nothing, while whenWritable waits as it should. */
  static UdpSocket writableFlagStuck(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public boolean isWritable() {
        return true;
      }
    };
  }

  /** A sender that had to wait for room is never told of it: the wake-up is lost. */
  static UdpSocket roomNeverTold(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public CompletableFuture<Void> whenWritable() {
        CompletableFuture<Void> room = delegate.whenWritable();
        return room.isDone() ? room : new CompletableFuture<>();
      }
    };
  }

  /** Sends failed by a close are never called back: the close forgets the sends that waited. */
  static UdpSocket closeForgetsWaitingSends(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          if (!(failure instanceof UdpClosedException)) {
            callback.onSent(tag, failure);
          }
        };
      }
    };
  }

  /** Sends failed by a close are called back as sent. */
  static UdpSocket closeCallsWaitingSendsSent(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> callback.onSent(tag, failure instanceof UdpClosedException ? null : failure);
      }
    };
  }

  /** Holds one send more than its capacity, as a check written {@code waiting > capacity} would. */
  static UdpSocket queueOneOver(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setSendQueueCapacity(int datagrams) {
        delegate.setSendQueueCapacity(datagrams + 1);
        return this;
      }
    };
  }

  /**
   * In a send queue of one, the send that waits there alone is moved only by the next call, never
   * by the kernel's room: as a provider would that asks the loop to watch for room only once a
   * second send queues behind the first (a check written {@code waiting == 2}, say), so that a
   * queue of one, which never holds two, stalls.
   */
  static UdpSocket loneWaitingSendStalls(UdpSocket socket, FaultyProvider provider) {
    return tenthSendHeld(socket, false);
  }

  /**
   * The same, only once the socket was closed and opened again: as a provider would whose close
   * leaves the loop's interest in room set, so that, opened again, it never asks for it anew.
   */
  static UdpSocket loneWaitingSendStallsOnceReopened(UdpSocket socket, FaultyProvider provider) {
    return tenthSendHeld(socket, true);
  }

  private static UdpSocket tenthSendHeld(UdpSocket socket, boolean onceReopened) {
    return new Delegating(socket) {
      private volatile int capacity = Integer.MAX_VALUE;
      private volatile boolean closedOnce;
      private final AtomicInteger sends = new AtomicInteger();
      private final CompletableFuture<Void> moved = new CompletableFuture<>();
      private volatile @Nullable Runnable held;

      @Override
      public UdpSocket setSendQueueCapacity(int datagrams) {
        capacity = datagrams;
        return super.setSendQueueCapacity(datagrams);
      }

      @Override
      public UdpSocket send(Datagram datagram, @Nullable SendCallback onSent) {
        // The tenth send, as if the kernel was full then, waits alone and is moved by no one.
        if (capacity == 1 && (closedOnce || !onceReopened) && sends.incrementAndGet() == 10) {
          synchronized (this) {
            held = () -> delegate.send(datagram, onSent);
          }
          return this;
        }
        return super.send(datagram, onSent);
      }

      @Override
      public boolean isWritable() {
        return held == null && delegate.isWritable();
      }

      @Override
      public CompletableFuture<Void> whenWritable() {
        return held == null ? delegate.whenWritable() : moved;
      }

      @Override
      public void close() {
        Runnable due;
        synchronized (this) {
          due = held;
          held = null;
        }
        super.close();
        closedOnce = true;
        if (due != null) {
          due.run(); // on a closed socket: it fails as closed
        }
      }
    };
  }

  /**
   * Once its send queue has filled, the socket's loop keeps asking to be told of room, and the
   * operating system tells it at once, every turn: a thread spins until the socket closes.
   */
  static UdpSocket spinsOnceTheQueueFilled(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final java.util.concurrent.atomic.AtomicBoolean spinning = new java.util.concurrent.atomic.AtomicBoolean();
      private volatile boolean closed;

      @Override
      public CompletableFuture<Void> whenWritable() {
        CompletableFuture<Void> room = delegate.whenWritable();
        if (!room.isDone() && spinning.compareAndSet(false, true)) {
          Thread.ofPlatform().daemon().name("spins-for-room").start(() -> {
            long turns = 0;
            while (!closed && turns < 2_000_000_000L) { // bounded: about a minute at most
              turns++;
              Thread.onSpinWait();
            }
          });
        }
        return room;
      }

      @Override
      public void close() {
        closed = true;
        super.close();
      }
    };
  }
}
