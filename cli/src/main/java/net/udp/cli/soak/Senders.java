package net.udp.cli.soak;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.Datagram;
import net.udp.UdpSocket;

/**
 * Four threads send through one socket at once, half with a callback and half as futures: every
 * callback runs exactly once, with its own tag, and every future completes.
 */
final class Senders implements Soak.Scenario {
  private static final int THREADS = 4;

  @Override
  public String name() {
    return "senders";
  }

  @Override
  public void run(Soak soak) throws InterruptedException {
    int total = soak.scale(200_000, 1_000_000);
    int perThread = total / THREADS;
    UdpSocket receiver = soak.listening((socket, payload, from) -> {}).setSocketReceiveBuffer(1 << 22);
    InetSocketAddress to = Soak.address(receiver);
    UdpSocket sender = soak.socket(null).setSendQueueCapacity(1 << 20);
    AtomicIntegerArray calls = new AtomicIntegerArray(total);
    AtomicLong failures = new AtomicLong();
    List<List<CompletableFuture<Void>>> futures = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int first = t * perThread;
      List<CompletableFuture<Void>> mine = new ArrayList<>(perThread / 2 + 1);
      futures.add(mine);
      Thread thread = new Thread(() -> {
        byte[] payload = new byte[32];
        for (int i = first; i < first + perThread; i++) {
          if ((i & 1) == 0) {
            sender.send(Datagram.of(payload).to(to).tag(i), (tag, failure) -> {
              calls.incrementAndGet((int) tag);
              if (failure != null) {
                failures.incrementAndGet();
              }
            });
          } else {
            mine.add(sender.sendAsync(Datagram.of(java.nio.ByteBuffer.wrap(payload)).to(to)));
          }
        }
      }, "soak-sender-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(60_000);
    }
    int expectedCalls = THREADS * perThread / 2;
    Soak.await(() -> callbacks(calls) >= expectedCalls, Duration.ofSeconds(30));
    Soak.pause(Duration.ofMillis(200)); // a callback run twice would show now
    long once = 0;
    long twice = 0;
    for (int i = 0; i < THREADS * perThread; i += 2) {
      int n = calls.get(i);
      once += n == 1 ? 1 : 0;
      twice += n > 1 ? 1 : 0;
    }
    long completed = 0;
    long failedFutures = 0;
    long pending = 0;
    for (List<CompletableFuture<Void>> list : futures) {
      for (CompletableFuture<Void> f : list) {
        if (!f.isDone()) {
          f.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (!f.isDone()) {
          pending++;
        } else if (f.isCompletedExceptionally()) {
          failedFutures++;
        } else {
          completed++;
        }
      }
    }
    soak.figure(name(), String.format(Locale.ROOT, "%,d sends with a callback from %d threads: %,d called once, %,d more than once, %,d never, %,d failed",
        expectedCalls, THREADS, once, twice, expectedCalls - once - twice, failures.get()), once == expectedCalls && twice == 0);
    soak.figure(name(), String.format(Locale.ROOT, "%,d sendAsync: %,d completed, %,d exceptionally, %,d never", expectedCalls, completed,
        failedFutures, pending), completed + failedFutures == expectedCalls && pending == 0);
    soak.figure(name(), String.format(Locale.ROOT, "%,d sent, %,d failed (queue capacity %,d)", sender.info().counters().datagramsSent(),
        sender.info().counters().sendsFailed(), 1 << 20), sender.info().counters().sendsFailed() == 0);
  }

  private static long callbacks(AtomicIntegerArray calls) {
    long sum = 0;
    for (int i = 0; i < calls.length(); i += 2) {
      sum += calls.get(i);
    }
    return sum;
  }
}
