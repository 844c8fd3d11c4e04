package net.udp.provider.socket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;
import net.udp.UdpCounters;
import net.udp.spi.CountersBuilder;

/**
 * A socket's counters. Each is written by one thread at a time (the receive counters by the
 * event loop, the send counters under the send queue's lock) and read by any thread, so plain
 * opaque stores suffice: no fence on the receive hot path.
 */
final class Tally {
  private static final VarHandle RECEIVED;
  private static final VarHandle RECEIVED_BYTES;
  private static final VarHandle TRUNCATED;
  private static final VarHandle SENT;
  private static final VarHandle SENT_BYTES;
  private static final VarHandle FAILED;
  private static final VarHandle CALLBACK_FAILURES;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RECEIVED = lookup.findVarHandle(Tally.class, "received", long.class);
      RECEIVED_BYTES = lookup.findVarHandle(Tally.class, "receivedBytes", long.class);
      TRUNCATED = lookup.findVarHandle(Tally.class, "truncated", long.class);
      SENT = lookup.findVarHandle(Tally.class, "sent", long.class);
      SENT_BYTES = lookup.findVarHandle(Tally.class, "sentBytes", long.class);
      FAILED = lookup.findVarHandle(Tally.class, "failed", long.class);
      CALLBACK_FAILURES = lookup.findVarHandle(Tally.class, "callbackFailures", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through the VarHandles
  private long received;

  @SuppressWarnings("unused")
  private long receivedBytes;

  @SuppressWarnings("unused")
  private long truncated;

  @SuppressWarnings("unused")
  private long sent;

  @SuppressWarnings("unused")
  private long sentBytes;

  @SuppressWarnings("unused")
  private long failed;

  @SuppressWarnings("unused")
  private long callbackFailures;

  /** Counts a datagram delivered or held; event loop only. */
  void received(int bytes, boolean wasTruncated) {
    add(RECEIVED, 1);
    add(RECEIVED_BYTES, bytes);
    if (wasTruncated) {
      add(TRUNCATED, 1);
    }
  }

  /** Counts a datagram sent; under the send queue's lock. */
  void sent(int bytes) {
    add(SENT, 1);
    add(SENT_BYTES, bytes);
  }

  /** Counts several datagrams sent at once (segmentation offload); under the send queue's lock. */
  void sent(int datagrams, long bytes) {
    add(SENT, datagrams);
    add(SENT_BYTES, bytes);
  }

  /** Counts a failed send; under the send queue's lock. */
  void failed() {
    add(FAILED, 1);
  }

  /** Counts several failed sends at once (segmentation offload); under the send queue's lock. */
  void failed(int sends) {
    add(FAILED, sends);
  }

  /**
   * Counts a callback that threw; from whichever thread ran it (the loop's, or the executor's
   * while it is being replaced), so atomically.
   */
  void callbackFailed() {
    CALLBACK_FAILURES.getAndAdd(this, 1L);
  }

  /** Starts again from zero; only while the socket is closed. */
  void reset() {
    for (VarHandle counter : new VarHandle[] {RECEIVED, RECEIVED_BYTES, TRUNCATED, SENT, SENT_BYTES, FAILED, CALLBACK_FAILURES}) {
      counter.setVolatile(this, 0L);
    }
  }

  UdpCounters snapshot(OptionalLong dropped) {
    return CountersBuilder.of()
        .received(get(RECEIVED), get(RECEIVED_BYTES))
        .truncated(get(TRUNCATED))
        .dropped(dropped)
        .sent(get(SENT), get(SENT_BYTES))
        .sendsFailed(get(FAILED))
        .callbackFailures(get(CALLBACK_FAILURES))
        .build();
  }

  private void add(VarHandle counter, long amount) {
    counter.setOpaque(this, (long) counter.getOpaque(this) + amount);
  }

  private long get(VarHandle counter) {
    return (long) counter.getOpaque(this);
  }
}
