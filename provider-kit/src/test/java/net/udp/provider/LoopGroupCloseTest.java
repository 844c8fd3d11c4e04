package net.udp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Closing a loop group ends its loops' threads, frees what each held on its own thread, and for good. */
class LoopGroupCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A loop with no sockets: it records the threads it started and stopped on. */
  private static final class Recording extends EventLoop {
    final Semaphore wake = new Semaphore(0);
    final List<Thread> startedOn = new CopyOnWriteArrayList<>();
    final List<Thread> stoppedOn = new CopyOnWriteArrayList<>();

    Recording(int n) {
      super("test", "loop-group-close-" + n);
    }

    @Override
    public OsSocket open(OpenRequest request, SocketEvents events) {
      throw new UnsupportedOperationException("no sockets here");
    }

    @Override
    protected int serve(boolean block) throws java.io.IOException {
      if (block) {
        try {
          wake.acquire();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
      }
      wake.drainPermits();
      return 0;
    }

    @Override
    protected void wakeup() {
      wake.release();
    }

    @Override
    protected void started() {
      startedOn.add(Thread.currentThread());
    }

    @Override
    protected void stopped() {
      stoppedOn.add(Thread.currentThread());
    }
  }

  @Test
  void closeEndsEveryLoopAfterItFreedWhatItHeldOnItsOwnThread() throws InterruptedException {
    for (IdleStrategy idle : List.of(IdleStrategy.park(), IdleStrategy.spinThenPark(Duration.ofNanos(50_000L)), IdleStrategy.busyPoll())) {
      List<Recording> made = new CopyOnWriteArrayList<>();
      LoopGroup<Recording> group = new LoopGroup<>(3, () -> idle, n -> {
        Recording r = new Recording(n);
        made.add(r);
        return r;
      });
      CountDownLatch ran = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        group.next().execute(ran::countDown);
      }
      assertTrue(ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "each loop runs a task before the close");
      assertTrue(group.close(WAIT), "every loop ends within the wait, idle " + idle);
      assertEquals(3, made.size());
      for (Recording r : made) {
        assertEquals(r.startedOn, r.stoppedOn, "stopped() runs once, on the thread started() ran on, idle " + idle);
        assertFalse(r.stoppedOn.get(0).isAlive(), r + "'s thread ended, idle " + idle);
      }
    }
  }

  @Test
  void aClosedGroupRefusesNewSocketsAndGroups() throws InterruptedException {
    AtomicInteger made = new AtomicInteger();
    LoopGroup<Recording> group = new LoopGroup<>(1, n -> {
      made.incrementAndGet();
      return new Recording(n);
    });
    assertTrue(group.close(WAIT), "a group that never started has nothing to wait for");
    IllegalStateException e = assertThrows(IllegalStateException.class, group::next);
    assertTrue(String.valueOf(e.getMessage()).contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> group.serverGroup(0, 1, null));
    assertEquals(0, made.get(), "a closed group starts no loop");
  }

  @Test
  void aStartedGroupRefusesToStartAgainOnceClosed() throws InterruptedException {
    LoopGroup<Recording> group = new LoopGroup<>(2, Recording::new);
    Recording first = group.next();
    assertTrue(group.close(WAIT));
    assertThrows(IllegalStateException.class, group::next, "next() after close");
    assertEquals(1, first.stoppedOn.size());
  }

  @Test
  void freshLoopsCloseTheLastGroupWhenTheNextIsMade() throws InterruptedException {
    List<Recording> made = new CopyOnWriteArrayList<>();
    FreshLoops<Recording> fresh = new FreshLoops<>(() -> new LoopGroup<>(1, n -> {
      Recording r = new Recording(n);
      made.add(r);
      return r;
    }));
    LoopGroup<Recording> first = fresh.next();
    Recording firstLoop = first.next();
    LoopGroup<Recording> second = fresh.next();
    assertNotSame(first, second, "a group of its own");
    assertEquals(List.of(firstLoop), made, "the next group starts nothing until used");
    assertEquals(1, firstLoop.stoppedOn.size(), "the last group's loop was stopped");
    assertFalse(firstLoop.stoppedOn.get(0).isAlive(), "and its thread ended");
    assertThrows(IllegalStateException.class, first::next, "the last group is closed");
    Recording secondLoop = second.next();
    assertEquals(0, secondLoop.stoppedOn.size(), "the new group runs");
    assertTrue(second.close(WAIT));
  }
}
