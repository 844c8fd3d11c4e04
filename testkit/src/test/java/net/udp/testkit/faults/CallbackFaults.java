package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** Faults in setting and clearing the receive callback. */
final class CallbackFaults {
  private CallbackFaults() {}

  /**
   * Replacing the executor copies the callbacks waiting for the old one to the new one and leaves
   * them with the old one too: once the old one is free, they run again. (The socket runs its
   * callbacks on the executor itself; the provider inside runs them on its loop.)
   */
  static UdpSocket movedCallbacksRunTwice(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private @Nullable Executor executor; // guarded by this
      private java.util.List<Runnable> given = new java.util.ArrayList<>(); // guarded by this: handed to executor, not begun

      @Override
      public UdpSocket setExecutor(@Nullable Executor replacement) {
        java.util.List<Runnable> waiting;
        synchronized (this) {
          waiting = new java.util.ArrayList<>(given); // the fault: copied, and left with the old one
          executor = replacement;
          given = new java.util.ArrayList<>();
        }
        waiting.forEach(this::submit);
        return this;
      }

      private void submit(Runnable task) {
        Executor e;
        synchronized (this) {
          e = executor;
          if (e != null) {
            java.util.List<Runnable> mine = given;
            mine.add(task);
            e.execute(() -> {
              synchronized (this) {
                mine.remove(task);
              }
              task.run();
            });
          }
        }
        if (e == null) {
          task.run();
        }
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback inner = super.wrap(callback);
        return (s, payload, sender) -> {
          ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
          submit(() -> inner.onReceive(this, copy, sender));
        };
      }

      @Override
      protected net.udp.@Nullable SendCallback wrap(net.udp.@Nullable SendCallback callback) {
        net.udp.SendCallback inner = super.wrap(callback);
        return inner == null ? null : (tag, failure) -> submit(() -> inner.onSent(tag, failure));
      }
    };
  }

  /** Drops what arrives while no callback is set, where it should keep it for the next. */
  static UdpSocket dropsWhileNoCallback(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile @Nullable ReceiveCallback user;

      @Override
      public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
        user = callback;
        return super.setCallback(new ReceiveCallback() {
          @Override
          public void onReceive(UdpSocket s, ByteBuffer payload, InetSocketAddress sender) {
            ReceiveCallback now = user;
            if (now != null) {
              now.onReceive(s, payload, sender);
            }
          }
        });
      }
    };
  }

  /**
   * Hands each datagram to the user's executor as a task of its own, the moment it is read: the
   * tasks run at once on a pool, and still run after a pause that came while they waited.
   */
  static UdpSocket eachCallbackATaskOfItsOwn(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile @Nullable Executor executor;

      @Override
      public UdpSocket setExecutor(@Nullable Executor e) {
        executor = e;
        return this;
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        UdpSocket self = this;
        return (s, payload, sender) -> {
          Executor e = executor;
          if (e == null) {
            callback.onReceive(self, payload, sender);
            return;
          }
          byte[] copy = new byte[payload.remaining()];
          payload.duplicate().get(copy);
          e.execute(() -> callback.onReceive(self, ByteBuffer.wrap(copy).asReadOnlyBuffer(), sender));
        };
      }
    };
  }

  /** Hands onConnected to the socket's executor before connecting, not after. */
  static UdpSocket onConnectedBeforeConnecting(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile @Nullable Executor executor;

      @Override
      public UdpSocket setExecutor(@Nullable Executor executor) {
        this.executor = executor;
        return super.setExecutor(executor);
      }

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        Executor e = executor;
        if (onConnected == null || e == null) {
          return super.connect(host, port, onConnected);
        }
        e.execute(onConnected);
        return super.connect(host, port, null);
      }
    };
  }

  /** pause() stops continuous receiving only: a receiveOne() still waiting for its datagram stays armed. */
  static UdpSocket pauseSparesAWaitingReceiveOne(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean oneArmed;

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback inner = super.wrap(callback);
        return (s, payload, sender) -> {
          oneArmed = false;
          inner.onReceive(s, payload, sender);
        };
      }

      @Override
      public UdpSocket receiveOne() {
        oneArmed = true;
        return super.receiveOne();
      }

      @Override
      public UdpSocket receive() {
        oneArmed = false;
        return super.receive();
      }

      @Override
      public UdpSocket pause() {
        return oneArmed ? this : super.pause();
      }
    };
  }

  /**
   * With an executor, hands each callback a view of one buffer the socket reuses, and clears it
   * once the call returns: as a provider would that copied datagrams into pooled buffers and took
   * each back for the next.
   */
  static UdpSocket executorPayloadTakenBack(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean executor;
      private final ByteBuffer pooled = ByteBuffer.allocate(65_536);

      @Override
      public UdpSocket setExecutor(@Nullable Executor e) {
        executor = e != null;
        return super.setExecutor(e);
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback inner = super.wrap(callback);
        return (socket, payload, sender) -> {
          if (!executor) {
            inner.onReceive(socket, payload, sender);
            return;
          }
          synchronized (pooled) {
            pooled.clear().put(payload).flip();
            inner.onReceive(socket, pooled.duplicate(), sender);
            java.util.Arrays.fill(pooled.array(), (byte) 0); // taken back for the next datagram
          }
        };
      }
    };
  }

  /**
   * A datagram held for receiveOne() is dropped by close, but the mark that one is pending is not:
   * the socket opened again claims to be receiving, and its receiveOne() does nothing, as it finds
   * one pending already. (The mark is armed here by receiveOne() followed by setCallback(null),
   * the way the held datagram comes about.)
   */
  static UdpSocket oneShotMarkOutlivesTheClose(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean armed;
      private volatile boolean stale;

      @Override
      public UdpSocket receiveOne() {
        if (stale) {
          return this;
        }
        armed = true;
        return super.receiveOne();
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback inner = super.wrap(callback);
        return (s, payload, sender) -> {
          armed = false;
          inner.onReceive(s, payload, sender);
        };
      }

      @Override
      public void close() {
        stale = armed && !delegate.isClosed();
        super.close();
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return stale && !i.closed() ? SocketInfoBuilder.from(i).receiving(true).build() : i;
      }
    };
  }
}
