package net.udp.provider.socket;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The send outcomes an {@link Outbox} decided under its lock, told to {@link Dispatch} in the
 * order they were decided, and never under the lock (a callback may run inline, on a direct
 * executor). One thread at a time tells: one that finds another telling leaves its outcomes to
 * it, so that two threads' outcomes (the event loop's flush and a close, say) cannot pass each
 * other on the way to the callbacks.
 *
 * <p>Senders waiting for room in the queue ({@link #whenRoom()}) are told the same way, after
 * the outcomes decided before the room was made.
 *
 * <p>Threads: any; state is guarded by the outbox's lock, which {@link #tell} takes and releases
 * around each batch.
 */
final class Outcomes {
  private final ReentrantLock lock;
  private final Dispatch dispatch;
  private final ArrayDeque<Outcome> decided = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<CompletableFuture<Void>> roomWaiters = new ArrayDeque<>(); // guarded by lock
  private final IntSupplier room; // how many sends the queue has room for; under the lock
  // Written under the lock, but read without it by releaseAndTell: a thread that decides an
  // outcome while another holds the turn sets anyDecided, then reads telling; the holder clears
  // telling, then reads anyDecided. Both volatile, so at least one of them sees the other's write
  // and tells (a second teller finds nothing, or the turn taken, and leaves).
  private volatile boolean telling;
  private volatile boolean anyDecided; // decided is not empty
  private int waking; // room waiters moved to the outcomes and not yet told; guarded by lock

  Outcomes(ReentrantLock lock, Dispatch dispatch, IntSupplier room) {
    this.lock = lock;
    this.dispatch = dispatch;
    this.room = room;
  }

  /** Whether the send queue has room for a send made now. Not under the lock. */
  boolean hasRoom() {
    lock.lock();
    try {
      return room.getAsInt() > 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A future of room in the send queue: complete when there is room now, else completed, where
   * callbacks run, by the first {@link #tell} that finds room. Not under the lock.
   */
  CompletableFuture<Void> whenRoom() {
    lock.lock();
    try {
      if (room.getAsInt() > 0) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> waiter = new CompletableFuture<>(); // the caller's own, made for this call
      roomWaiters.add(waiter);
      return waiter; // one the caller cancels or times out is passed over, and takes no room
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves as many room waiters to the outcomes to tell as the queue has room for, in the order
   * they came: waking them all for one free place would have all but one find the queue full
   * again. Under the lock.
   */
  private void roomMadeLocked() {
    int free = roomWaiters.isEmpty() ? 0 : room.getAsInt() - waking; // those woken and not yet told take room too
    while (free > 0 && !roomWaiters.isEmpty()) {
      CompletableFuture<Void> waiter = roomWaiters.poll();
      if (waiter.isDone()) {
        continue; // cancelled or timed out by its caller
      }
      free--;
      waking++;
      decided.add(new Outcome(0, (tag, failure) -> woken(waiter), null));
      anyDecided = true;
    }
  }

  /**
   * A room waiter is told, where callbacks run. Not under the lock. The place it held back while
   * it was being told is free again for the next waiter, whom this tells (no later send may come
   * to do it: a direct send takes the lock again only when outcomes wait).
   */
  private void woken(CompletableFuture<Void> waiter) {
    lock.lock();
    try {
      waking--;
    } finally {
      lock.unlock();
    }
    waiter.complete(null);
    tell();
  }

  /** Adds an outcome just decided. Under the lock. */
  void add(Outcome outcome) {
    decided.add(outcome);
    anyDecided = true;
  }

  /** Adds outcomes just decided, in order. Under the lock. */
  void addAll(List<Outcome> outcomes) {
    for (int i = 0; i < outcomes.size(); i++) { // no iterator or method reference to allocate
      decided.add(outcomes.get(i));
    }
    if (!outcomes.isEmpty()) {
      anyDecided = true;
    }
  }

  /** Whether outcomes were decided and not yet taken to be told. Under the lock. */
  boolean decided() {
    return !decided.isEmpty();
  }

  /** Whether an outcome decided earlier is still to be told. Under the lock. */
  boolean pending() {
    return telling || !decided.isEmpty();
  }

  /** Takes the turn to tell one outcome outside this queue; {@link #release} gives it back. Under the lock, when not {@link #pending}. */
  void claim() {
    telling = true;
  }

  /** Gives back the turn taken by {@link #claim}. Not under the lock. */
  void release() {
    lock.lock();
    try {
      telling = false;
    } finally {
      lock.unlock();
    }
  }

  /** Tells what was decided, unless another thread is telling (it tells ours too). Not under the lock. */
  void tell() {
    while (true) {
      Outcome[] next;
      lock.lock();
      try {
        roomMadeLocked();
        if (telling || decided.isEmpty()) {
          return;
        }
        telling = true;
        next = decided.toArray(new Outcome[0]);
        decided.clear();
        anyDecided = false;
      } finally {
        lock.unlock();
      }
      try {
        for (Outcome o : next) {
          dispatch.completeSend(o.tag(), o.onSent(), o.failure());
        }
      } finally {
        release();
      }
    }
  }

  /**
   * Gives back the turn taken by {@link #claim}, then tells what was decided meanwhile, taking the
   * lock only when something was: the direct send's way out, which must not take it twice. Not
   * under the lock.
   */
  void releaseAndTell() {
    telling = false;
    if (anyDecided) {
      tell();
    }
  }
}
