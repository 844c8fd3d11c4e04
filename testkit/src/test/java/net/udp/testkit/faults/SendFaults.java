package net.udp.testkit.faults;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.udp.Datagram;
import net.udp.ErrorListener;
import net.udp.SendCallback;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/** Faults in sending: rule group 4. */
final class SendFaults {
  private SendFaults() {}

  /** Calls every send callback twice (the seed overwrote callbacks; this one repeats them). */
  static UdpSocket callsBackTwice(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          callback.onSent(tag, failure);
          callback.onSent(tag, failure);
        };
      }
    };
  }

  /** sendAsync's future is complete before the send is made, and never fails. */
  static UdpSocket futuresCompleteAtOnce(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public CompletableFuture<Void> sendAsync(Datagram datagram) {
        send(datagram);
        return CompletableFuture.completedFuture(null);
      }
    };
  }

  /** Resolves host names on the caller's thread, and throws when a name does not resolve. */
  static UdpSocket resolvesOnTheCallersThread(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        String host = target.getHostString();
        int port = target.getPort();
        if (Udp.parseAddress(host, port).map(InetSocketAddress::isUnresolved).orElse(false)) {
          try {
            InetAddress.getByName(host);
          } catch (UnknownHostException e) {
            throw new UdpException("send " + host + ":" + port + ": unknown host", e);
          }
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** A send on a closed socket opens it again. */
  static UdpSocket sendReopens(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (delegate.isClosed()) {
          delegate.listen(0);
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** Broadcast is always allowed: the flag is set on every socket and cannot be cleared. */
  static UdpSocket broadcastAlwaysOn(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket.broadcast(true)) {
      @Override
      public UdpSocket broadcast(boolean enabled) {
        return this;
      }
    };
  }

  /** A send to port 0 is called back as sent; nothing is sent. */
  static UdpSocket portZeroIsSent(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int port = target.getPort();
        if (port == 0) {
          if (onSent != null) {
            onSent.onSent(tag, null);
          }
          return this;
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** An empty datagram is called back as sent, and never sent. */
  static UdpSocket emptyDatagramsAreNotSent(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (!message.hasRemaining()) {
          if (onSent != null) {
            onSent.onSent(tag, null);
          }
          return this;
        }
        return super.send(message, target, tag, onSent);
      }
    };
  }

  /** setTimeout does nothing. */
  static UdpSocket timeoutIsIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setTimeout(@Nullable Duration timeout) {
        return this;
      }
    };
  }

  /** send reads the caller's buffer by moving its position, as a relative get does. */
  static UdpSocket consumesTheBuffer(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        super.send(message, target, tag, onSent);
        message.position(message.limit());
        return this;
      }
    };
  }

  /** setErrorListener does nothing. */
  static UdpSocket errorListenerIsIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setErrorListener(@Nullable ErrorListener listener) {
        return this;
      }
    };
  }

  /** Sends Strings as ISO-8859-1 (the platform's old default) rather than UTF-8. */
  static UdpSocket stringsAsLatin1(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(String message, String host, int port) {
        return send(Datagram.of(message.getBytes(StandardCharsets.ISO_8859_1)).to(host, port));
      }
    };
  }

  /**
   * Holds the sends made inside a receive callback until it returns, and a close meanwhile
   * throws them away without calling them back.
   */
  static UdpSocket closeLosesSendsFromACallback(UdpSocket socket, FaultyProvider provider) {
    return new HoldingCallbackSends(socket) {
      private volatile boolean closed;

      @Override
      boolean release() {
        return !closed;
      }

      @Override
      public void close() {
        closed = true;
        super.close();
      }
    };
  }

  /** Copies a heap buffer from the start of its array, forgetting its array offset and position. */
  @SuppressWarnings("ByteBufferBackingArray") // the fault is this very mistake
  static UdpSocket copiesFromTheArraysStart(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (!message.hasArray()) {
          return super.send(message, target, tag, onSent);
        }
        return super.send(ByteBuffer.wrap(message.array(), 0, message.remaining()), target, tag, onSent);
      }
    };
  }

  /**
   * Stages a receive callback's sends until it returns, as a provider gathering them into one
   * system call does, but a direct buffer by reference: what leaves is what it holds by then.
   */
  static UdpSocket stagesDirectBuffersUncopied(UdpSocket socket, FaultyProvider provider) {
    return new HoldingCallbackSends(socket) {
      @Override
      ByteBuffer stage(ByteBuffer message) {
        return message.isDirect() ? message.duplicate() : super.stage(message);
      }
    };
  }

  /** Sends a datagram with an ECN codepoint or a source address without them, as a provider that ignores them would. */
  static UdpSocket marksIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(Datagram datagram, @Nullable SendCallback onSent) {
        InetSocketAddress to = datagram.target();
        Datagram plain = Datagram.of(datagram.payload()).tag(datagram.tag()).segments(datagram.segmentSize());
        return super.send(to == null ? plain : plain.to(to), onSent);
      }
    };
  }

  /**
   * Tells a failed send's outcome again when the next send to an address fails: as a provider
   * would whose list of outcomes to tell, reused from send to send, is never cleared.
   */
  static UdpSocket failedOutcomesToldAgain(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private @Nullable Runnable last; // guarded by this

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        return super.send(message, target, tag, onSent == null ? null : (t, failure) -> {
          Runnable again = null;
          if (failure != null) {
            synchronized (this) {
              again = last;
              last = () -> onSent.onSent(t, failure);
            }
          }
          if (again != null) {
            again.run();
          }
          onSent.onSent(t, failure);
        });
      }
    };
  }

  /** Sends to a name wait on a thread of their own while sends to an address go at once, overtaking them. */
  static UdpSocket literalsOvertakeNames(UdpSocket socket, FaultyProvider provider) {
    return new NamesOnTheSide(socket, 2, false);
  }

  /** Sends to a name wait on a thread of their own, and close throws away those still waiting without calling them back. */
  static UdpSocket closeForgetsWaitingSends(UdpSocket socket, FaultyProvider provider) {
    return new NamesOnTheSide(socket, 1, true);
  }

  /** A socket that sends to names from a thread of its own, after a delay; its close may throw away what waits. */
  private static final class NamesOnTheSide extends Delegating {
    private final java.util.concurrent.ExecutorService resolver = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "resolver");
      t.setDaemon(true);
      return t;
    });
    private final long delayMillis;
    private final boolean closeForgets;

    NamesOnTheSide(UdpSocket delegate, long delayMillis, boolean closeForgets) {
      super(delegate);
      this.delayMillis = delayMillis;
      this.closeForgets = closeForgets;
    }

    @Override
    public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        String host = target.getHostString();
        int port = target.getPort();
      if (Udp.parseAddress(host, port).map(a -> !a.isUnresolved()).orElse(true)) {
        return super.send(message, target, tag, onSent);
      }
      ByteBuffer copy = ReceiveFaults.copy(message);
      resolver.execute(() -> {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          return; // close threw the waiting sends away: the fault
        }
        delegate.send(Datagram.of(copy).to(target).tag(tag), wrap(onSent));
      });
      return this;
    }

    @Override
    public void close() {
      if (closeForgets) {
        resolver.shutdownNow();
      } else {
        resolver.shutdown();
      }
      super.close();
    }
  }
}
