package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.testkit.Rig;
import org.jspecify.annotations.Nullable;

/** Faults in connecting, broadcast, port sharing and IP versions: rule groups 5 to 7. */
final class PeerFaults {
  private PeerFaults() {}

  /** connect only pretends: the socket stays unconnected, so anyone's datagrams arrive. */
  static UdpSocket ignoresConnect(UdpSocket socket, FaultyProvider provider) {
    return pretendsToConnect(socket, host -> true);
  }

  /**
   * connect to an IPv6 peer only pretends, as one that wrote the peer as an IPv4 address, and
   * took the kernel's refusal for success, would: IPv4 peers are connected.
   */
  static UdpSocket ignoresConnectToIPv6(UdpSocket socket, FaultyProvider provider) {
    return pretendsToConnect(socket, host -> host.contains(":"));
  }

  private static UdpSocket pretendsToConnect(UdpSocket socket, Predicate<String> pretendFor) {
    return new Delegating(socket) {
      private volatile @Nullable InetSocketAddress peer;

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        if (!pretendFor.test(host)) {
          return super.connect(host, port, onConnected);
        }
        if (delegate.isClosed()) {
          delegate.listen(0);
        }
        peer = host.contains(":") ? Rig.loopback6(port) : Rig.loopback4(port);
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

  /** A connected socket's send to anyone but its peer is called back as sent; nothing is sent. */
  static UdpSocket sendsElsewhereVanish(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int port = target.getPort();
        if (delegate.isConnected() && port != delegate.info().connectedPort()) {
          if (onSent != null) {
            onSent.onSent(tag, null);
          }
          return this;
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** A second connect is ignored without an error. */
  static UdpSocket secondConnectIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        return delegate.isConnected() ? this : super.connect(host, port, onConnected);
      }
    };
  }

  /** An error while receiving (an ICMP port unreachable) closes the socket. */
  static UdpSocket receiveErrorsClose(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setErrorListener(@Nullable ErrorListener listener) {
        delegate.setErrorListener(listener == null ? null : (s, e) -> {
          delegate.close();
          listener.onError(this, e);
        });
        return this;
      }
    };
  }

  /** onConnected runs on the caller's thread, inside connect. */
  static UdpSocket onConnectedInline(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        delegate.connect(host, port, null);
        if (onConnected != null) {
          onConnected.run();
        }
        return this;
      }
    };
  }

  /** connect closes a bound socket and connects from a new port. */
  static UdpSocket connectRebinds(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        delegate.close();
        return super.connect(host, port, onConnected);
      }
    };
  }

  /** An empty datagram on a connected socket is called back as sent and never sent, as a JDK connected channel does. */
  static UdpSocket emptyWritesVanish(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
        return message.hasRemaining() ? super.write(message, tag, onSent) : vanish(tag, onSent);
      }

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        return message.hasRemaining() || !delegate.isConnected() ? super.send(message, target, tag, onSent) : vanish(tag, onSent);
      }

      private UdpSocket vanish(long tag, @Nullable SendCallback onSent) {
        if (onSent != null) {
          onSent.onSent(tag, null);
        }
        return this;
      }
    };
  }

  /** connect keeps the datagrams that were waiting for a paused socket, the peer's and anyone's. */
  static UdpSocket connectKeepsWhatWaited(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final List<Object[]> kept = new ArrayList<>();
      private @Nullable ReceiveCallback callback;

      @Override
      public UdpSocket setCallback(@Nullable ReceiveCallback c) {
        callback = c;
        return super.setCallback(c);
      }

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        ReceiveCallback c = callback;
        if (!delegate.isClosed() && c != null) {
          delegate.setCallback((s, payload, sender) -> {
            synchronized (kept) {
              kept.add(new Object[] {ReceiveFaults.copy(payload), sender});
            }
          }).receive();
          Rig.pause(Duration.ofMillis(100));
          delegate.pause().setCallback(wrap(c));
        }
        return super.connect(host, port, onConnected);
      }

      @Override
      public UdpSocket receive() {
        ReceiveCallback c = callback;
        synchronized (kept) {
          for (Object[] d : kept) {
            if (c != null) {
              c.onReceive(this, (ByteBuffer) d[0], (InetSocketAddress) d[1]);
            }
          }
          kept.clear();
        }
        return super.receive();
      }
    };
  }

  /**
   * connect on a receiving socket waits for the next datagram, as a reader blocked in the kernel
   * while holding the channel's lock makes it (the plain provider did, before its reads had a
   * time limit).
   */
  static UdpSocket connectWaitsForADatagram(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final java.util.concurrent.Semaphore arrivals = new java.util.concurrent.Semaphore(0);

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          arrivals.release();
          callback.onReceive(this, payload, sender);
        };
      }

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        if (delegate.info().receiving()) {
          arrivals.drainPermits();
          try {
            arrivals.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.connect(host, port, onConnected);
      }
    };
  }

  /** reusePort does nothing. */
  static UdpSocket reusePortIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket reusePort(boolean enabled) {
        return this;
      }
    };
  }

  /** Every socket shares its port, whether it asked to or not. */
  static UdpSocket reusePortAlwaysOn(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket.reusePort(true)) {
      @Override
      public UdpSocket reusePort(boolean enabled) {
        return this;
      }
    };
  }

  /** broadcast(flag) sets the opposite, as the seed's implementation did by reading the wrong argument. */
  static UdpSocket broadcastFlagInverted(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket broadcast(boolean enabled) {
        delegate.broadcast(!enabled);
        return this;
      }
    };
  }

  /** reusePort on a bound socket is ignored without an error. */
  static UdpSocket lateReusePortIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket reusePort(boolean enabled) {
        return delegate.isClosed() ? super.reusePort(enabled) : this;
      }
    };
  }

  /** listen(port) binds the IPv4 wildcard only, not a dual-stack socket. */
  static UdpSocket portAloneBindsIPv4(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(int port) {
        return listen("0.0.0.0", port);
      }
    };
  }

  /** enableIPv does nothing. */
  static UdpSocket ignoresEnableIPv(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket enableIPv(int version, boolean enabled) {
        return this;
      }
    };
  }

  /** preferIPv does nothing: the resolver's first address is used. */
  static UdpSocket preferenceIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket preferIPv(int version) {
        return this;
      }
    };
  }

  /** enableIPv on a bound socket is ignored without an error. */
  static UdpSocket lateEnableIPvIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket enableIPv(int version, boolean enabled) {
        return delegate.isClosed() ? super.enableIPv(version, enabled) : this;
      }
    };
  }

  /** Prefers IPv6 when no preference is set, instead of the resolver's first address. */
  static UdpSocket prefersIPv6ByDefault(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket.preferIPv(6)) {
      @Override
      public UdpSocket preferIPv(int version) {
        return super.preferIPv(version == 4 ? 4 : 6);
      }
    };
  }

  /** The last destination, shared by the provider's sockets, for the cache fault. */
  static final class LastDestination {
    volatile @Nullable InetSocketAddress last;
  }

  /**
   * Remembers the last destination of any of the provider's sockets and compares it with the
   * next by port alone: a send to [::1]:P after one to 127.0.0.1:P goes to 127.0.0.1:P.
   */
  static UdpSocket destinationCacheByPort(UdpSocket socket, FaultyProvider provider) {
    LastDestination cache = provider.shared(LastDestination.class, LastDestination::new);
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        InetSocketAddress cached = cache.last;
        InetSocketAddress to = cached != null && cached.getPort() == target.getPort() ? cached : target;
        cache.last = to;
        return super.send(message, to, tag, onSent);
      }
    };
  }

  /** Calls an empty datagram written on a connected socket sent, as a channel's 0 taken for success would. */
  static UdpSocket emptyWriteCalledSent(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
        if (!message.hasRemaining() && delegate.isConnected()) {
          if (onSent != null) {
            onSent.onSent(tag, null);
          }
          return this;
        }
        return super.write(message, tag, onSent);
      }
    };
  }
}
