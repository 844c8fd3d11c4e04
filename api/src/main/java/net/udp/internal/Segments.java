package net.udp.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.udp.SendCallback;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/** What {@code UdpSocket.sendSegments} needs by default: one callback for many sends. */
public final class Segments {
  private Segments() {}

  /**
   * A send callback for each of several sends that calls {@code onSent} once, when the last of them
   * completes: with the first failure, or as sent.
   *
   * @param count how many sends
   * @param tag the tag to hand back
   * @param onSent the callback for them all, or {@code null}
   * @return the callback to give each send; {@code null} when {@code onSent} is
   */
  public static @Nullable SendCallback gather(int count, long tag, @Nullable SendCallback onSent) {
    if (onSent == null) {
      return null;
    }
    AtomicInteger left = new AtomicInteger(count);
    AtomicReference<@Nullable UdpException> first = new AtomicReference<>();
    return (ignored, failure) -> {
      if (failure != null) {
        first.compareAndSet(null, failure);
      }
      if (left.decrementAndGet() == 0) {
        onSent.onSent(tag, first.get());
      }
    };
  }
}
