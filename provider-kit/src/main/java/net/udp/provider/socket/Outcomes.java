package net.udp.provider.socket;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The send outcomes an {@link Outbox} decided under its lock, told to {@link Dispatch} in the
 * order they were decided, and never under the lock (a callback may run inline, on a direct
 * executor). One thread at a time tells: one that finds another telling leaves its outcomes to
 * it, so that two threads' outcomes (the event loop's flush and a close, say) cannot pass each
 * other on the way to the callbacks.
 *
 * <p>Threads: any; state is guarded by the outbox's lock, which {@link #tell} takes and releases
 * around each batch.
 */
final class Outcomes {
  private final ReentrantLock lock;
  private final Dispatch dispatch;
  private final ArrayDeque<Outbox.Outcome> decided = new ArrayDeque<>(); // guarded by lock
  private boolean telling; // guarded by lock

  Outcomes(ReentrantLock lock, Dispatch dispatch) {
    this.lock = lock;
    this.dispatch = dispatch;
  }

  /** Adds an outcome just decided. Under the lock. */
  void add(Outbox.Outcome outcome) {
    decided.add(outcome);
  }

  /** Adds outcomes just decided, in order. Under the lock. */
  void addAll(List<Outbox.Outcome> outcomes) {
    for (int i = 0; i < outcomes.size(); i++) { // no iterator or method reference to allocate
      decided.add(outcomes.get(i));
    }
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
      Outbox.Outcome[] next;
      lock.lock();
      try {
        if (telling || decided.isEmpty()) {
          return;
        }
        telling = true;
        next = decided.toArray(new Outbox.Outcome[0]);
        decided.clear();
      } finally {
        lock.unlock();
      }
      try {
        for (Outbox.Outcome o : next) {
          dispatch.completeSend(o.tag(), o.onSent(), o.failure());
        }
      } finally {
        release();
      }
    }
  }
}
