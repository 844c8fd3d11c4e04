package net.udp.internal;

import java.util.Objects;
import java.util.OptionalLong;
import net.udp.UdpCounters;
import net.udp.spi.CountersBuilder;

/**
 * The implementation of {@link UdpCounters}: a record, so that equality and text come with it and
 * it can change without touching the public interface.
 *
 * @param datagramsReceived see {@link UdpCounters#datagramsReceived()}
 * @param bytesReceived see {@link UdpCounters#bytesReceived()}
 * @param datagramsTruncated see {@link UdpCounters#datagramsTruncated()}
 * @param datagramsDropped see {@link UdpCounters#datagramsDropped()}
 * @param datagramsSent see {@link UdpCounters#datagramsSent()}
 * @param bytesSent see {@link UdpCounters#bytesSent()}
 * @param sendsFailed see {@link UdpCounters#sendsFailed()}
 * @param callbackFailures see {@link UdpCounters#callbackFailures()}
 */
public record Counts(
    long datagramsReceived,
    long bytesReceived,
    long datagramsTruncated,
    OptionalLong datagramsDropped,
    long datagramsSent,
    long bytesSent,
    long sendsFailed,
    long callbackFailures)
    implements UdpCounters {

  /**
   * Checks that the drop counter is present (possibly empty).
   *
   * @throws NullPointerException if {@code datagramsDropped} is null
   */
  public Counts {
    Objects.requireNonNull(datagramsDropped, "datagramsDropped");
  }

  /**
   * The counters by their names in {@link UdpCounters}, a drop count the provider cannot read as
   * {@code unknown}.
   *
   * @return for example {@code UdpCounters[datagramsReceived=3, bytesReceived=15, ...]}
   */
  @Override
  public String toString() {
    return "UdpCounters[datagramsReceived=" + datagramsReceived + ", bytesReceived=" + bytesReceived + ", datagramsTruncated="
        + datagramsTruncated + ", datagramsDropped=" + (datagramsDropped.isPresent() ? Long.toString(datagramsDropped.getAsLong()) : "unknown")
        + ", datagramsSent=" + datagramsSent + ", bytesSent=" + bytesSent + ", sendsFailed=" + sendsFailed + ", callbackFailures="
        + callbackFailures + "]";
  }

  /**
   * A builder of zeros.
   *
   * @return the builder
   */
  public static CountersBuilder builder() {
    return new Builder();
  }

  /**
   * A builder holding another snapshot's counters.
   *
   * @param from the snapshot
   * @return the builder
   */
  public static CountersBuilder builder(UdpCounters from) {
    return new Builder()
        .received(from.datagramsReceived(), from.bytesReceived())
        .truncated(from.datagramsTruncated())
        .dropped(from.datagramsDropped())
        .sent(from.datagramsSent(), from.bytesSent())
        .sendsFailed(from.sendsFailed())
        .callbackFailures(from.callbackFailures());
  }

  private static final class Builder implements CountersBuilder {
    private long datagramsReceived;
    private long bytesReceived;
    private long datagramsTruncated;
    private OptionalLong datagramsDropped = OptionalLong.empty();
    private long datagramsSent;
    private long bytesSent;
    private long sendsFailed;
    private long callbackFailures;

    @Override
    public CountersBuilder received(long datagrams, long bytes) {
      datagramsReceived = datagrams;
      bytesReceived = bytes;
      return this;
    }

    @Override
    public CountersBuilder truncated(long datagrams) {
      datagramsTruncated = datagrams;
      return this;
    }

    @Override
    public CountersBuilder dropped(OptionalLong datagrams) {
      datagramsDropped = Objects.requireNonNull(datagrams, "datagrams");
      return this;
    }

    @Override
    public CountersBuilder sent(long datagrams, long bytes) {
      datagramsSent = datagrams;
      bytesSent = bytes;
      return this;
    }

    @Override
    public CountersBuilder sendsFailed(long sends) {
      sendsFailed = sends;
      return this;
    }

    @Override
    public CountersBuilder callbackFailures(long callbacks) {
      callbackFailures = callbacks;
      return this;
    }

    @Override
    public UdpCounters build() {
      return new Counts(datagramsReceived, bytesReceived, datagramsTruncated, datagramsDropped, datagramsSent, bytesSent,
          sendsFailed, callbackFailures);
    }
  }
}
