package net.udp.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * Deliberately broken providers: a correct one with one fault injected, each the kind of bug the
 * seed's implementation had or a provider could plausibly have. The testkit must catch each.
 */
final class Faults {
  private Faults() {}

  /** A provider whose sockets are a correct provider's sockets with one fault. */
  static final class FaultyProvider extends UdpProvider {
    private final String fault;
    private final UdpProvider base;
    private final UnaryOperator<UdpSocket> inject;

    FaultyProvider(String fault, UdpProvider base, UnaryOperator<UdpSocket> inject) {
      this.fault = fault;
      this.base = base;
      this.inject = inject;
    }

    @Override
    public String name() {
      return "faulty-" + fault;
    }

    @Override
    public int priority() {
      return 0;
    }

    @Override
    public String apiVersion() {
      return API_VERSION;
    }

    @Override
    public Availability availability() {
      return Availability.ok();
    }

    @Override
    public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
      UdpSocket socket = inject.apply(base.newSocket(null));
      return callback == null ? socket : socket.setCallback(callback);
    }
  }

  /** Drops every hundredth datagram it receives. */
  static UdpSocket dropsEveryHundredth(UdpSocket socket) {
    AtomicInteger count = new AtomicInteger();
    return new Delegating(socket) {
      @Override
      ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          if (count.incrementAndGet() % 100 != 0) {
            callback.onReceive(this, payload, sender);
          }
        };
      }
    };
  }

  /** Truncates, but does not count truncated datagrams. */
  static UdpSocket uncountedTruncation(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return i.toBuilder().counters(i.counters().toBuilder().truncated(0).build()).build();
      }
    };
  }

  /** Counts no callback that threw. */
  static UdpSocket uncountedCallbackFailures(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return i.toBuilder().counters(i.counters().toBuilder().callbackFailures(0).build()).build();
      }
    };
  }

  /** receiveOne receives continuously. */
  static UdpSocket receiveOneIsContinuous(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocket receiveOne() {
        delegate.receive();
        return this;
      }
    };
  }

  /** Calls every send callback twice (the seed overwrote callbacks; this one repeats them). */
  static UdpSocket callsBackTwice(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          callback.onSent(tag, failure);
          callback.onSent(tag, failure);
        };
      }
    };
  }

  /** connect only pretends: the socket stays unconnected, so anyone's datagrams arrive. */
  static UdpSocket ignoresConnect(UdpSocket socket) {
    return new Delegating(socket) {
      private volatile @Nullable InetSocketAddress peer;

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        if (delegate.isClosed()) {
          delegate.listen(0);
        }
        peer = Rig.loopback4(port);
        if (onConnected != null) {
          onConnected.run();
        }
        return this;
      }

      @Override
      public boolean isConnected() {
        return peer != null;
      }

      @Override
      public UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
        InetSocketAddress p = peer;
        return p == null ? super.write(message, tag, onSent) : send(message, p, tag, onSent);
      }
    };
  }

  /** broadcast(flag) sets the opposite, as the seed's implementation did by reading the wrong argument. */
  static UdpSocket broadcastFlagInverted(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocket broadcast(boolean enabled) {
        delegate.broadcast(!enabled);
        return this;
      }
    };
  }

  /** enableIPv does nothing. */
  static UdpSocket ignoresEnableIPv(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocket enableIPv(int version, boolean enabled) {
        return this;
      }
    };
  }

  /** info() says closed even when the socket is open. */
  static UdpSocket infoAlwaysClosed(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return i.toBuilder().closed(true).build();
      }
    };
  }

  /** close only pretends: the socket goes on receiving, and calling back. */
  static UdpSocket callsBackAfterClose(UdpSocket socket) {
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

  /** Accepts any port, as its low 16 bits. */
  static UdpSocket acceptsAnyPort(UdpSocket socket) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(int port) {
        delegate.listen(port & 0xffff);
        return this;
      }

      @Override
      public UdpSocket listen(String host, int port) {
        delegate.listen(host, port & 0xffff);
        return this;
      }

      @Override
      public UdpSocket send(ByteBuffer message, String host, int port, long tag, @Nullable SendCallback onSent) {
        delegate.send(message, host, port & 0xffff, tag, wrap(onSent));
        return this;
      }

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        delegate.connect(host, Math.max(1, port & 0xffff), onConnected);
        return this;
      }
    };
  }

  /**
   * A socket that does what another does; faults override what they break. Callbacks are wrapped
   * so that they see this socket, not the one inside.
   */
  abstract static class Delegating implements UdpSocket {
    final UdpSocket delegate;

    Delegating(UdpSocket delegate) {
      this.delegate = delegate;
    }

    ReceiveCallback wrap(ReceiveCallback callback) {
      return (s, payload, sender) -> callback.onReceive(this, payload, sender);
    }

    @Nullable SendCallback wrap(@Nullable SendCallback callback) {
      return callback;
    }

    @Override
    public UdpSocket broadcast(boolean enabled) {
      delegate.broadcast(enabled);
      return this;
    }

    @Override
    public UdpSocket reusePort(boolean enabled) {
      delegate.reusePort(enabled);
      return this;
    }

    @Override
    public UdpSocket enableIPv(int version, boolean enabled) {
      delegate.enableIPv(version, enabled);
      return this;
    }

    @Override
    public UdpSocket preferIPv(int version) {
      delegate.preferIPv(version);
      return this;
    }

    @Override
    public UdpSocket setBufferSize(int size, int version) {
      delegate.setBufferSize(size, version);
      return this;
    }

    @Override
    public UdpSocket setSocketReceiveBuffer(int bytes) {
      delegate.setSocketReceiveBuffer(bytes);
      return this;
    }

    @Override
    public UdpSocket setSocketSendBuffer(int bytes) {
      delegate.setSocketSendBuffer(bytes);
      return this;
    }

    @Override
    public UdpSocket setSendQueueCapacity(int datagrams) {
      delegate.setSendQueueCapacity(datagrams);
      return this;
    }

    @Override
    public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
      delegate.setCallback(callback == null ? null : wrap(callback));
      return this;
    }

    @Override
    public UdpSocket setTimeout(@Nullable Duration timeout) {
      delegate.setTimeout(timeout);
      return this;
    }

    @Override
    public UdpSocket setExecutor(@Nullable Executor executor) {
      delegate.setExecutor(executor);
      return this;
    }

    @Override
    public UdpSocket setErrorListener(@Nullable ErrorListener listener) {
      delegate.setErrorListener(listener == null ? null : (s, e) -> listener.onError(this, e));
      return this;
    }

    @Override
    public UdpSocket setUserData(@Nullable Object userData) {
      delegate.setUserData(userData);
      return this;
    }

    @Override
    public UdpSocket listen(int port) {
      delegate.listen(port);
      return this;
    }

    @Override
    public UdpSocket listen(String host, int port) {
      delegate.listen(host, port);
      return this;
    }

    @Override
    public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
      delegate.connect(host, port, onConnected);
      return this;
    }

    @Override
    public boolean isConnected() {
      return delegate.isConnected();
    }

    @Override
    public boolean isClosed() {
      return delegate.isClosed();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public UdpSocket receive() {
      delegate.receive();
      return this;
    }

    @Override
    public UdpSocket receiveOne() {
      delegate.receiveOne();
      return this;
    }

    @Override
    public UdpSocket pause() {
      delegate.pause();
      return this;
    }

    @Override
    public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
      delegate.send(message, target, tag, wrap(onSent));
      return this;
    }

    @Override
    public UdpSocket send(ByteBuffer message, String host, int port, long tag, @Nullable SendCallback onSent) {
      delegate.send(message, host, port, tag, wrap(onSent));
      return this;
    }

    @Override
    public UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
      delegate.write(message, tag, wrap(onSent));
      return this;
    }

    @Override
    public UdpSocketInfo info() {
      return delegate.info();
    }
  }
}
