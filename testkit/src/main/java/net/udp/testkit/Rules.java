package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import net.udp.UdpSocket;

/** What several rule groups share. */
final class Rules {
  /** Tries of a property whose every try uses the network. */
  static final int TRIES = 25;

  /** Datagrams in flight at most when a rule sends many: keeps the kernel from dropping. */
  static final int WINDOW = 128;

  /** The largest IPv4 payload: 65535 - 20 (IP header) - 8 (UDP header). */
  static final int MAX_IPV4_PAYLOAD = 65_507;

  /** The largest IPv6 payload without jumbograms: 65535 - 8 (UDP header). */
  static final int MAX_IPV6_PAYLOAD = 65_527;

  /** A short wait, where a property checks quiet after each try. */
  static final Duration BRIEF = Duration.ofMillis(30);

  private Rules() {}

  /**
   * Sends payloads in order, never more than {@link #WINDOW} ahead of what the inbox received,
   * so that the kernel's buffer never overflows whatever the receiver's speed.
   */
  static void sendPaced(UdpSocket sender, List<byte[]> payloads, InetSocketAddress to, Inbox inbox) {
    int base = inbox.count();
    for (int i = 0; i < payloads.size(); i++) {
      int sent = i;
      if (sent - (inbox.count() - base) >= WINDOW) {
        Rig.await("the receiver to catch up (" + sent + " sent, " + (inbox.count() - base) + " received)",
            () -> sent - (inbox.count() - base) < WINDOW);
      }
      sender.send(ByteBuffer.wrap(payloads.get(i)), to);
    }
  }

  /** The message of an exception, for assertions ("null" when it has none). */
  static String message(Throwable e) {
    return String.valueOf(e.getMessage());
  }

  /** A payload that carries its sequence number, for order checks. */
  static byte[] numbered(int number, int size) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(4, size));
    b.putInt(number);
    while (b.hasRemaining()) {
      b.put((byte) (number * 31 + b.position()));
    }
    return b.array();
  }

  /** The sequence number a {@link #numbered} payload carries. */
  static int number(byte[] payload) {
    return ByteBuffer.wrap(payload).getInt();
  }

  /** Checks datagrams carry the sequence numbers {@code first}, {@code first+1}, ... in order. */
  static void assertInOrder(List<Inbox.Datagram> datagrams, int first) {
    for (int i = 0; i < datagrams.size(); i++) {
      assertEquals(first + i, number(datagrams.get(i).payload()), "datagram " + i + " out of order");
    }
  }

  /**
   * Sends 64-byte datagrams from a blocking JDK channel as fast as it can, while {@code going}
   * holds and for at most {@code bound}: a flood that does not depend on the provider under test.
   * An interrupt (the rule's executor shut down) ends it quietly.
   */
  static void flood(InetSocketAddress to, java.util.function.BooleanSupplier going, java.util.concurrent.atomic.AtomicLong sent, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    ByteBuffer payload = ByteBuffer.allocate(64);
    try (java.nio.channels.DatagramChannel channel = java.nio.channels.DatagramChannel.open()) {
      while (going.getAsBoolean() && System.nanoTime() < deadline) {
        channel.send(payload.clear(), to);
        sent.incrementAndGet();
      }
    } catch (java.nio.channels.ClosedByInterruptException e) {
      // the rule is over
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
