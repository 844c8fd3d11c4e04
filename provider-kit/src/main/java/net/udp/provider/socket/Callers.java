package net.udp.provider.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads running receive callbacks that were handed out one datagram a task (concurrent
 * callbacks), so that close can wait for them, and tell whether it was called by one of them. A
 * thread appears once per callback it runs (a callback may, through a direct executor, run
 * another).
 *
 * <p>Threads: any; guarded by this, never held while a callback runs.
 */
final class Callers {
  private static final Duration WARNING = Duration.ofSeconds(10);

  private final List<Thread> running = new ArrayList<>(); // guarded by this

  synchronized void enter(Thread thread) {
    running.add(thread);
  }

  synchronized void exit(Thread thread) {
    running.remove(thread);
  }

  synchronized boolean includes(Thread thread) {
    return running.contains(thread);
  }

  private synchronized boolean none() {
    return running.isEmpty();
  }

  /**
   * Returns once no thread runs a callback; never called from one (it would wait for itself).
   *
   * @param socket the socket, for the warning when the wait is long
   */
  void awaitNone(Object socket) {
    if (!none()) {
      Spin.untilDone(this::none, WARNING, () -> "the concurrent receive callbacks of " + socket + " to return (close waits for them)");
    }
  }
}
