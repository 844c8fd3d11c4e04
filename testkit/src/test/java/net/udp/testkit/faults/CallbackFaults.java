package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults in setting and clearing the receive callback. */
final class CallbackFaults {
  private CallbackFaults() {}

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
}
