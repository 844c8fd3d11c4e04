package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.testkit.Rig;
import org.jspecify.annotations.Nullable;

/** Faults under pressure: rule group 15. */
final class PressureFaults {
  private PressureFaults() {}

  /** Sends made while this many earlier ones still wait for the kernel meet the fault. */
  private static final int BUSY = 2;

  /**
   * While earlier sends still wait for room in the kernel, a send goes nowhere and is called back
   * as sent: a provider that takes {@code DatagramChannel.send} returning 0 as success.
   */
  static UdpSocket busyKernelSendsVanish(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final AtomicInteger waiting = new AtomicInteger();

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        // In order behind the others, to the discard port: sent, as far as the callback knows.
        InetSocketAddress to = waiting.get() >= BUSY ? Rig.loopback4(9) : target;
        waiting.incrementAndGet();
        delegate.send(Datagram.of(message).to(to).tag(tag), done(waiting, onSent));
        return this;
      }
    };
  }

  /**
   * A segmented send from a socket with a small kernel send buffer delivers its first group of 64
   * datagrams only, and is called back as sent: a provider that took the part the kernel accepted
   * for the whole.
   */
  static UdpSocket segmentsBeyondTheFirstGroupLost(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean smallBuffer;

      @Override
      public UdpSocket setSocketSendBuffer(int bytes) {
        smallBuffer = bytes < 65_536;
        return super.setSocketSendBuffer(bytes);
      }

      @Override
      public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        int group = 64 * segmentSize;
        ByteBuffer taken = smallBuffer && message.remaining() > group ? message.slice(message.position(), group) : message;
        return super.sendSegments(taken, segmentSize, target, tag, onSent);
      }
    };
  }

  /**
   * Sends that find earlier ones still waiting for the kernel are held until the next send: the
   * wake-up that should move them when the kernel makes room is lost.
   */
  static UdpSocket waitingSendsAwaitTheNextCall(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final AtomicInteger waiting = new AtomicInteger();
      private final List<Runnable> held = new ArrayList<>();

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
        Runnable send = () -> {
          waiting.incrementAndGet();
          delegate.send(Datagram.of(copy).to(target).tag(tag), done(waiting, onSent));
        };
        List<Runnable> due;
        synchronized (held) {
          held.add(send);
          if (waiting.get() >= BUSY) {
            return this;
          }
          due = new ArrayList<>(held);
          held.clear();
        }
        due.forEach(Runnable::run);
        return this;
      }

      @Override
      public void close() {
        super.close();
        List<Runnable> due;
        synchronized (held) {
          due = new ArrayList<>(held);
          held.clear();
        }
        due.forEach(Runnable::run); // on a closed socket: each fails as closed
      }
    };
  }

  /**
   * Sends leave in pairs with their payloads swapped, each called back with its own tag in the
   * order of the sends: a provider whose staging slots mix up two datagrams, seen only by where
   * the payloads arrive. The first of a pair waits for the second (or the close).
   */
  static UdpSocket sendsSwappedInPairs(UdpSocket socket, FaultyProvider provider) {
    record Held(ByteBuffer payload, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {}
    return new Delegating(socket) {
      private @Nullable Held held; // guarded by this: the first of a pair

      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
        Held first;
        synchronized (this) {
          first = held;
          if (first == null) {
            held = new Held(copy, target, tag, onSent);
            return this;
          }
          held = null;
        }
        // The second's payload under the first's tag, then the first's under the second's.
        delegate.send(Datagram.of(copy).to(first.target()).tag(first.tag()), wrap(first.onSent()));
        delegate.send(Datagram.of(first.payload()).to(target).tag(tag), wrap(onSent));
        return this;
      }

      @Override
      public void close() {
        Held first;
        synchronized (this) {
          first = held;
          held = null;
        }
        if (first != null) {
          delegate.send(Datagram.of(first.payload()).to(first.target()).tag(first.tag()), wrap(first.onSent()));
        }
        super.close();
      }
    };
  }

  /**
   * Every datagram is handed to the executor as soon as it is read, in a queue without bound: a
   * provider that never stops reading for an executor that falls behind, so that a slow
   * executor makes the heap grow until it runs out.
   */
  static UdpSocket holdsWithoutBound(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile java.util.concurrent.@Nullable Executor executor;
      private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
      private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();

      @Override
      public UdpSocket setExecutor(java.util.concurrent.@Nullable Executor replacement) {
        executor = replacement; // the provider's callbacks stay on its loop, which never waits
        return this;
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback inner = super.wrap(callback);
        return (s, payload, sender) -> {
          java.util.concurrent.Executor e = executor;
          if (e == null) {
            inner.onReceive(s, payload, sender);
            return;
          }
          ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
          waiting.add(() -> inner.onReceive(this, copy, sender));
          if (draining.compareAndSet(false, true)) {
            e.execute(() -> drain(e));
          }
        };
      }

      private void drain(java.util.concurrent.Executor e) {
        for (Runnable next = waiting.poll(); next != null; next = waiting.poll()) {
          next.run();
        }
        draining.set(false);
        if (!waiting.isEmpty() && draining.compareAndSet(false, true)) {
          e.execute(() -> drain(e));
        }
      }
    };
  }

  /** The callback that counts a waiting send as done, then tells the user's callback, if any. */
  private static SendCallback done(AtomicInteger waiting, @Nullable SendCallback onSent) {
    return (tag, failure) -> {
      waiting.decrementAndGet();
      if (onSent != null) {
        onSent.onSent(tag, failure);
      }
    };
  }

  /**
   * The provider's sockets take turns on one event loop, and a socket keeps its turn while
   * datagrams keep coming: read until drained, so that a flooded socket starves the others.
   */
  static UdpSocket floodedSocketKeepsTheLoop(UdpSocket socket, FaultyProvider provider) {
    OneLoop loop = provider.shared(OneLoop.class, OneLoop::new);
    return new Delegating(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          loop.enter(this);
          callback.onReceive(this, payload, sender);
          loop.touch();
        };
      }
    };
  }

  /**
   * Once receiveOne's datagram is delivered, the delivering thread polls for the next instead of
   * sleeping until the application asks for it: a loop that keeps its read interest while paused.
   */
  static UdpSocket pausedSocketPolls(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private volatile boolean oneAtATime;

      @Override
      public UdpSocket receiveOne() {
        oneAtATime = true;
        return super.receiveOne();
      }

      @Override
      public UdpSocket receive() {
        oneAtATime = false;
        return super.receive();
      }

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return (s, payload, sender) -> {
          callback.onReceive(this, payload, sender);
          long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (oneAtATime && !delegate.isClosed() && System.nanoTime() < end) {
            Thread.onSpinWait(); // "is there another datagram yet?"
          }
        };
      }
    };
  }

  /** One turn for all sockets; a watcher ends the turn of a socket that has had nothing for 100 ms. */
  static final class OneLoop {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final Semaphore turn = new Semaphore(1);
    private volatile @Nullable UdpSocket owner;
    private volatile long last;

    OneLoop() {
      Thread watcher = new Thread(this::watch, "fault-one-loop");
      watcher.setDaemon(true);
      watcher.start();
    }

    @SuppressWarnings("ReferenceEquality") // the turn belongs to this very socket: sockets are not values
    void enter(UdpSocket socket) {
      if (owner != socket) {
        turn.acquireUninterruptibly();
        owner = socket;
      }
      touch();
    }

    void touch() {
      last = System.nanoTime();
    }

    private void watch() {
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (System.nanoTime() < end) {
        if (owner != null && System.nanoTime() - last > IDLE_NANOS) {
          owner = null;
          turn.release();
        }
        Rig.pause(java.time.Duration.ofMillis(1));
      }
    }
  }

  /**
   * Stops reading once 1024 datagrams it read wait for their callbacks, and never reads again: as
   * a provider would whose holding queue, once full, is never told that its callbacks made room.
   */
  static UdpSocket neverReadsAgainAfterFallingBehind(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
      private final java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean();

      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        ReceiveCallback inner = super.wrap(callback);
        return (s, payload, sender) -> {
          delivered.incrementAndGet();
          inner.onReceive(s, payload, sender);
        };
      }

      @Override
      public UdpSocket setExecutor(java.util.concurrent.@Nullable Executor executor) {
        super.setExecutor(executor);
        if (executor != null && watching.compareAndSet(false, true)) {
          Thread watcher = new Thread(this::watch, "udp-fault-watcher");
          watcher.setDaemon(true);
          watcher.start();
        }
        return this;
      }

      // Pauses the socket inside once it is 1024 behind; bounded by the socket's close (once it
      // was open: the executor is set before listen) and 60 s.
      private void watch() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean opened = false;
        while (System.nanoTime() < end) {
          try {
            var info = delegate.info();
            if (info.closed()) {
              if (opened) {
                return;
              }
              java.util.concurrent.locks.LockSupport.parkNanos(200_000);
              continue;
            }
            opened = true;
            if (info.counters().datagramsReceived() - delivered.get() >= 1024) {
              delegate.pause();
              return;
            }
          } catch (RuntimeException e) {
            return;
          }
          java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
      }
    };
  }
}
