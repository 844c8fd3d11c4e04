package net.udp.testkit.faults;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults in checking arguments, and under load: rule groups 10 and 11. */
final class InputFaults {
  private InputFaults() {}

  private static final Pattern NUMBERS = Pattern.compile("[0-9a-fA-FxX.]+");

  /** Accepts any port, as its low 16 bits. */
  static UdpSocket acceptsAnyPort(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(int port) {
        return super.listen(port & 0xffff);
      }

      @Override
      public UdpSocket listen(String host, int port) {
        return super.listen(host, port & 0xffff);
      }

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        return super.connect(host, Math.max(1, port & 0xffff), onConnected);
      }
    };
  }

  /** Refuses port 65535 as out of range: a check written {@code port >= 65535}. */
  static UdpSocket refusesTheHighestPort(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private int checked(int port) {
        if (port >= 65_535) {
          throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
      }

      @Override
      public UdpSocket listen(String host, int port) {
        return super.listen(host, checked(port));
      }

      @Override
      public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
        return super.connect(host, checked(port), onConnected);
      }
    };
  }

  /** listen(null, port) binds the wildcard, as if no host had been given. */
  @SuppressWarnings("NullAway") // a null host is what this fault lets through
  static UdpSocket nullHostIsTheWildcard(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(String host, int port) {
        return host == null ? super.listen(port) : super.listen(host, port);
      }
    };
  }

  /** listen on a blank host binds the wildcard. */
  static UdpSocket blankHostIsTheWildcard(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(String host, int port) {
        return host.isBlank() ? super.listen(port) : super.listen(host, port);
      }
    };
  }

  /** enableIPv with a version other than 4 or 6 does nothing, without an error. */
  static UdpSocket anyVersionAccepted(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket enableIPv(int version, boolean enabled) {
        return version == 4 || version == 6 ? super.enableIPv(version, enabled) : this;
      }
    };
  }

  /** receive without a callback does nothing, without an error. */
  static UdpSocket receiveWithoutCallbackIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean hasCallback;

      @Override
      public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
        hasCallback = callback != null;
        return super.setCallback(callback);
      }

      @Override
      public UdpSocket receive() {
        return hasCallback ? super.receive() : this;
      }
    };
  }

  /** Hands what looks numeric to the platform's resolver, which reads 127.1 as 127.0.0.1. */
  static UdpSocket numbersLookedUp(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        String host = target.getHostString();
        int port = target.getPort();
        if (target.isUnresolved() && NUMBERS.matcher(host).matches()) {
          try {
            return super.send(message, new InetSocketAddress(InetAddress.getByName(host), port), tag, onSent);
          } catch (UnknownHostException e) {
            // not even the resolver takes it: as a correct provider would
          }
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** Serves at most 64 open sockets at once: the rest open, but never receive. */
  static UdpSocket servesSixtyFourSockets(UdpSocket socket, FaultyProvider provider) {
    AtomicInteger open = provider.shared;
    return new Delegating(socket) {
      private volatile int slot;

      @Override
      public UdpSocket listen(String host, int port) {
        super.listen(host, port);
        slot = open.incrementAndGet();
        return this;
      }

      @Override
      public void close() {
        if (slot != 0 && !delegate.isClosed()) {
          open.decrementAndGet();
        }
        super.close();
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          if (slot <= 64) {
            callback.onReceive(this, payload, sender);
          }
        };
      }
    };
  }

  /** listen on a bound socket closes it and binds again. */
  static UdpSocket listenRebinds(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket listen(int port) {
        delegate.close();
        return super.listen(port);
      }

      @Override
      public UdpSocket listen(String host, int port) {
        delegate.close();
        return super.listen(host, port);
      }
    };
  }

  /**
   * setBufferSize with no version, or a number other than 4 or 6, sets the IPv4 size only: the
   * test for "both" written as "not IPv6" on one side and "IPv6" on the other.
   */
  static UdpSocket noVersionSetsIPv4Only(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setBufferSize(int size, int version) {
        return super.setBufferSize(size, version == 6 ? 6 : 4);
      }
    };
  }
}
