package net.udp.cli.soak;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import net.udp.UdpCounters;
import net.udp.UdpSocket;

/**
 * An unpaced flood into a receiver whose callback is slow: the kernel drops what the receiver
 * cannot take, and nothing else may go: the heap stays bounded (nothing piles up in the
 * provider), and where the provider reports drops, received plus dropped is sent.
 */
final class Flood implements Soak.Scenario {
  @Override
  public String name() {
    return "flood";
  }

  @Override
  public void run(Soak soak) throws InterruptedException {
    Duration length = Duration.ofSeconds(soak.scale(3, 30));
    LongAdder received = new LongAdder();
    UdpSocket receiver = soak.listening((socket, payload, from) -> {
      received.increment();
      long until = System.nanoTime() + 2_000; // a slow callback: 2 µs a datagram
      while (System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
    });
    InetSocketAddress to = Soak.address(receiver);
    long heapBefore = Soak.heapKib();
    AtomicBoolean stop = new AtomicBoolean();
    UdpSocket sender = soak.socket(null);
    Thread flooder = new Thread(() -> {
      ByteBuffer datagram = ByteBuffer.allocate(64);
      while (!stop.get()) {
        sender.send(datagram, to);
      }
    }, "soak-flood");
    flooder.setDaemon(true);
    flooder.start();
    long peakHeap = heapBefore;
    for (long end = System.nanoTime() + length.toNanos(); System.nanoTime() - end < 0; ) {
      Soak.pause(Duration.ofMillis(500));
      peakHeap = Math.max(peakHeap, Soak.heapKib());
    }
    stop.set(true);
    flooder.join(5_000);
    long got = Soak.settle(received::sum, Duration.ofMillis(300), Duration.ofSeconds(10));
    UdpCounters sent = sender.info().counters();
    UdpCounters counted = receiver.info().counters();
    long growth = peakHeap - heapBefore;
    soak.figure(name(), String.format(Locale.ROOT, "heap before %,d KiB, peak %,d KiB (+%,d KiB) over %d s", heapBefore, peakHeap, growth,
        length.toSeconds()), growth < 64 * 1024);
    soak.figure(name(), String.format(Locale.ROOT, "%,d sent, %,d failed to send", sent.datagramsSent(), sent.sendsFailed()),
        sent.sendsFailed() == 0 && sent.datagramsSent() > 0);
    long accounted = got + counted.datagramsDropped().orElse(0);
    long kernel = Soak.kernelDrops(receiver.info().localPort());
    soak.figure(name(), String.format(Locale.ROOT, "drops: provider %s, kernel %s (/proc/net/udp)",
        counted.datagramsDropped().isPresent() ? String.format(Locale.ROOT, "%,d", counted.datagramsDropped().getAsLong()) : "none",
        kernel < 0 ? "unknown" : String.format(Locale.ROOT, "%,d", kernel)),
        kernel < 0 || counted.datagramsDropped().orElse(-1) == kernel);
    // What the kernel drops before a datagram reaches the socket (the loopback device's backlog)
    // is counted elsewhere: allow a thousandth for it.
    soak.figure(name(), String.format(Locale.ROOT, "%,d received + %,d dropped = %,d of %,d sent; callback saw %,d", counted.datagramsReceived(),
        counted.datagramsDropped().orElse(0), accounted, sent.datagramsSent(), got),
        counted.datagramsReceived() == got && accounted <= sent.datagramsSent() && sent.datagramsSent() - accounted <= sent.datagramsSent() / 1000);
  }
}
