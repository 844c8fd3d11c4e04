package net.udp.testkit.faults;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** Faults in what a socket receives and how it delivers it: rule groups 1 to 3. */
final class ReceiveFaults {
  private ReceiveFaults() {}

  /** A copy of a payload, read-only as the API hands it over. */
  static ByteBuffer copy(ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.get(payload.position(), bytes);
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** Flips a bit in the last byte of IPv4 payloads longer than one byte, as a copy across buffers off by one would. */
  static UdpSocket corruptsLongIPv4Payloads(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          if (sender.getAddress() instanceof Inet4Address && payload.remaining() > 1) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(payload.position(), bytes);
            bytes[bytes.length - 1] ^= 1;
            payload = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
          }
          callback.onReceive(this, payload, sender);
        };
      }
    };
  }

  /** Reports an IPv6 sender's port as the receiving socket's own: the local sockaddr_in6 read for the remote one. */
  static UdpSocket ownPortForIPv6Senders(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          InetSocketAddress from = sender;
          if (sender.getAddress() instanceof Inet6Address) {
            from = new InetSocketAddress(sender.getAddress(), delegate.info().localPort());
          }
          callback.onReceive(this, payload, from);
        };
      }
    };
  }

  /** Shows IPv4 senders to a dual-stack socket as IPv4-mapped IPv6 addresses (::ffff:127.0.0.1). */
  static UdpSocket mapsIPv4Senders(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          InetSocketAddress from = sender;
          if (sender.getAddress() instanceof Inet4Address && delegate.info().ipv6()) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(sender.getAddress().getAddress(), 0, mapped, 12, 4);
            try {
              from = new InetSocketAddress(Inet6Address.getByAddress(null, mapped, -1), sender.getPort());
            } catch (UnknownHostException e) {
              throw new AssertionError(e);
            }
          }
          callback.onReceive(this, payload, from);
        };
      }
    };
  }

  /** Drops every twentieth datagram it receives. */
  static UdpSocket dropsEveryTwentieth(UdpSocket socket, FaultyProvider provider) {
    AtomicInteger count = new AtomicInteger();
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          if (count.incrementAndGet() % 20 != 0) {
            callback.onReceive(this, payload, sender);
          }
        };
      }
    };
  }

  /** Sends a first datagram from a throwaway socket instead of binding this one, which then cannot receive the reply. */
  static UdpSocket firstSendFromAThrowawaySocket(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private @Nullable UdpSocket throwaway;

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        if (delegate.isClosed() && delegate.info().counters().datagramsSent() == 0) {
          UdpSocket t = throwaway != null ? throwaway : provider.base().newSocket(null);
          throwaway = t;
          t.send(Datagram.of(message).to(target).tag(tag), onSent);
          return this;
        }
        return super.send(message, target, tag, onSent);
      }

      @Override
      public void close() {
        UdpSocket t = throwaway;
        if (t != null) {
          t.close();
        }
        super.close();
      }
    };
  }

  /** Remembers senders by address alone: every sender on 127.0.0.1 is reported as the first one seen. */
  static UdpSocket sendersCachedByAddress(UdpSocket socket, FaultyProvider provider) {
    Map<InetAddress, InetSocketAddress> seen = new ConcurrentHashMap<>();
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> callback.onReceive(this, payload, seen.computeIfAbsent(sender.getAddress(), a -> sender));
      }
    };
  }

  /** Truncates, but does not count truncated datagrams. */
  static UdpSocket uncountedTruncation(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(i.counters()).truncated(0).build()).build();
      }
    };
  }

  /**
   * Counts a datagram that exactly fills the buffer as truncated: a reader that cannot tell "as
   * long as the buffer" from "longer" (it reads into the buffer alone, without a byte to spare or
   * the kernel's truncation flag).
   */
  static UdpSocket exactFitCountedAsTruncated(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final java.util.concurrent.atomic.AtomicLong exact = new java.util.concurrent.atomic.AtomicLong();

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          if (payload.remaining() == delegate.info().maxReceiveIPv4BufferSize()) {
            exact.incrementAndGet();
          }
          callback.onReceive(this, payload, sender);
        };
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(i.counters()).truncated(i.counters().datagramsTruncated() + exact.get()).build()).build();
      }
    };
  }

  /**
   * pause() called while a callback runs takes effect only after the next datagram: one more
   * callback begins after pause() returned.
   */
  static UdpSocket pauseDuringACallbackLetsOneMore(UdpSocket socket, FaultyProvider provider) {
    return new DuringCallback(socket) {
      @Override
      public UdpSocket pause() {
        if (inCallback()) {
          later = () -> delegate.pause();
          return this;
        }
        return super.pause();
      }
    };
  }

  /** receiveOne() called while a callback runs counts the running callback as its one. */
  static UdpSocket receiveOneDuringACallbackCountsIt(UdpSocket socket, FaultyProvider provider) {
    return new DuringCallback(socket) {
      @Override
      public UdpSocket receiveOne() {
        return inCallback() ? super.pause() : super.receiveOne();
      }
    };
  }

  /** A socket that knows whether one of its callbacks runs, and runs a task after the next. */
  private abstract static class DuringCallback extends Delegating {
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    /** Run after the next callback returns. */
    volatile @Nullable Runnable later;

    DuringCallback(UdpSocket delegate) {
      super(delegate);
    }

    boolean inCallback() {
      return running.get() > 0;
    }

    @Override
    protected ReceiveCallback wrap(ReceiveCallback callback) {
      return (s, payload, sender) -> {
        Runnable after = later;
        running.incrementAndGet();
        try {
          callback.onReceive(this, payload, sender);
        } finally {
          running.decrementAndGet();
        }
        if (after != null) {
          later = null;
          after.run();
        }
      };
    }
  }

  /** setBufferSize for one IP version sets both. */
  static UdpSocket bufferSizeForBothVersions(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setBufferSize(int size, int version) {
        delegate.setBufferSize(size);
        return this;
      }
    };
  }

  /** Starts IPv6 at the IPv4 maximum (65507): the largest IPv6 datagrams are cut short. */
  static UdpSocket ipv6DefaultIsTheIPv4Maximum(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket.setBufferSize(65_507, 6)) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return SocketInfoBuilder.from(i).bufferSizes(i.maxReceiveIPv4BufferSize(), UdpSocket.DEFAULT_BUFFER_SIZE).build();
      }
    };
  }

  /** Cuts a datagram too long for UDP down to the largest size and sends that. */
  static UdpSocket cutsOversizedDatagrams(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int largest = target.getAddress() instanceof Inet4Address ? 65_507 : 65_527;
        ByteBuffer cut = message.remaining() > largest ? message.slice(message.position(), largest) : message;
        return super.send(cut, target, tag, onSent);
      }
    };
  }

  /** receive() delivers one datagram, as receiveOne does. */
  static UdpSocket receiveIsOneShot(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket receive() {
        delegate.receiveOne();
        return this;
      }
    };
  }

  /** receiveOne receives continuously. */
  static UdpSocket receiveOneIsContinuous(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket receiveOne() {
        delegate.receive();
        return this;
      }
    };
  }

  /**
   * receiveOne() on a socket that receives continuously leaves it continuous: a provider that
   * arms one delivery only from a pause, so that what a busy executor holds all goes out.
   */
  static UdpSocket receiveOneIgnoredWhileReceiving(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket receiveOne() {
        if (!delegate.info().receiving()) {
          delegate.receiveOne();
        }
        return this;
      }
    };
  }

  /**
   * receiveOne() reads on after its datagram and keeps what it read for the next calls: one is
   * delivered a call, in order, but the rest are read ahead and held, not left in the kernel's
   * buffer.
   */
  static UdpSocket receiveOneReadsAhead(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final Object lock = new Object();
      private final java.util.ArrayDeque<Runnable> ahead = new java.util.ArrayDeque<>(); // guarded by lock
      private int owed; // deliveries receiveOne() asked for and not made yet; guarded by lock

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback user = super.wrap(callback);
        return (s, payload, sender) -> {
          ByteBuffer kept = copy(payload);
          Runnable delivery = () -> user.onReceive(s, kept, sender);
          boolean now;
          synchronized (lock) {
            now = owed > 0;
            if (now) {
              owed--;
            } else {
              ahead.add(delivery);
            }
          }
          if (now) {
            delivery.run();
          }
        };
      }

      @Override
      public UdpSocket receiveOne() {
        Runnable next;
        synchronized (lock) {
          next = ahead.poll();
          if (next == null) {
            owed++;
          }
        }
        if (next != null) {
          Thread.ofVirtual().start(next);
        } else {
          delegate.receive(); // and on: what comes after the one owed is kept here
        }
        return this;
      }
    };
  }

  /** pause() does nothing. */
  static UdpSocket pauseIsIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket pause() {
        return this;
      }
    };
  }

  /** setExecutor does nothing: callbacks stay on the provider's threads. */
  static UdpSocket executorIsIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setExecutor(@Nullable Executor executor) {
        return this;
      }
    };
  }

  /**
   * With receive offload asked for, hands over what the kernel coalesced as one datagram: here,
   * each two datagrams in a row as one.
   */
  static UdpSocket coalescedDatagramsDeliveredWhole(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean offload;
      private byte @Nullable [] first; // the loop's thread only

      @Override
      public UdpSocket setReceiveOffload(boolean enabled) {
        offload = enabled;
        return super.setReceiveOffload(enabled);
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          byte[] held = first;
          if (!offload) {
            callback.onReceive(this, payload, sender);
          } else if (held == null) {
            first = new byte[payload.remaining()];
            payload.get(first);
          } else {
            first = null;
            ByteBuffer both = ByteBuffer.allocate(held.length + payload.remaining()).put(held).put(payload).flip();
            callback.onReceive(this, both.asReadOnlyBuffer(), sender);
          }
        };
      }
    };
  }

  /** Hands the callback a writable copy of the payload. */
  static UdpSocket writablePayloads(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          ByteBuffer writable = ByteBuffer.allocate(payload.remaining());
          writable.put(payload.duplicate()).flip();
          callback.onReceive(this, writable, sender);
        };
      }
    };
  }

  /** Runs send callbacks on a thread of its own, whatever the executor: only receive callbacks go to it. */
  static UdpSocket sendCallbacksOffTheExecutor(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> Thread.ofPlatform().name("send-callbacks").daemon().start(() -> callback.onSent(tag, failure));
      }
    };
  }

  /** setCallback on a receiving socket takes effect only at the next receive(). */
  static UdpSocket setCallbackWaitsForReceive(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile @Nullable ReceiveCallback pending;

      @Override
      public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
        if (callback != null && delegate.info().receiving()) {
          pending = callback;
          return this;
        }
        return super.setCallback(callback);
      }

      @Override
      public UdpSocket receive() {
        ReceiveCallback p = pending;
        if (p != null) {
          pending = null;
          super.setCallback(p);
        }
        return super.receive();
      }
    };
  }
}
