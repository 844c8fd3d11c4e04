package net.udp.provider.socket;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.udp.SendCallback;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/**
 * One callback for the several sends a segmented send becomes, however many that turns out to be:
 * each is counted before it is made ({@link #expect}), and the count is sealed once the last one is
 * made, so that the user's callback runs once, after every part, with the first failure. Any
 * thread; the user's callback runs on a provider thread either way: on the one that told the last
 * part, or, when every part was told before the seal, handed to the socket's callback executor.
 */
final class Gathered implements SendCallback {
  private final long tag;
  private final @Nullable SendCallback onSent;
  private final Dispatch dispatch;
  private final AtomicInteger open = new AtomicInteger(1); // the seal
  private final AtomicReference<@Nullable UdpException> first = new AtomicReference<>();

  Gathered(long tag, @Nullable SendCallback onSent, Dispatch dispatch) {
    this.tag = tag;
    this.onSent = onSent;
    this.dispatch = dispatch;
  }

  /** A part is about to be sent (or, with -1, was not after all). */
  void expect(int parts) {
    open.addAndGet(parts);
  }

  /** Every part has been made. */
  void seal() {
    if (open.decrementAndGet() == 0) {
      dispatch.completeSend(tag, onSent, first.get()); // the caller's thread: not where callbacks run
    }
  }

  @Override
  public void onSent(long ignored, @Nullable UdpException failure) {
    if (failure != null) {
      first.compareAndSet(null, failure);
    }
    if (open.decrementAndGet() == 0 && onSent != null) {
      onSent.onSent(tag, first.get());
    }
  }
}
