package net.udp.testkit.plain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import net.udp.SendCallback;
import net.udp.Udp;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The sending half of a {@link PlainSocket}. A send to an address goes out on the calling thread
 * when nothing waits before it; the rest queue on the open and go out on its sender thread, in
 * order. Every send completes exactly once. State is guarded by the socket's lock, and callbacks
 * never run under it.
 */
final class PlainSends {
  /** One send, completed exactly once. */
  static final class Send {
    final byte[] payload;
    final @Nullable InetSocketAddress target;
    final String host;
    final String destination;
    final int port;
    final long tag;
    final @Nullable SendCallback onSent;
    final long deadline;
    boolean done; // guarded by the socket

    Send(byte[] payload, @Nullable InetSocketAddress target, String host, String destination, int port, long tag, @Nullable SendCallback onSent,
        long deadline) {
      this.payload = payload;
      this.target = target;
      this.host = host;
      this.destination = destination;
      this.port = port;
      this.tag = tag;
      this.onSent = onSent;
      this.deadline = deadline;
    }
  }

  private final PlainSocket socket;
  private final PlainAddresses addresses;
  private final PlainCallbacks callbacks;
  long sent; // guarded by socket, as are the two below
  long sentBytes;
  long failed;

  PlainSends(PlainSocket socket, PlainAddresses addresses, PlainCallbacks callbacks) {
    this.socket = socket;
    this.addresses = addresses;
    this.callbacks = callbacks;
  }

  /** A send that never reaches the kernel, failed at once. */
  void refuse(long tag, @Nullable SendCallback onSent, UdpException failure) {
    complete(new Send(new byte[0], null, "", "(none)", 0, tag, onSent, Long.MAX_VALUE), failure);
  }

  private final java.util.List<java.util.concurrent.CompletableFuture<Void>> roomWaiters = new java.util.ArrayList<>(); // guarded by socket

  /** Whether a send made now finds room in the queue. */
  boolean writable() {
    synchronized (socket) {
      PlainLife l = socket.life();
      return l == null || l.queue.size() < socket.sendQueueCapacity();
    }
  }

  /** A future of room in the queue, completed where callbacks run once a send leaves it or the socket closes. */
  java.util.concurrent.CompletableFuture<Void> whenWritable() {
    synchronized (socket) {
      if (writable()) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
      java.util.concurrent.CompletableFuture<Void> waiter = new java.util.concurrent.CompletableFuture<>();
      roomWaiters.add(waiter);
      return waiter.copy();
    }
  }

  /** Tells the senders waiting for room that there is some. Not under the lock. */
  void roomMade() {
    java.util.List<java.util.concurrent.CompletableFuture<Void>> ready;
    synchronized (socket) {
      if (roomWaiters.isEmpty() || !writable()) {
        return;
      }
      ready = java.util.List.copyOf(roomWaiters);
      roomWaiters.clear();
    }
    for (java.util.concurrent.CompletableFuture<Void> waiter : ready) {
      callbacks.execute(() -> waiter.complete(null));
    }
  }

  /** Copies the message, then sends it now or queues it; {@code target} is null for a host name to resolve. */
  void submit(ByteBuffer message, @Nullable InetSocketAddress target, String host, String destination, int port, long tag,
      @Nullable SendCallback onSent) {
    byte[] copy = new byte[message.remaining()];
    message.get(message.position(), copy);
    Send s;
    PlainLife l = null;
    boolean direct = false;
    UdpException refused = null;
    synchronized (socket) {
      Duration t = socket.timeout();
      long deadline = t == null ? Long.MAX_VALUE : System.nanoTime() + Math.min(t.toNanos(), Long.MAX_VALUE / 4);
      s = new Send(copy, target, host, destination, port, tag, onSent, deadline);
      try {
        l = socket.openForSending(destination);
      } catch (UdpException e) {
        refused = e;
      }
      if (l != null) {
        int capacity = socket.sendQueueCapacity();
        // At once when nothing waits (the caller's thread waits while the kernel is full); the
        // variant that queues every send does so only for its callbacks, whose sends would
        // otherwise fill the queue faster than the sender thread drains it.
        if (target != null && l.queue.isEmpty() && l.writing == 0 && (!socket.queuesEverySend() || callbacks.inCallback())) {
          direct = true;
          l.writing++;
        } else if (l.queue.size() >= capacity) {
          refused = new UdpException("send " + destination + ": the send queue is full (" + capacity + " datagrams waiting)");
        } else {
          l.queue.add(s);
          socket.notifyAll();
        }
      }
    }
    if (refused != null) {
      complete(s, refused);
    } else if (direct && target != null && l != null) {
      write(l, s, target);
      finished(l);
    }
  }

  /** The sender thread's part: resolve, send, then take the send off the queue. */
  void sendQueued(PlainLife l, Send s) {
    InetSocketAddress target = s.target;
    UdpException failure = null;
    if (target == null) {
      try {
        target = addresses.resolve("send", s.host, s.port, l);
      } catch (UdpException e) {
        failure = e;
      }
    }
    synchronized (socket) {
      if (!l.open || l.queue.peek() != s) {
        return; // closed meanwhile: close completed it
      }
      l.queue.poll();
      l.writing++; // close waits for it, so that callbacks stay in the order of the sends
    }
    roomMade();
    if (failure != null) {
      complete(s, failure);
    } else if (target != null) {
      write(l, s, target);
    }
    finished(l);
  }

  /** A write counted in {@code l.writing} is over, and called back. */
  private void finished(PlainLife l) {
    synchronized (socket) {
      l.writing--;
      socket.notifyAll();
    }
  }

  private void write(PlainLife l, Send s, InetSocketAddress target) {
    String problem;
    Duration timeout;
    synchronized (socket) {
      problem = addresses.problem(l, target);
      timeout = socket.timeout();
      if (problem == null && s.payload.length == 0 && l.channel.isConnected()) {
        // A connected DatagramChannel writes nothing for an empty buffer, and says 0: not sent.
        problem = "this provider cannot send an empty datagram on a connected socket";
      }
    }
    if (problem != null) {
      complete(s, new UdpException("send " + Udp.formatAddress(target) + ": " + problem));
      return;
    }
    if (s.deadline != Long.MAX_VALUE && System.nanoTime() - s.deadline > 0) {
      complete(s, new UdpTimeoutException("send " + s.destination + ": timed out after " + timeout));
      return;
    }
    try {
      l.channel.send(ByteBuffer.wrap(s.payload), target); // blocking: sent, or an exception
      synchronized (socket) {
        sent++;
        sentBytes += s.payload.length;
      }
      complete(s, null);
    } catch (IOException e) {
      String reason = "send " + Udp.formatAddress(target) + ": " + e.getMessage();
      complete(s, l.channel.isOpen() ? new UdpException(reason, e) : new UdpClosedException(reason));
    }
  }

  /** Completes a send once: its callback hears of it, or the error listener of a failure without one. */
  void complete(Send s, @Nullable UdpException failure) {
    synchronized (socket) {
      if (s.done) {
        return;
      }
      s.done = true;
      if (failure != null) {
        failed++;
      }
    }
    SendCallback onSent = s.onSent;
    if (onSent != null) {
      callbacks.execute(() -> onSent.onSent(s.tag, failure));
    } else if (failure != null) {
      socket.reportError(failure);
    }
  }
}
