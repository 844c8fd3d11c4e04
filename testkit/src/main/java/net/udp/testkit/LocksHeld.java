package net.udp.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.TreeSet;

/** The monitors and locks the calling thread holds, by class, as the JVM reports them. */
final class LocksHeld {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LocksHeld() {}

  /**
   * What the calling thread holds now.
   *
   * @return a description of each monitor and lock, sorted
   */
  static Set<String> now() {
    ThreadInfo[] infos = THREADS.getThreadInfo(new long[] {Thread.currentThread().threadId()}, true, true);
    Set<String> held = new TreeSet<>();
    if (infos.length == 0 || infos[0] == null) {
      return held;
    }
    for (LockInfo monitor : infos[0].getLockedMonitors()) {
      held.add("the monitor of a " + monitor.getClassName());
    }
    for (LockInfo lock : infos[0].getLockedSynchronizers()) {
      // A pool thread marks itself busy with a lock of its own while it runs any task: it guards
      // nothing a callback could call.
      if (!lock.getClassName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
        held.add("a " + lock.getClassName());
      }
    }
    return held;
  }

  /**
   * What the calling thread holds now beyond what it held before (a rule's own thread may be a
   * pool's worker, say).
   *
   * @param before what it held then
   * @return the monitors and locks taken since, sorted
   */
  static Set<String> beyond(Set<String> before) {
    Set<String> held = now();
    held.removeAll(before);
    return held;
  }
}
