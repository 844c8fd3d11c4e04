package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * UDP-15.3, 15.5 and 15.7: the send queue. Back-pressure ({@code isWritable}, {@code
 * whenWritable}) at a kernel buffer that fills ({@link SlowPath}), the queue's exact capacity, and
 * a loop that goes idle once its queue has drained.
 */
public interface QueueRules extends ProviderUnderTest {

  /**
   * Rule UDP-15.3: back-pressure. A socket never opened is writable; with the send queue full
   * {@code isWritable()} says so and {@code whenWritable()} waits until a send leaves the queue,
   * so that a sender that waits on it before each send has every datagram delivered, in order,
   * and none refused for a full queue. With a queue of one, the send that waits waits alone: the
   * kernel's room must move it without a second send behind it asking the loop to watch. So too
   * on a socket closed while sends waited and opened again.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @DisplayName("UDP-15.3 back-pressure: with the send queue full (of 1 or of 8) isWritable is false and whenWritable waits until a send leaves it; a sender that waits on whenWritable before each send has every datagram delivered and none refused, also once closed with sends waiting and opened again")
  default void udp_15_3_backPressure(Rig rig) throws Exception {
    UdpSocket unopened = rig.socket();
    assertTrue(unopened.isWritable(), "a socket never opened is not writable");
    assertTrue(unopened.whenWritable().isDone(), "whenWritable of a socket never opened is not complete");
    rig.assumeSlowPath();
    int waited = 0;
    for (int capacity : new int[] {1, 8}) {
      waited += sendWaitingForRoom(rig, SlowPath.sender(rig).setSendQueueCapacity(capacity).listen("127.0.0.1", 0), capacity, "");
    }
    // Closed while sends wait, and opened again: the queue, and what the loop was asked to
    // watch for, start afresh, and a send that waits alone leaves as room is made.
    UdpSocket reopened = SlowPath.sender(rig).setSendQueueCapacity(2 * PressureRules.BACKLOG).listen("127.0.0.1", 0);
    InetSocketAddress elsewhere = SlowPath.receiver(rig, new Inbox());
    Outcomes closing = new Outcomes();
    for (int i = 0; i < PressureRules.BACKLOG; i++) {
      reopened.send(Datagram.of(new byte[PressureRules.SLOW_SIZE]).to(elsewhere), closing);
    }
    reopened.close();
    for (int i = 0; i < PressureRules.BACKLOG; i++) {
      closing.next(); // sent, or failed as closed: UDP-15.4 judges which
    }
    waited += sendWaitingForRoom(rig, reopened.setSendQueueCapacity(1).listen("127.0.0.1", 0), 1, ", opened again after a close with sends waiting");
    // A provider whose send made the caller wait while the kernel was full never fills its
    // queue: there is no back-pressure to judge.
    assumeSomeSendWaited(waited);
  }

  /**
   * Rule UDP-15.7: once the kernel has taken every send that waited for room, the provider goes
   * idle. A loop that keeps asking to be told of room it no longer needs (the operating system
   * tells it at once, every turn) spins a CPU for nothing, and nothing else shows it: every
   * datagram still arrives.
   *
   * @param rig the sockets of this rule, closed after it
   * @throws Exception when the rule cannot run to its end (a failure)
   */
  @Test
  @ResourceLock(Resources.GLOBAL) // alone, where rules run in parallel: it measures every thread
  @DisplayName("UDP-15.7 once the sends that waited at a full kernel buffer have left, the provider idles: its threads spend under a fifth of a CPU over the next second")
  default void udp_15_7_idleOnceTheQueueDrains(Rig rig) throws Exception {
    rig.assumeSlowPath();
    int waited = sendWaitingForRoom(rig, SlowPath.sender(rig).setSendQueueCapacity(8).listen("127.0.0.1", 0), 8, "");
    assumeSomeSendWaited(waited);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads.isThreadCpuTimeSupported(), "this JVM measures no thread's CPU time");
    // Every datagram arrived: what runs now is the provider's own, settling (a loop that polls a
    // while before it parks) and then idle.
    LockSupport.parkNanos(Rig.QUIET.toNanos());
    Map<Long, Long> before = cpuOfOtherThreads(threads);
    long start = System.nanoTime();
    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    Map<Long, Long> after = cpuOfOtherThreads(threads);
    long elapsed = System.nanoTime() - start;
    long spent = 0; // by the threads alive at the end; one started meanwhile counts from its start
    for (Map.Entry<Long, Long> t : after.entrySet()) {
      spent += Math.max(0, t.getValue() - before.getOrDefault(t.getKey(), 0L));
    }
    long ms = spent / 1_000_000;
    assertTrue(spent * 5 < elapsed, () -> "the provider's threads spent " + ms + " ms of CPU in the " + elapsed / 1_000_000
        + " ms after every send had left, with nothing to do: a loop still asks to be told the socket is writable, and spins");
  }

  /** The CPU time, in nanoseconds, of every live thread but the caller's, by thread id. */
  private static Map<Long, Long> cpuOfOtherThreads(ThreadMXBean threads) {
    long self = Thread.currentThread().threadId();
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = id == self ? -1 : threads.getThreadCpuTime(id);
      if (nanos >= 0) { // -1: the caller, or a thread that ended meanwhile
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }

  /**
   * {@link PressureRules#BACKLOG} sends on the slow path from {@code sender}, open, each made once
   * {@code whenWritable()} is complete; expects them all delivered.
   *
   * @param capacity the sender's send queue capacity, for the failure messages
   * @param how what else is true of the sender, for the failure messages
   * @return how many times the sender had to wait for room
   */
  private static int sendWaitingForRoom(Rig rig, UdpSocket sender, int capacity, String how) throws InterruptedException, ExecutionException {
    Inbox inbox = new Inbox();
    InetSocketAddress to = SlowPath.receiver(rig, inbox);
    Outcomes outcomes = new Outcomes();
    int waited = 0;
    int notWritable = 0;
    for (int i = 0; i < PressureRules.BACKLOG; i++) {
      CompletableFuture<Void> room = sender.whenWritable();
      if (!room.isDone()) {
        waited++;
        notWritable += sender.isWritable() ? 0 : 1;
        try {
          room.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("no room in a send queue of " + capacity + how + " within " + Rig.patience().toSeconds() + " s after " + i
              + " sends: whenWritable did not complete as the kernel took the waiting datagrams", e);
        }
      }
      sender.send(Datagram.of(ByteBuffer.wrap(SlowPath.payload(i))).to(to).tag(i), outcomes);
    }
    SlowPath.expectDelivered(outcomes, inbox, 0, "each after waiting on whenWritable, in a send queue of " + capacity + how);
    assertTrue(waited == 0 || notWritable > 0, "isWritable() was never false while whenWritable waited (" + waited + " waits, a send queue of " + capacity + how + ")");
    return waited;
  }

  /**
   * Rule UDP-15.5: the send queue holds exactly its capacity. With that many sends waiting for a
   * name that does not resolve yet, the socket is not writable and the next send fails at once,
   * saying the queue is full; with one fewer there was room. Raising the capacity then makes room,
   * and completes {@code whenWritable()}. Once the name resolves, every send that waited arrives,
   * in order.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-15.5 the send queue holds exactly its capacity (1, 2, 7): with that many sends waiting for a name, isWritable is false and the next send fails at once as the queue is full; raising the capacity completes whenWritable; once the name resolves, all that waited arrive in order")
  default void udp_15_5_theQueueHoldsExactlyItsCapacity(Rig rig) {
    Inbox inbox = new Inbox();
    UdpSocket receiver = rig.socket(inbox).listen("127.0.0.1", 0).receive();
    for (int capacity : new int[] {1, 2, 7}) {
      UdpSocket sender = rig.socket().setSendQueueCapacity(capacity).listen("127.0.0.1", 0);
      Outcomes outcomes = new Outcomes();
      try (TestNames.Held held = TestNames.hold()) {
        for (int i = 0; i < capacity; i++) {
          assertTrue(sender.isWritable(), "no room for send " + (i + 1) + " in a queue of " + capacity);
          sender.send(Datagram.of(SlowPath.payload(i)).to(held.name(), Rig.port(receiver)).tag(i), outcomes);
        }
        assertFalse(sender.isWritable(), "isWritable() with " + capacity + " sends waiting in a queue of " + capacity);
        sender.send(Datagram.of("one too many").to(held.name(), Rig.port(receiver)).tag(-2), outcomes);
        Outcomes.Outcome refused = outcomes.next();
        assertEquals(-2, refused.tag(), "the first outcome, in a queue of " + capacity + ": the send that found it full");
        String why = String.valueOf(refused.failed().getMessage());
        assertTrue(why.toLowerCase(Locale.ROOT).contains("full"), () -> "a send to a full queue of " + capacity + " failed, but not saying so: " + why);
        CompletableFuture<Void> room = sender.whenWritable();
        assertFalse(room.isDone(), "whenWritable() complete with " + capacity + " sends waiting in a queue of " + capacity);
        sender.setSendQueueCapacity(capacity + 1);
        try {
          room.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
          throw new AssertionError("whenWritable() did not complete within " + Rig.patience().toSeconds()
              + " s of the queue's capacity being raised from " + capacity + " to " + (capacity + 1) + ", which made room", e);
        }
        assertTrue(sender.isWritable(), "isWritable() once the queue's capacity was raised from " + capacity + " to " + (capacity + 1));
      }
      for (int i = 0; i < capacity; i++) {
        assertEquals(i, outcomes.next().succeeded().tag(), "send " + i + " of a queue of " + capacity + ", once the name resolved");
      }
      List<Inbox.Datagram> got = inbox.next(capacity, "the sends that waited in a queue of " + capacity);
      for (int i = 0; i < capacity; i++) {
        assertArrayEquals(SlowPath.payload(i), got.get(i).payload(), "datagram " + i + " of a queue of " + capacity);
      }
      assertTrue(sender.isWritable(), "isWritable() once the queue of " + capacity + " emptied");
    }
  }

  /** Skips the rule for a provider whose sends wait for the kernel themselves: its queue never fills. */
  private static void assumeSomeSendWaited(int waited) {
    Assumptions.assumeTrue(waited > 0,
        "the send queue never filled in " + PressureRules.BACKLOG + " sends at a full kernel buffer: the provider's sends waited for the kernel themselves");
  }
}
