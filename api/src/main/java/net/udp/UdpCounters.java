package net.udp;

import java.util.OptionalLong;
import net.udp.internal.Counts;

/**
 * What a socket has done since it was last opened, as {@link UdpSocketInfo#counters()} reports
 * it. Counters start at zero each time the socket is bound after being closed.
 *
 * <p>Snapshots are immutable and compare equal when every counter is equal. Providers make them
 * with a {@link Builder}, so that counters can be added later without breaking anyone.
 */
public interface UdpCounters {

  /** The counters of a socket that has done nothing, where drops are not reported. */
  UdpCounters NONE = builder().build();

  /**
   * Starts a snapshot with every counter at zero and drops not reported.
   *
   * @return a builder
   */
  static Builder builder() {
    return Counts.builder();
  }

  /**
   * A builder that starts from this snapshot, to change some of its counters.
   *
   * @return a builder holding every counter of this snapshot
   */
  default Builder toBuilder() {
    return Counts.builder(this);
  }

  /**
   * Datagrams delivered to the receive callback, or held for it (paused, or waiting for an
   * executor).
   *
   * @return the count
   */
  long datagramsReceived();

  /**
   * Payload bytes of those datagrams, after truncation.
   *
   * @return the count
   */
  long bytesReceived();

  /**
   * Datagrams longer than the buffer size for their IP version, delivered truncated.
   *
   * @return the count
   */
  long datagramsTruncated();

  /**
   * Datagrams the kernel dropped because the socket's receive buffer was full, where the provider
   * can learn it.
   *
   * @return the count, or empty where the provider cannot know it
   */
  OptionalLong datagramsDropped();

  /**
   * Datagrams handed to the operating system.
   *
   * @return the count
   */
  long datagramsSent();

  /**
   * Payload bytes of those datagrams.
   *
   * @return the count
   */
  long bytesSent();

  /**
   * Sends that failed, for any reason.
   *
   * @return the count
   */
  long sendsFailed();

  /**
   * Callbacks of the socket (receive, send, connect, error) that threw. The loop goes on after
   * each, and reports them at a bounded rate.
   *
   * @return the count
   */
  long callbackFailures();

  /** Makes {@link UdpCounters} snapshots; a counter not set is zero. Not thread-safe. */
  interface Builder {
    /**
     * Sets {@link UdpCounters#datagramsReceived()} and {@link UdpCounters#bytesReceived()}.
     *
     * @param datagrams the datagrams
     * @param bytes their payload bytes
     * @return this builder
     */
    Builder received(long datagrams, long bytes);

    /**
     * Sets {@link UdpCounters#datagramsTruncated()}.
     *
     * @param datagrams the count
     * @return this builder
     */
    Builder truncated(long datagrams);

    /**
     * Sets {@link UdpCounters#datagramsDropped()}.
     *
     * @param datagrams the count, or empty where unknown
     * @return this builder
     */
    Builder dropped(OptionalLong datagrams);

    /**
     * Sets {@link UdpCounters#datagramsSent()} and {@link UdpCounters#bytesSent()}.
     *
     * @param datagrams the datagrams
     * @param bytes their payload bytes
     * @return this builder
     */
    Builder sent(long datagrams, long bytes);

    /**
     * Sets {@link UdpCounters#sendsFailed()}.
     *
     * @param sends the count
     * @return this builder
     */
    Builder sendsFailed(long sends);

    /**
     * Sets {@link UdpCounters#callbackFailures()}.
     *
     * @param callbacks the count
     * @return this builder
     */
    Builder callbackFailures(long callbacks);

    /**
     * Makes the snapshot.
     *
     * @return an immutable snapshot of what this builder holds
     */
    UdpCounters build();
  }
}
