package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.ReceiveCallback;
import net.udp.ReceivedMetadata;
import org.jspecify.annotations.Nullable;

/** What a metadata callback of the UDP-18 rules was told: a datagram's sender, a copy of its metadata, and its length. */
record Told(InetSocketAddress sender, @Nullable InetAddress destination, int interfaceIndex, int ecn, int hopLimit,
    long receiveTimeNanos, boolean truncated, int segmentSize, int length, Instant called) {

  static Told of(InetSocketAddress sender, ReceivedMetadata m, int length) {
    return new Told(sender, m.destination(), m.interfaceIndex(), m.ecn(), m.hopLimit(), m.receiveTimeNanos(), m.truncated(),
        m.segmentSize(), length, Instant.now());
  }

  /** A metadata callback that keeps what it is told. */
  static ReceiveCallback keeping(LinkedBlockingQueue<Told> told) {
    return ReceiveCallback.withMetadata((socket, payload, sender, metadata) -> told.add(of(sender, metadata, payload.remaining())));
  }

  /** The next datagram's metadata, within the patience. */
  static Told next(LinkedBlockingQueue<Told> told, String what) {
    try {
      Told t = told.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
      if (t == null) {
        fail("no datagram arrived: " + what);
      }
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }
}
