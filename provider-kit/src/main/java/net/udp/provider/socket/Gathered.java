package net.udp.provider.socket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import net.udp.SendCallback;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/**
 * One callback for the several sends a segmented send becomes, however many that turns out to be:
 * each is counted before it is made ({@link #expect}), and the count is sealed once the last one is
 * made, so that the user's callback runs once, after every part, with the first failure. Any
 * thread; the user's callback runs on a provider thread either way: on the one that told the last
 * part, or, when every part was told before the seal, handed to the socket's callback executor.
 * One object per segmented send: its counters are fields, not atomics of their own.
 */
final class Gathered implements SendCallback {
  private static final VarHandle OPEN;
  private static final VarHandle FIRST;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      OPEN = lookup.findVarHandle(Gathered.class, "open", int.class);
      FIRST = lookup.findVarHandle(Gathered.class, "first", UdpException.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long tag;
  private final @Nullable SendCallback onSent;
  private final Dispatch dispatch;
  @SuppressWarnings("unused") // through OPEN
  private volatile int open = 1; // the seal
  private volatile @Nullable UdpException first; // the first failure, set once through FIRST

  Gathered(long tag, @Nullable SendCallback onSent, Dispatch dispatch) {
    this.tag = tag;
    this.onSent = onSent;
    this.dispatch = dispatch;
  }

  /** A part is about to be sent. */
  void expect(int parts) {
    OPEN.getAndAdd(this, parts);
  }

  /** A part that was not counted with {@link #expect} failed at once. */
  void failed(UdpException failure) {
    FIRST.compareAndSet(this, null, failure);
  }

  /** Every part has been made. */
  void seal() {
    if ((int) OPEN.getAndAdd(this, -1) == 1) {
      dispatch.completeSend(tag, onSent, first); // the caller's thread: not where callbacks run
    }
  }

  @Override
  public void onSent(long ignored, @Nullable UdpException failure) {
    if (failure != null) {
      FIRST.compareAndSet(this, null, failure);
    }
    if ((int) OPEN.getAndAdd(this, -1) == 1) {
      if (onSent != null) {
        onSent.onSent(tag, first);
      } else if (first != null) {
        dispatch.reportError(first); // as one send with no callback: its failure is not lost
      }
    }
  }
}
