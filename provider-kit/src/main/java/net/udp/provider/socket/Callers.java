package net.udp.provider.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads running receive callbacks that were handed out one datagram a task (concurrent
 * callbacks), so that close can wait for them: all but its own thread, as a callback may close
 * its socket. A thread appears once per callback it runs (a callback may, through a direct
 * executor, run another).
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

  private synchronized boolean othersThan(Thread me) {
    for (Thread t : running) {
      if (t != me) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns once no thread but the caller's runs a callback.
   *
   * @param socket the socket, for the warning when the wait is long
   */
  void awaitOthers(Object socket) {
    Thread me = Thread.currentThread();
    if (othersThan(me)) {
      Spin.untilDone(() -> !othersThan(me), WARNING, () -> "the concurrent receive callbacks of " + socket + " to return (close waits for them)");
    }
  }
}
