package net.udp;

import java.util.OptionalLong;
import net.udp.internal.Counts;

/**
 * What a socket has done since it was last opened, as {@link UdpSocketInfo#counters()} reports
 * it. Counters start at zero each time the socket is bound after being closed.
 *
 * <p>Snapshots are immutable and compare equal when every counter is equal. Providers make them
 * with a {@link net.udp.spi.CountersBuilder}, so that counters can be added later without breaking
 * anyone.
 */
public interface UdpCounters {

  /** The counters of a socket that has done nothing, where drops are not reported. */
  UdpCounters NONE = Counts.builder().build();

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
}
