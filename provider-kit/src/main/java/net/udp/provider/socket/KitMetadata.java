package net.udp.provider.socket;

import java.net.InetAddress;
import net.udp.ReceivedMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The metadata a receive callback is told: the provider's view, with the truncation the kit
 * decided (the kit cuts a datagram to the socket's buffer size, which the provider does not know).
 * One per open socket, refilled for each datagram, so nothing is allocated; event-loop thread
 * only, as the provider's view is.
 */
final class KitMetadata implements ReceivedMetadata {
  private ReceivedMetadata provider = ReceivedMetadata.NONE;
  private boolean truncated;

  /** Refills the view for the next datagram. */
  KitMetadata set(ReceivedMetadata fromProvider, boolean cut) {
    this.provider = fromProvider;
    this.truncated = cut;
    return this;
  }

  /** Whether the view tells nothing beyond {@link ReceivedMetadata#NONE}: no copy is needed to keep it. */
  @SuppressWarnings("ReferenceEquality") // the shared constant, by identity
  boolean tellsNothing() {
    return provider == ReceivedMetadata.NONE && !truncated;
  }

  @Override
  public @Nullable InetAddress destination() {
    return provider.destination();
  }

  @Override
  public int interfaceIndex() {
    return provider.interfaceIndex();
  }

  @Override
  public int ecn() {
    return provider.ecn();
  }

  @Override
  public int hopLimit() {
    return provider.hopLimit();
  }

  @Override
  public long receiveTimeNanos() {
    return provider.receiveTimeNanos();
  }

  @Override
  public boolean truncated() {
    return truncated;
  }

  @Override
  public int segmentSize() {
    return provider.segmentSize();
  }

  @Override
  public String toString() {
    return provider + (truncated ? " (truncated)" : "");
  }
}
