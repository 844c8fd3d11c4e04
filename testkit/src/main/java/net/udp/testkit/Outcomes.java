package net.udp.testkit;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.SendCallback;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/** A send callback that records every outcome, for a rule to take in order. */
public final class Outcomes implements SendCallback {
  private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();

  /** No outcomes yet, to give sends as their callback. */
  public Outcomes() {}

  /**
   * One outcome as the callback saw it.
   *
   * @param tag the tag
   * @param failure the failure, or {@code null} for success
   * @param thread the name of the thread that ran the callback
   */
  public record Outcome(long tag, @Nullable UdpException failure, String thread) {
    /**
     * The failure, which the rule expects.
     *
     * @return the failure
     * @throws AssertionError if the send succeeded
     */
    public UdpException failed() {
      UdpException f = failure;
      if (f == null) {
        throw new AssertionError("send " + tag + " succeeded; a failure was expected");
      }
      return f;
    }

    /**
     * Checks that the send succeeded.
     *
     * @return this outcome
     * @throws AssertionError if it failed
     */
    public Outcome succeeded() {
      UdpException f = failure;
      if (f != null) {
        throw new AssertionError("send " + tag + " failed: " + f.getMessage(), f);
      }
      return this;
    }
  }

  @Override
  public void onSent(long tag, @Nullable UdpException failure) {
    queue.add(new Outcome(tag, failure, Thread.currentThread().getName()));
  }

  /**
   * Takes the next outcome, waiting up to {@link Rig#patience()}.
   *
   * @return the outcome
   * @throws AssertionError if no callback runs in time
   */
  public Outcome next() {
    Outcome o = poll(Rig.patience());
    if (o == null) {
      throw new AssertionError("no send callback within " + Rig.patience().toSeconds() + " s");
    }
    return o;
  }

  /**
   * Takes the next outcome if one comes within a time.
   *
   * @param wait how long to wait
   * @return the outcome, or {@code null}
   */
  public @Nullable Outcome poll(Duration wait) {
    try {
      return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
