package net.udp.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.udp.SendCallback;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpTimeoutException;
import net.udp.internal.AddressText;
import org.jspecify.annotations.Nullable;

/**
 * A socket's send queue. A send goes straight to the operating system from the calling thread
 * when nothing waits before it; otherwise (the kernel buffer is full, or an earlier send waits for
 * its host name) it waits here, in order, bounded in number and by the socket's timeout, and the
 * event loop sends it when the socket is writable. Every send is completed exactly once, and its
 * callback runs after the lock is released.
 */
final class Outbox {
  private static final int BATCH = 64;

  private final AbstractUdpSocket socket;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<PendingSend> queue = new ArrayDeque<>(); // guarded by lock
  private final List<PendingSend> batch = new ArrayList<>(BATCH); // guarded by lock
  private int waiting; // entries in queue not done; guarded by lock
  private boolean open; // guarded by lock
  private boolean writeInterest; // guarded by lock

  /** A send whose outcome is decided, to be told to its callback once the lock is released. */
  private record Outcome(PendingSend send, @Nullable UdpException failure) {}

  Outbox(AbstractUdpSocket socket) {
    this.socket = socket;
  }

  /** The socket was opened: sends may go out. */
  void open() {
    lock.lock();
    try {
      open = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The socket is closing: sends what the kernel takes now (a send deferred to the event loop's
   * batch, or whose name was just resolved, was never refused and must not be lost to a close that
   * follows it), fails every send still waiting, and makes sure no send reaches the operating
   * system afterwards (a closed descriptor number can be reused by another socket at once).
   */
  void close() {
    List<Outcome> outcomes = new ArrayList<>();
    lock.lock();
    try {
      if (open) {
        flushLocked(outcomes);
        wantWritable(false);
      }
      open = false;
      for (PendingSend p : queue) {
        if (!p.done) {
          outcomes.add(finish(p, new UdpClosedException("send " + p.destination() + ": socket closed before the datagram was sent")));
        }
      }
      queue.clear();
      waiting = 0;
      writeInterest = false;
    } finally {
      lock.unlock();
    }
    report(outcomes);
  }

  /**
   * Takes a send that {@link #sendDirect} did not: queues it, or fails it when the socket is
   * closed. A send to a host name whose resolution has already finished goes out now if nothing
   * waits (a send to an address already tried that in {@code sendDirect}).
   *
   * @param p the send
   */
  void submit(PendingSend p) {
    Outcome outcome = null;
    lock.lock();
    try {
      if (!open) {
        outcome = finish(p, new UdpClosedException("send " + p.destination() + ": socket is closed"));
      } else if (p.waitedForName() && waiting == 0 && p.isResolved() && !socket.deferSend()) {
        // A send that waited for its name has spent time: its timeout applies before the write.
        outcome = p.expired() ? finish(p, timeout(p)) : attempt(p);
      }
      if (outcome == null) {
        outcome = enqueue(p);
      }
    } finally {
      lock.unlock();
    }
    if (outcome != null) {
      report(List.of(outcome));
    }
  }

  /**
   * Fails a send that cannot even be queued (for example a write on an unconnected socket).
   *
   * @param p the send
   * @param failure why
   */
  void reject(PendingSend p, UdpException failure) {
    Outcome outcome;
    lock.lock();
    try {
      outcome = finish(p, failure);
    } finally {
      lock.unlock();
    }
    report(List.of(outcome));
  }

  /** Sends what can be sent now, in order; the event loop calls it when the socket is writable. */
  void flush() {
    List<Outcome> outcomes = new ArrayList<>();
    lock.lock();
    try {
      flushLocked(outcomes);
    } finally {
      lock.unlock();
    }
    report(outcomes);
  }

  private void flushLocked(List<Outcome> outcomes) {
    while (open) {
      batch.clear();
      for (Iterator<PendingSend> it = queue.iterator(); it.hasNext() && batch.size() < BATCH; ) {
        PendingSend p = it.next();
        if (p.done) {
          it.remove();
        } else if (p.expired()) {
          it.remove(); // its timer has not fired yet, but its time is up
          outcomes.add(finish(p, timeout(p)));
        } else if (p.isResolved() && socket.targetProblem(p.target()) == null) {
          batch.add(p);
        } else {
          break;
        }
      }
      if (batch.isEmpty()) {
        PendingSend head = queue.peek();
        if (head == null) {
          break;
        }
        if (!head.settled()) {
          wantWritable(false); // the resolution's completion flushes again
          return;
        }
        queue.poll();
        UdpException failure = head.resolutionFailure();
        if (failure == null) {
          String problem = socket.targetProblem(head.target());
          failure = new UdpException("send " + head.destination() + ": " + problem);
        }
        outcomes.add(finish(head, failure));
        continue;
      }
      int sent = sendBatch();
      for (int i = 0; i < sent; i++) {
        PendingSend p = queue.poll();
        assert p == batch.get(i);
        outcomes.add(succeed(batch.get(i)));
      }
      if (sent < batch.size()) {
        PendingSend next = batch.get(sent);
        Outcome outcome = attempt(next); // learns why the batch stopped
        if (outcome == null) {
          wantWritable(true);
          return;
        }
        queue.poll();
        outcomes.add(outcome);
      }
    }
    if (waiting == 0) {
      wantWritable(false);
    }
  }

  private int sendBatch() {
    if (batch.size() == 1) {
      return 0; // attempt() sends it and learns the outcome in one call
    }
    try {
      return Math.max(0, Math.min(batch.size(), socket.sendBatch(batch)));
    } catch (IOException | RuntimeException e) {
      return 0; // attempt() on the first one reports the reason
    }
  }

  /**
   * Expires a waiting send whose deadline passed; runs on the timer.
   *
   * @param p the send
   */
  void expire(PendingSend p) {
    Outcome outcome = null;
    lock.lock();
    try {
      if (!p.done) {
        outcome = finish(p, timeout(p));
      }
    } finally {
      lock.unlock();
    }
    if (outcome != null) {
      report(List.of(outcome));
    }
  }

  /** Sends one datagram now: the outcome, or {@code null} when the kernel buffer is full. */
  private @Nullable Outcome attempt(PendingSend p) {
    try {
      return sendOne(p.message(), p.target()) ? succeed(p) : null;
    } catch (UdpException e) {
      return finish(p, e);
    }
  }

  /**
   * The common case, which allocates nothing: a datagram to a known address, sent from the
   * calling thread because nothing waits before it.
   *
   * @return {@code false}, having done nothing, when the datagram must wait in the queue instead
   *     (others wait, the kernel buffer is full, the socket is closed or defers its sends)
   */
  boolean sendDirect(
      ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    UdpException refused = null;
    lock.lock();
    try {
      if (!open || waiting != 0 || socket.deferSend()) {
        return false;
      }
      try {
        if (!sendOne(message, target)) {
          return false;
        }
        socket.tally().sent(message.remaining());
      } catch (UdpException e) {
        refused = e;
        socket.tally().failed();
      }
    } finally {
      lock.unlock();
    }
    socket.completeSend(tag, onSent, refused);
    return true;
  }

  /**
   * One write to the operating system.
   *
   * @return {@code true} when sent, {@code false} when the kernel buffer is full
   * @throws UdpException when the datagram cannot go there, with the reason
   */
  private boolean sendOne(ByteBuffer message, InetSocketAddress target) {
    String problem = socket.targetProblem(target);
    if (problem != null) {
      throw new UdpException("send " + AddressText.hostPort(target) + ": " + problem);
    }
    try {
      return socket.sendNow(message, target);
    } catch (IOException | RuntimeException e) {
      throw new UdpException("send " + AddressText.hostPort(target) + ": " + AbstractUdpSocket.reason(e), e);
    }
  }

  private @Nullable Outcome enqueue(PendingSend p) {
    int capacity = socket.sendQueueCapacity();
    if (waiting >= capacity) {
      return finish(p, new UdpException("send " + p.destination() + ": the send queue is full (" + capacity + " datagrams waiting)"));
    }
    if (p.deadline != Long.MAX_VALUE) {
      long delay = p.deadline - System.nanoTime();
      if (delay <= 0) {
        return finish(p, timeout(p));
      }
      p.timer = Background.TIMER.schedule(() -> expire(p), delay, TimeUnit.NANOSECONDS);
    }
    p.detach();
    queue.add(p);
    p.queued = true;
    waiting++;
    var resolution = p.resolution();
    if (resolution != null) {
      // Flush once the name is resolved, whether that is later or happened a moment ago.
      var unused = resolution.whenComplete((address, failure) -> socket.executeOnLoop(this::flush));
    } else if (socket.deferSend()) {
      socket.flushLater(); // a burst from the event loop: it leaves in one batch
    } else if (waiting == 1) {
      wantWritable(true); // the kernel buffer was full: go on when it has room
    }
    return null;
  }

  private UdpTimeoutException timeout(PendingSend p) {
    return new UdpTimeoutException("send " + p.destination() + ": timed out after " + socket.timeoutText());
  }

  private Outcome succeed(PendingSend p) {
    markDone(p);
    socket.tally().sent(p.message().remaining());
    return new Outcome(p, null);
  }

  private Outcome finish(PendingSend p, UdpException failure) {
    markDone(p);
    socket.tally().failed();
    return new Outcome(p, failure);
  }

  private void markDone(PendingSend p) {
    if (p.timer != null) {
      p.timer.cancel(false);
    }
    if (!p.done && p.queued) {
      waiting--;
    }
    p.done = true;
  }

  private void wantWritable(boolean on) {
    if (writeInterest != on) {
      writeInterest = on;
      socket.writableInterest(on);
    }
  }

  private void report(List<Outcome> outcomes) {
    for (Outcome o : outcomes) {
      socket.completeSend(o.send().tag, o.send().onSent, o.failure());
    }
  }
}
