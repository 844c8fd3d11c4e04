package net.udp.cli.soak;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.zip.CRC32;
import net.udp.UdpSocket;

/**
 * A paced stream of numbered, checksummed datagrams of 0 to 1,400 bytes from one sender to one
 * receiver: every datagram must arrive once, intact and in order. Each non-empty datagram carries
 * its number and a CRC-32 of the rest; every 97th is empty, and those are counted.
 */
final class Integrity implements Soak.Scenario {
  private static final int WINDOW = 256; // datagrams in flight at most: the kernel never overflows

  @Override
  public String name() {
    return "integrity";
  }

  /** What the receiving callback found; loop thread only, read once it is quiet. */
  private static final class Tally {
    final BitSet seen = new BitSet();
    long received;
    long empty;
    long duplicated;
    long corrupted;
    long reordered;
    int highest = -1;
    volatile long count;
  }

  @Override
  public void run(Soak soak) {
    int total = soak.scale(100_000, 1_000_000);
    Tally t = new Tally();
    UdpSocket receiver = soak.socket((socket, payload, from) -> check(payload, t)).setSocketReceiveBuffer(1 << 21)
        .listen("127.0.0.1", 0).receive();
    InetSocketAddress to = Soak.address(receiver);
    UdpSocket sender = soak.socket(null);
    ByteBuffer datagram = ByteBuffer.allocate(1_400);
    long emptySent = 0;
    for (int i = 0; i < total; i++) {
      int sent = i;
      if (sent - t.count >= WINDOW) {
        Soak.await(() -> sent - t.count < WINDOW, Duration.ofMillis(200)); // a loss would stall it: go on
      }
      if (i % 97 == 96) {
        sender.send(ByteBuffer.allocate(0), to);
        emptySent++;
      } else {
        sender.send(fill(datagram, i), to);
      }
    }
    Soak.settle(() -> t.count, Duration.ofMillis(300), Duration.ofSeconds(10));
    long lost;
    synchronized (t) { // the loop's writes are visible once it has been quiet; the lock makes it so
      lost = (total - emptySent) - t.seen.cardinality();
    }
    String figures = String.format(java.util.Locale.ROOT,
        "%,d sent (%,d empty), %,d received: lost %d, duplicated %d, corrupted %d, reordered %d, empty %d of %d",
        total, emptySent, t.received, lost, t.duplicated, t.corrupted, t.reordered, t.empty, emptySent);
    soak.figure(name(), figures, lost == 0 && t.duplicated == 0 && t.corrupted == 0 && t.reordered == 0 && t.empty == emptySent);
    soak.figure(name(), "sender: " + sender.info().counters().sendsFailed() + " sends failed",
        sender.info().counters().sendsFailed() == 0);
  }

  /** Datagram number {@code n}: its number, a CRC-32 of what follows, then bytes made from n. */
  static ByteBuffer fill(ByteBuffer buffer, int n) {
    int size = 8 + Math.floorMod(n * 0x9E3779B9, 1_393); // 8 to 1,400
    buffer.clear().limit(size);
    buffer.putInt(0, n);
    for (int j = 8; j < size; j++) {
      buffer.put(j, (byte) (n * 31 + j));
    }
    buffer.putInt(4, crc(buffer, size));
    return buffer;
  }

  private static int crc(ByteBuffer datagram, int size) {
    CRC32 crc = new CRC32();
    crc.update(datagram.slice(8, size - 8));
    crc.update(datagram.getInt(0));
    return (int) crc.getValue();
  }

  private static void check(ByteBuffer payload, Tally t) {
    synchronized (t) {
      t.received++;
      int size = payload.remaining();
      if (size == 0) {
        t.empty++;
      } else if (size < 8) {
        t.corrupted++;
      } else {
        ByteBuffer d = payload.slice();
        int n = d.getInt(0);
        if (n < 0 || d.getInt(4) != crc(d, size) || size != 8 + Math.floorMod(n * 0x9E3779B9, 1_393)) {
          t.corrupted++;
        } else if (t.seen.get(n)) {
          t.duplicated++;
        } else {
          t.seen.set(n);
          if (n < t.highest) {
            t.reordered++;
          }
          t.highest = Math.max(t.highest, n);
        }
      }
      t.count = t.received;
    }
  }
}
