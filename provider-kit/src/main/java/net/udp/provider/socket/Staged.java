package net.udp.provider.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.udp.SendCallback;
import net.udp.Udp;
import net.udp.UdpBatch;
import net.udp.UdpException;
import net.udp.provider.OsSocket;
import net.udp.provider.Outgoing;
import net.udp.provider.SendBatch;
import org.jspecify.annotations.Nullable;

/**
 * The sends a socket's callbacks made on the event loop during this turn, copied into a native
 * batch the provider lends ({@link SendBatch}), beside their tags and callbacks: they leave
 * together at the end of the loop's turn, or as soon as the batch is full, with no copy on the
 * heap and no allocation per datagram. A send with a callback costs its outcome, and only that.
 * Guarded by the outbox's lock.
 */
final class Staged {
  private @Nullable SendBatch batch;
  private @Nullable OsSocket os; // whose batch it is, for the reasons of failures
  private long[] tags = new long[0];
  private int[] ecns = new int[0];
  private @Nullable InetAddress[] sources = new InetAddress[0];
  private @Nullable SendCallback[] callbacks = new SendCallback[0];
  private @Nullable InetSocketAddress[] targets = new InetSocketAddress[0];
  private final ReusedOutgoing outgoing = new ReusedOutgoing(); // a caller's batch, one datagram at a time

  /** Where a datagram the kernel had no room for goes: to wait in the queue, as a copy. */
  interface Overflow {
    void waitInQueue(ByteBuffer payload, InetSocketAddress target, long tag, @Nullable SendCallback onSent, int ecn,
        @Nullable InetAddress source, List<Outcome> outcomes);
  }

  /** How many datagrams wait in the borrowed batch. */
  int size() {
    SendBatch b = batch;
    return b == null ? 0 : b.size();
  }

  /** Whether a batch is borrowed (possibly empty). */
  boolean borrowed() {
    return batch != null;
  }

  /**
   * Adds datagrams of a caller's batch, from {@code from}, until this batch is full or one must
   * go the ordinary way (its destination is a name, or one the socket cannot reach, which the
   * ordinary way reports).
   *
   * @return the index of the first datagram not added
   */
  int addAll(Route route, UdpBatch datagrams, int from) {
    int i = from;
    try {
      for (; i < datagrams.size(); i++) {
        InetSocketAddress target = datagrams.target(i);
        if (target.isUnresolved() || route.problem(target) != null
            || !add(route.os(), outgoing.set(datagrams.message(i), target, -1, null), datagrams.tag(i), datagrams.callback(i))) {
          break;
        }
      }
    } finally {
      outgoing.clear();
    }
    return i;
  }

  /**
   * Adds a datagram, borrowing a batch first when none is.
   *
   * @param datagram what to copy into the batch, read during the call only
   * @return {@code false}, having added nothing, when the provider lends no batch or this one has
   *     no room
   */
  boolean add(OsSocket os, Outgoing datagram, long tag, @Nullable SendCallback onSent) {
    SendBatch b = batch;
    if (b == null) {
      b = os.borrowBatch();
      if (b == null) {
        return false;
      }
      batch = b;
      this.os = os;
      if (tags.length < b.capacity()) {
        tags = new long[b.capacity()];
        ecns = new int[b.capacity()];
        sources = new InetAddress[b.capacity()];
        callbacks = new SendCallback[b.capacity()];
        targets = new InetSocketAddress[b.capacity()];
      }
    }
    int i = b.size();
    if (!b.add(datagram)) {
      return false;
    }
    tags[i] = tag;
    ecns[i] = datagram.ecn();
    sources[i] = datagram.source();
    callbacks[i] = onSent;
    targets[i] = datagram.target();
    return true;
  }

  /**
   * Sends what was added, in order, and gives the batch back.
   *
   * @param outcomes gets the outcome of each datagram that failed or has a callback, in order
   * @param overflow gets each datagram the kernel had no room for, in order
   */
  void send(Tally tally, List<Outcome> outcomes, Overflow overflow) {
    SendBatch b = batch;
    if (b == null) {
      return;
    }
    batch = null;
    int n = b.size();
    try {
      int at = 0;
      while (at < n) {
        int sent;
        try {
          sent = b.send(at);
        } catch (IOException | RuntimeException e) {
          tally.failed();
          InetSocketAddress to = java.util.Objects.requireNonNull(targets[at]);
          String reason = Reasons.ofSend(e, os, to, b.payload(at).remaining());
          outcomes.add(new Outcome(tags[at], callbacks[at], new UdpException("send " + Udp.formatAddress(to) + ": " + reason, e)));
          at++;
          continue;
        }
        if (sent <= 0) {
          break;
        }
        for (int i = at; i < at + sent; i++) {
          tally.sent(b.length(i));
          SendCallback onSent = callbacks[i];
          if (onSent != null) {
            outcomes.add(new Outcome(tags[i], onSent, null));
          }
        }
        at += sent;
      }
      for (int i = at; i < n; i++) {
        overflow.waitInQueue(b.payload(i), java.util.Objects.requireNonNull(targets[i]), tags[i], callbacks[i], ecns[i], sources[i], outcomes);
      }
    } finally {
      Arrays.fill(callbacks, 0, n, null); // hold no user object beyond the send
      Arrays.fill(targets, 0, n, null);
      Arrays.fill(sources, 0, n, null);
      b.giveBack();
    }
  }
}
