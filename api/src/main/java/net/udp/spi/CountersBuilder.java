package net.udp.spi;

import java.util.OptionalLong;
import net.udp.UdpCounters;
import net.udp.internal.Counts;

/**
 * Builds the {@link UdpCounters} snapshots a provider reports: for providers and their wrappers,
 * not for the applications that read them.
 */
public interface CountersBuilder {
  /**
   * Starts a snapshot with every counter at zero and drops not reported.
   *
   * @return a builder
   */
  static CountersBuilder of() {
    return Counts.builder();
  }

  /**
   * Starts from a snapshot, to change some of its counters.
   *
   * @param counters the snapshot
   * @return a builder holding every counter of the snapshot
   */
  static CountersBuilder from(UdpCounters counters) {
    return Counts.builder(counters);
  }

  /**
   * Sets {@link UdpCounters#datagramsReceived()} and {@link UdpCounters#bytesReceived()}.
   *
   * @param datagrams the datagrams
   * @param bytes their payload bytes
   * @return this builder
   */
  CountersBuilder received(long datagrams, long bytes);

  /**
   * Sets {@link UdpCounters#datagramsTruncated()}.
   *
   * @param datagrams the count
   * @return this builder
   */
  CountersBuilder truncated(long datagrams);

  /**
   * Sets {@link UdpCounters#datagramsDropped()}.
   *
   * @param datagrams the count, or empty where unknown
   * @return this builder
   */
  CountersBuilder dropped(OptionalLong datagrams);

  /**
   * Sets {@link UdpCounters#datagramsSent()} and {@link UdpCounters#bytesSent()}.
   *
   * @param datagrams the datagrams
   * @param bytes their payload bytes
   * @return this builder
   */
  CountersBuilder sent(long datagrams, long bytes);

  /**
   * Sets {@link UdpCounters#sendsFailed()}.
   *
   * @param sends the count
   * @return this builder
   */
  CountersBuilder sendsFailed(long sends);

  /**
   * Sets {@link UdpCounters#callbackFailures()}.
   *
   * @param callbacks the count
   * @return this builder
   */
  CountersBuilder callbackFailures(long callbacks);

  /**
   * Makes the snapshot.
   *
   * @return an immutable snapshot of what this builder holds
   */
  UdpCounters build();
}
