package net.udp.provider.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.udp.Udp;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.UdpTimeoutException;
import net.udp.provider.OsSocket;
import net.udp.provider.Outgoing;
import net.udp.provider.socket.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The sends that wait in a socket's send queue, in order: bounded in number, each failed when its
 * timeout passes, sent in batches when the socket can take them. It decides outcomes and says
 * what stopped it; the {@link Outbox} whose lock guards it tells the outcomes and waits for what
 * it must (the socket to become writable, a name to resolve).
 */
final class SendQueue {
  /** Why {@link #drain} stopped. */
  enum Stop {
    /** Nothing waits any more. */
    EMPTY,
    /** The kernel's buffer is full: go on when the socket is writable. */
    KERNEL_FULL,
    /** The first send waits for its host name: its resolution flushes again. */
    NAME_PENDING
  }

  private final Settings settings;
  private final Tally tally;
  private final Consumer<PendingSend> expiry; // the outbox's, on the timer thread
  private final ArrayDeque<PendingSend> queue = new ArrayDeque<>();
  private final List<PendingSend> batch = new ArrayList<>();
  private int waiting; // entries in queue not done

  SendQueue(Settings settings, Tally tally, Consumer<PendingSend> expiry) {
    this.settings = settings;
    this.tally = tally;
    this.expiry = expiry;
  }

  /** How many sends wait. */
  int waiting() {
    return waiting;
  }

  /**
   * Queues a send, as a copy, with a timer for its timeout.
   *
   * @return its failure when it cannot wait (the queue is full, or its time is up), else {@code
   *     null}
   */
  @Nullable Outcome add(PendingSend p) {
    int capacity = settings.sendQueueCapacity();
    if (waiting >= capacity) {
      return finish(p, new UdpException("send " + p.destination() + ": the send queue is full (" + capacity + " datagrams waiting)"));
    }
    if (p.deadline != Long.MAX_VALUE) {
      long delay = p.deadline - System.nanoTime();
      if (delay <= 0) {
        return finish(p, timeout(p));
      }
      p.timer = Background.TIMER.schedule(() -> expiry.accept(p), delay, TimeUnit.NANOSECONDS);
    }
    p.detach();
    queue.add(p);
    p.queued = true;
    waiting++;
    return null;
  }

  /**
   * Sends what can go now, in order, up to {@code batchSize} per system call.
   *
   * @param outcomes gets the outcome of each send decided
   * @return what stopped it
   */
  Stop drain(Route r, int batchSize, List<Outcome> outcomes) {
    while (!queue.isEmpty()) { // empty: no iterator to make
      batch.clear();
      for (Iterator<PendingSend> it = queue.iterator(); it.hasNext() && batch.size() < batchSize; ) {
        PendingSend p = it.next();
        if (p.done) {
          it.remove();
        } else if (p.expired()) {
          it.remove(); // its timer has not fired yet, but its time is up
          outcomes.add(finish(p, timeout(p)));
        } else if (p.isResolved() && r.problem(p.target()) == null) {
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
          return Stop.NAME_PENDING;
        }
        UdpException failure = head.resolutionFailure();
        String problem = failure == null ? r.problem(head.target()) : null;
        if (failure == null && problem == null) {
          continue; // resolved since the scan above looked: it leaves in the next batch
        }
        queue.poll();
        outcomes.add(finish(head, failure != null ? failure : new UdpException("send " + head.destination() + ": " + problem)));
        continue;
      }
      int sent = sendBatch(r.os());
      for (int i = 0; i < sent; i++) {
        PendingSend p = queue.poll();
        assert p == batch.get(i);
        outcomes.add(succeed(batch.get(i)));
      }
      if (sent < batch.size()) {
        PendingSend next = batch.get(sent);
        Outcome outcome = attempt(r, next); // learns why the batch stopped
        if (outcome == null) {
          return Stop.KERNEL_FULL;
        }
        queue.poll();
        outcomes.add(outcome);
      }
    }
    return Stop.EMPTY;
  }

  private int sendBatch(OsSocket os) {
    if (batch.size() == 1) {
      return 0; // attempt() sends it and learns the outcome in one call
    }
    try {
      return Math.max(0, Math.min(batch.size(), os.send(batch)));
    } catch (IOException | RuntimeException e) {
      return 0; // attempt() on the first one reports the reason
    }
  }

  /** Fails every send still waiting: the socket closed. */
  void failAll(List<Outcome> outcomes) {
    for (PendingSend p : queue) {
      if (!p.done) {
        outcomes.add(finish(p, new UdpClosedException("send " + p.destination() + ": socket closed before the datagram was sent")));
      }
    }
    queue.clear();
    waiting = 0;
  }

  /** A waiting send's timer fired: its failure, unless it is done. */
  @Nullable Outcome expire(PendingSend p) {
    return p.done ? null : finish(p, timeout(p));
  }

  /** Sends one datagram now: the outcome, or {@code null} when the kernel buffer is full. */
  @Nullable Outcome attempt(Route r, PendingSend p) {
    try {
      return send(r, p) ? succeed(p) : null;
    } catch (UdpException e) {
      return finish(p, e);
    }
  }

  /**
   * One write to the operating system.
   *
   * @return {@code true} when sent, {@code false} when the kernel buffer is full
   * @throws UdpException when the datagram cannot go there, with the reason
   */
  static boolean send(Route r, Outgoing datagram) {
    InetSocketAddress target = datagram.target();
    String problem = r.problem(target);
    if (problem != null) {
      throw new UdpException("send " + Udp.formatAddress(target) + ": " + problem);
    }
    try {
      return r.os().send(datagram);
    } catch (IOException | RuntimeException e) {
      throw new UdpException("send " + Udp.formatAddress(target) + ": " + Reasons.ofSend(e, r.os(), target, datagram.payload().remaining()), e);
    }
  }

  UdpTimeoutException timeout(PendingSend p) {
    return new UdpTimeoutException("send " + p.destination() + ": timed out after " + settings.timeoutText());
  }

  private Outcome succeed(PendingSend p) {
    markDone(p);
    tally.sent(p.payload().remaining());
    return new Outcome(p.tag, p.onSent, null);
  }

  /** Decides a send's failure. */
  Outcome finish(PendingSend p, UdpException failure) {
    markDone(p);
    tally.failed();
    return new Outcome(p.tag, p.onSent, failure);
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
}
