package net.udp.provider.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import net.udp.SendCallback;
import net.udp.UdpBatch;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.Udp;
import net.udp.provider.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * A socket's sending, under one lock that it owns: {@link SendQueue}, {@link Staged} and {@link
 * Outcomes} are its parts, guarded by it, and no other lock of the kit's is taken under it. Every
 * datagram to an address enters once, through {@link #send}: staged into a native batch the
 * provider lends when it is sent on the event loop (a callback's send, which leaves with the others
 * at the end of the loop's turn), else sent from the calling thread when nothing waits before it,
 * else queued, in order, bounded in number and by the socket's timeout, for the loop to send when
 * the socket is writable. Every send is completed exactly once, and told after the lock is
 * released, in the order the outcomes were decided. Threads: senders, the loop (flushes), the
 * timer (expiries), name resolution (flushes), a closing thread.
 */
final class Outbox {
  private final EventLoop loop;
  private final Settings settings;
  private final Tally tally;
  private final Dispatch dispatch;
  private final Runnable interestChanged;
  private final Runnable flushAtEndOfTurn = this::flushAtEndOfTurn;
  private final ReentrantLock lock = new ReentrantLock();
  private final SendQueue queue; // guarded by lock
  private final Staged staged = new Staged(); // guarded by lock
  private final Staged.Overflow overflow = this::waitInQueue;
  private final List<Outcome> reused = new ArrayList<>(); // guarded by lock; empty between uses
  private final ReusedOutgoing outgoing = new ReusedOutgoing(); // guarded by lock
  private @Nullable Route route; // non-null while open; guarded by lock
  private int batchSize = 1; // the route's; guarded by lock
  private volatile boolean writeInterest; // written under lock
  private boolean flushQueued; // a flush is due at the end of the loop's turn; loop thread only
  private final Outcomes outcomesToTell; // decided under lock, told in that order

  /**
   * A closed queue.
   *
   * @param interestChanged run (under the queue's lock) when {@link #wantsWritable()} changed
   */
  Outbox(EventLoop loop, Settings settings, Tally tally, Dispatch dispatch, Runnable interestChanged) {
    this.loop = loop;
    this.settings = settings;
    this.tally = tally;
    this.dispatch = dispatch;
    this.interestChanged = interestChanged;
    this.outcomesToTell = new Outcomes(lock, dispatch, this::freeLocked);
    this.queue = new SendQueue(settings, tally, this::expire);
  }

  /** How many sends the queue has room for: any number once closed (they fail as closed). Under the lock. */
  private int freeLocked() {
    return route == null ? Integer.MAX_VALUE : Math.max(0, settings.sendQueueCapacity() - queue.waiting());
  }

  /** Whether a send made now finds room in the queue: closed or unopened, it does (and fails as such). */
  boolean writable() {
    return outcomesToTell.hasRoom();
  }

  /** A future of room in the queue: complete when there is room now, else completed by the tell that follows the room made. */
  CompletableFuture<Void> whenWritable() {
    return outcomesToTell.whenRoom();
  }

  /**
   * The socket was opened: sends may go out, there.
   *
   * @param to the open socket
   */
  void open(Route to) {
    lock.lock();
    try {
      route = to;
      batchSize = Math.max(1, to.os().batchSize());
    } finally {
      lock.unlock();
    }
  }

  /** Whether sends wait for the socket to become writable. */
  boolean wantsWritable() {
    return writeInterest;
  }

  /** Whether a send made now waits to leave with others at the end of the loop's turn. */
  private boolean gathers() {
    return batchSize > 1 && loop.inLoop();
  }

  /**
   * The socket is closing: sends what the kernel takes now (a send deferred to the loop's batch,
   * or whose name was just resolved, must not be lost to a close that follows it), fails every
   * send still waiting, and lets none reach the operating system afterwards (a closed descriptor
   * number can be reused at once). The outcomes are left to {@link #tellOutcomes()}: the caller
   * holds a lock under which no callback may run.
   */
  void closeUntold() {
    List<Outcome> outcomes = new ArrayList<>();
    lock.lock();
    try {
      if (route != null) {
        flushLocked(outcomes);
        wantWritable(false);
      }
      route = null;
      queue.failAll(outcomes);
    } finally {
      outcomesToTell.addAll(outcomes);
      lock.unlock();
    }
  }

  /** Tells the outcomes decided and not told yet. Not under any lock: a callback may run inline. */
  void tellOutcomes() {
    outcomesToTell.tell();
  }

  /**
   * Takes a send that cannot go the way of {@link #send}: one to a host name, once its resolution
   * has started, which is queued (or sent now, when its resolution has finished and nothing
   * waits); or one that fails at once, such as a write on an unconnected socket.
   *
   * @param p the send
   * @param failure why it fails, or {@code null} when it does not
   */
  void submit(PendingSend p, @Nullable UdpException failure) {
    List<Outcome> outcomes = new ArrayList<>(1);
    lock.lock();
    try {
      Outcome outcome = null;
      Route r = route;
      if (failure != null || r == null) {
        outcome = queue.finish(p, failure != null ? failure : new UdpClosedException("send " + p.destination() + ": socket is closed"));
      } else if (p.waitedForName() && queue.waiting() == 0 && p.isResolved() && !gathers()) {
        // A send that waited for its name has spent time: its timeout applies before the write.
        outcome = p.expired() ? queue.finish(p, queue.timeout(p)) : queue.attempt(r, p);
      }
      if (outcome != null) {
        outcomes.add(outcome);
      } else {
        queueLocked(p, outcomes);
      }
    } finally {
      outcomesToTell.addAll(outcomes);
      lock.unlock();
    }
    outcomesToTell.tell();
  }

  /** Sends what can be sent now, in order; the event loop calls it when the socket is writable. */
  void flush() {
    lock.lock();
    try {
      flushLockedToTell();
    } finally {
      lock.unlock();
    }
    outcomesToTell.tell();
  }

  /** {@link #flushLocked}, its outcomes queued to be told, allocating nothing (the loop flushes every turn). Under the lock. */
  private void flushLockedToTell() {
    List<Outcome> outcomes = reused;
    try {
      flushLocked(outcomes);
    } finally {
      if (!outcomes.isEmpty()) {
        outcomesToTell.addAll(outcomes);
        outcomes.clear();
      }
    }
  }

  private void flushAtEndOfTurn() {
    flushQueued = false;
    flush();
  }

  private void flushLocked(List<Outcome> outcomes) {
    Route r = route;
    SendQueue.Stop stop = SendQueue.Stop.EMPTY;
    if (r != null) {
      staged.send(tally, outcomes, overflow);
      stop = queue.drain(r, batchSize, outcomes);
    }
    switch (stop) {
      case KERNEL_FULL -> wantWritable(true);
      case NAME_PENDING -> wantWritable(false); // the resolution's completion flushes again
      case EMPTY -> {
        if (queue.waiting() == 0) {
          wantWritable(false);
        }
      }
    }
  }

  /**
   * Expires a waiting send whose deadline passed; runs on the timer.
   *
   * @param p the send
   */
  void expire(PendingSend p) {
    lock.lock();
    try {
      Outcome expired = queue.expire(p);
      if (expired != null) {
        outcomesToTell.add(expired);
      }
    } finally {
      lock.unlock();
    }
    outcomesToTell.tell();
  }

  /**
   * The one way in for a datagram to a known address, under the lock once: staged into the loop's
   * native batch (a send from a callback, where the provider lends one), sent now from the calling
   * thread (nothing waits before it), or else queued. Allocates nothing unless the datagram waits
   * or fails. Its outcome is told after the lock is released: to its callback, or to the error
   * listener when it failed and has none.
   */
  void send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent, int ecn, @Nullable InetAddress source) {
    List<Outcome> outcomes = reused;
    boolean direct = false; // sent or refused from this thread, and told here
    UdpException refused = null;
    boolean toTell;
    lock.lock();
    try {
      Route r = route;
      if (r == null) {
        outcomes.add(queue.finish(waiting(message, target, tag, onSent, ecn, source),
            new UdpClosedException("send " + Udp.formatAddress(target) + ": socket is closed")));
      } else if (gathers()) {
        if (!stageLocked(r, message, target, tag, onSent, ecn, source)) {
          queueLocked(waiting(message, target, tag, onSent, ecn, source), outcomes);
        }
      } else if (queue.waiting() == 0 && !outcomesToTell.pending()) { // an outcome still to be told comes first
        try {
          if (SendQueue.send(r, outgoing.set(message, target, ecn, source))) {
            tally.sent(message.remaining());
            direct = onSent != null; // else nothing to tell
          } else {
            queueLocked(waiting(message, target, tag, onSent, ecn, source), outcomes); // the kernel's buffer is full
          }
        } catch (UdpException e) {
          refused = e;
          tally.failed();
          direct = true;
        } finally {
          outgoing.clear();
        }
        if (direct) {
          outcomesToTell.claim(); // outcomes decided after this one wait until it is told
        }
      } else {
        queueLocked(waiting(message, target, tag, onSent, ecn, source), outcomes);
      }
    } finally {
      if (!outcomes.isEmpty()) {
        outcomesToTell.addAll(outcomes);
        outcomes.clear();
      }
      toTell = outcomesToTell.decided();
      lock.unlock();
    }
    if (direct) {
      try {
        dispatch.completeSend(tag, onSent, refused);
      } finally {
        outcomesToTell.releaseAndTell(); // takes the lock only when outcomes wait
      }
    } else if (toTell) {
      outcomesToTell.tell();
    }
  }

  /** A datagram to a known address, to wait in the queue. */
  private PendingSend waiting(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent, int ecn,
      @Nullable InetAddress source) {
    return new PendingSend(message, target, null, "", tag, onSent, settings.deadline(), ecn, source);
  }

  /**
   * Copies a send made on the event loop into the native batch that leaves at the end of the
   * loop's turn, or now when the batch is full. Under the lock.
   *
   * @return {@code false}, having done nothing, when it must wait in the queue instead: the
   *     provider lends no batch, others wait, or the destination cannot be reached from here
   */
  private boolean stageLocked(Route r, ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent, int ecn,
      @Nullable InetAddress source) {
    if (queue.waiting() != 0 || r.problem(target) != null) {
      return false;
    }
    try {
      outgoing.set(message, target, ecn, source);
      boolean first = !staged.borrowed();
      if (!staged.add(r.os(), outgoing, tag, onSent)) {
        if (first) {
          return false; // no batch, or one too small for this datagram
        }
        flushLockedToTell(); // a full batch leaves now
        if (queue.waiting() != 0 || !staged.add(r.os(), outgoing, tag, onSent)) { // the lock was held: r is still the route
          return false;
        }
      }
    } finally {
      outgoing.clear();
    }
    flushAtEndOfTurnOnce();
    return true;
  }

  /** Has the loop flush at the end of its turn, once however many sends ask. Loop thread only. */
  private void flushAtEndOfTurnOnce() {
    if (!flushQueued) {
      flushQueued = true;
      loop.atEndOfTurn(flushAtEndOfTurn);
    }
  }

  /**
   * A caller's batch, from a thread other than the loop's: its datagrams leave now through a
   * native batch, as many per system call as the provider takes, when nothing waits before them.
   *
   * @return the index of the first datagram not taken, which the caller sends the ordinary way,
   *     and so the rest: 0 on the loop, without a native batch, or while others wait
   */
  int sendNow(UdpBatch datagrams) {
    if (loop.inLoop()) {
      return 0;
    }
    int next = 0;
    lock.lock();
    try {
      Route r = route;
      while (r != null && next < datagrams.size() && queue.waiting() == 0) {
        int stop = staged.addAll(r, datagrams, next);
        boolean sends = staged.size() > 0; // the loop's own, when none of these fitted
        flushLockedToTell(); // the kernel's leftovers wait in the queue, and what follows them
        if (stop == next && !sends) {
          break; // not one fits an empty batch, or there is none: the ordinary way
        }
        next = stop;
      }
    } finally {
      lock.unlock();
    }
    outcomesToTell.tell();
    return next;
  }

  /**
   * Datagrams of one segmented send, in groups the kernel takes at once, from the calling thread
   * when nothing waits before them. Nothing is told: the caller tells the whole send once.
   *
   * @return the bytes sent from the position, whole groups; 0, having sent nothing, when the rest
   *     must go one by one (others wait, the kernel buffer is full, the socket is closed, or the
   *     route or kernel refuses them at once)
   * @throws UdpException when the operating system refused the first group, counted as that many
   *     failed sends
   */
  long sendSegmentsNow(ByteBuffer segments, int segmentSize, int perGroup, InetSocketAddress target, int ecn, @Nullable InetAddress source) {
    lock.lock();
    try {
      Route r = route;
      if (r == null || queue.waiting() != 0 || gathers() || outcomesToTell.pending() || r.problem(target) != null) {
        return 0;
      }
      long sent;
      try {
        sent = r.os().sendSegments(outgoing.set(segments, target, ecn, source), segmentSize, perGroup);
      } finally {
        outgoing.clear();
      }
      if (sent <= 0) {
        return 0;
      }
      tally.sent((int) ((sent + segmentSize - 1) / segmentSize), sent);
      return sent;
    } catch (IOException | RuntimeException e) {
      tally.failed((Math.min(perGroup * segmentSize, segments.remaining()) + segmentSize - 1) / segmentSize);
      Route r = route;
      throw new UdpException("send " + Udp.formatAddress(target) + ": " + Reasons.ofSend(e, r == null ? null : r.os(), target, segmentSize), e);
    } finally {
      lock.unlock();
    }
  }

  /** A staged datagram the kernel had no room for waits in the queue, as a copy. Under the lock. */
  private void waitInQueue(ByteBuffer payload, InetSocketAddress target, long tag, @Nullable SendCallback onSent, int ecn,
      @Nullable InetAddress source, List<Outcome> outcomes) {
    Outcome o = enqueue(waiting(payload, target, tag, onSent, ecn, source));
    if (o != null) {
      outcomes.add(o); // the queue is full
    }
  }

  /** Queues a send, or decides its failure when it cannot wait. Under the lock. */
  private void queueLocked(PendingSend p, List<Outcome> outcomes) {
    Outcome refused = enqueue(p);
    if (refused != null) {
      outcomes.add(refused);
    } else if (gathers() && queue.waiting() >= batchSize && !writeInterest) {
      flushLocked(outcomes); // a full batch leaves now: only a kernel that refuses may fill the queue
    }
  }

  private @Nullable Outcome enqueue(PendingSend p) {
    Outcome refused = queue.add(p);
    if (refused != null) {
      return refused;
    }
    var resolution = p.resolution();
    if (resolution != null) {
      // Flush once the name is resolved, whether that is later or happened a moment ago.
      var unused = resolution.whenComplete((address, failure) -> loop.execute(this::flush));
    } else if (gathers()) {
      flushAtEndOfTurnOnce(); // a burst from the event loop: it leaves in one batch
    } else if (queue.waiting() == 1) {
      wantWritable(true); // the kernel buffer was full: go on when it has room
    }
    return null;
  }

  private void wantWritable(boolean on) {
    if (writeInterest != on) {
      writeInterest = on;
      interestChanged.run();
    }
  }
}
