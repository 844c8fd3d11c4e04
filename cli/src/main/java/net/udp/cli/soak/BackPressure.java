package net.udp.cli.soak;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.UdpSocket;

/**
 * Threads send through one socket with a small send queue to a reader: four as fast as they can
 * (a full queue refuses the surplus at once), four waiting on {@code whenWritable} before each
 * send (a thread woken for room may find it taken by another: at most one send in a hundred may
 * fail), and one waiting (back-pressure alone: none refused). Back-pressure is the sender's: it
 * keeps the send queue from refusing, not the reader's kernel buffer from overflowing when the
 * reader is starved of CPU, as it is on a busy machine. So every datagram sent must be delivered
 * or counted as dropped by the reader's kernel, where it counts drops (at most a tenth); none may
 * vanish.
 */
final class BackPressure implements Soak.Scenario {
  private static final int THREADS = 4;
  private static final int QUEUE = 16; // small, so that it fills

  @Override
  public String name() {
    return "back-pressure";
  }

  @Override
  public void run(Soak soak) throws InterruptedException {
    int total = soak.scale(100_000, 1_000_000);
    AtomicLong delivered = new AtomicLong();
    UdpSocket receiver = soak.listening((socket, payload, from) -> delivered.incrementAndGet()).setSocketReceiveBuffer(1 << 22);
    InetSocketAddress to = Soak.address(receiver);
    // Four threads as fast as they can; four waiting; one waiting: with several senders, a thread
    // woken for room may still find it taken by another, rarely; alone, a sender never does.
    int[][] runs = {{THREADS, 0}, {THREADS, 1}, {1, 1}};
    for (int[] run : runs) {
      int threadCount = run[0];
      boolean waits = run[1] == 1;
      UdpSocket sender = soak.socket(null).setSendQueueCapacity(QUEUE);
      long deliveredBefore = delivered.get();
      long droppedBefore = receiver.info().counters().datagramsDropped().orElse(0);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        Thread thread = new Thread(() -> {
          byte[] payload = new byte[32];
          for (int i = 0; i < total / threadCount; i++) {
            if (waits) {
              sender.whenWritable().join();
            }
            sender.send(java.nio.ByteBuffer.wrap(payload), to);
          }
        }, "soak-back-pressure-" + t);
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join(120_000);
      }
      Soak.await(() -> sender.info().counters().datagramsSent() + sender.info().counters().sendsFailed() >= total, Duration.ofSeconds(30));
      Soak.await(() -> delivered.get() - deliveredBefore + dropped(receiver, droppedBefore) >= sender.info().counters().datagramsSent(), Duration.ofSeconds(10));
      long sent = sender.info().counters().datagramsSent();
      long failed = sender.info().counters().sendsFailed();
      long arrived = delivered.get() - deliveredBefore;
      long dropped = dropped(receiver, droppedBefore);
      String how = waits ? "waiting on whenWritable" : "without waiting";
      boolean refusedFewEnough = threadCount == 1 ? failed == 0 && sent == total : failed * 100 <= total;
      // At most a tenth dropped: a reader that slowed to a crawl is a fault, not load.
      boolean within = !waits || (refusedFewEnough && arrived + dropped == sent && dropped * 10 <= sent);
      soak.figure(name(), String.format(Locale.ROOT, "%,d sends from %d thread%s %s (queue %d): %,d sent, %,d delivered, %,d failed, %,d dropped by the kernel",
          total, threadCount, threadCount == 1 ? "" : "s", how, QUEUE, sent, arrived, failed, dropped), within);
      sender.close();
    }
  }

  /** What the reader's kernel dropped since {@code before}; 0 where it does not count drops. */
  private static long dropped(UdpSocket receiver, long before) {
    return receiver.info().counters().datagramsDropped().orElse(before) - before;
  }
}
