package net.udp.cli.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.UdpSocket;

/**
 * Sockets opened and closed by the thousand leave nothing behind (descriptors, threads, memory),
 * and two thousand sockets open at once each get their datagram.
 */
final class Lifecycles implements Soak.Scenario {
  @Override
  public String name() {
    return "lifecycles";
  }

  @Override
  public void run(Soak soak) throws InterruptedException {
    cycles(soak, 500); // warm up: loops, caches, the JIT and the heap reach their steady size
    long fds = Soak.descriptors();
    int threads = Soak.threads();
    int count = soak.scale(2_000, 10_000);
    int failed = 0;
    List<Long> resident = new ArrayList<>(List.of(Soak.residentAfterGc()));
    List<Long> outsideHeap = new ArrayList<>(List.of(resident.get(0) - Soak.heapCommittedKib()));
    for (int phase = 0; phase < 4; phase++) {
      failed += cycles(soak, count / 4);
      resident.add(Soak.residentAfterGc());
      outsideHeap.add(resident.get(resident.size() - 1) - Soak.heapCommittedKib());
    }
    long fdsAfter = Soak.descriptors();
    int threadsAfter = Soak.threads();
    soak.figure(name(), String.format(Locale.ROOT, "%,d open/send/receive/close cycles, %d without their datagram", count, failed), failed == 0);
    soak.figure(name(), "descriptors " + fds + " -> " + fdsAfter, fdsAfter <= fds + 8);
    soak.figure(name(), "threads " + threads + " -> " + threadsAfter, threadsAfter <= threads + 4);
    // Resident memory moves by tens of MiB as the heap is committed and returned and as malloc
    // keeps or returns its arenas; a leak instead grows with every cycle, quarter after quarter.
    // So the later half is compared with the earlier: a leak of 8 KiB a cycle (in long mode)
    // shows as more than the allowance.
    long earlier = Math.max(outsideHeap.get(0), outsideHeap.get(1));
    long later = Math.min(outsideHeap.get(3), outsideHeap.get(4));
    soak.figure(name(), String.format(Locale.ROOT, "memory, KiB, after warming up and after each quarter: resident %s, outside the heap %s",
        resident, outsideHeap), resident.get(0) < 0 || later - earlier < 32 * 1024);
    atOnce(soak, 2_000);
  }

  private static int cycles(Soak soak, int count) throws InterruptedException {
    int failed = 0;
    for (int i = 0; i < count; i++) {
      CountDownLatch got = new CountDownLatch(1);
      UdpSocket socket = soak.provider().newSocket((s, p, from) -> got.countDown()).listen("127.0.0.1", 0).receive();
      try {
        socket.send("cycle", Soak.address(socket));
        if (!got.await(2, TimeUnit.SECONDS)) {
          failed++;
        }
      } finally {
        socket.close();
      }
    }
    return failed;
  }

  private void atOnce(Soak soak, int count) {
    AtomicInteger received = new AtomicInteger();
    List<UdpSocket> sockets = new ArrayList<>(count);
    long fds = Soak.descriptors();
    for (int i = 0; i < count; i++) {
      sockets.add(soak.listening((s, p, from) -> received.incrementAndGet()));
    }
    UdpSocket sender = soak.socket(null);
    for (UdpSocket socket : sockets) {
      sender.send("hello", Soak.address(socket));
    }
    Soak.await(() -> received.get() >= count, Duration.ofSeconds(20));
    int got = received.get();
    sockets.forEach(UdpSocket::close);
    sender.close();
    long fdsAfter = Soak.descriptors();
    soak.figure(name(), String.format(Locale.ROOT, "%,d sockets open at once: %,d got their datagram; descriptors %d -> %d after closing",
        count, got, fds, fdsAfter), got == count && fdsAfter <= fds + 8);
  }
}
