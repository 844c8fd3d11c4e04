package net.udp.provider.socket;

import java.net.InetAddress;
import net.udp.ReceivedMetadata;
import org.jspecify.annotations.Nullable;

/**
 * A copy of a datagram's metadata, kept with a held copy of its payload: the provider's view is
 * valid only while the loop delivers, and a held datagram is delivered later, elsewhere.
 */
record MetadataCopy(@Nullable InetAddress destination, int interfaceIndex, int ecn, int hopLimit, long receiveTimeNanos,
    boolean truncated, int segmentSize) implements ReceivedMetadata {

  /** A copy of {@code metadata}; one that tells nothing is {@link ReceivedMetadata#NONE}, allocating nothing. */
  @SuppressWarnings("ReferenceEquality") // the shared constant, by identity
  static ReceivedMetadata of(ReceivedMetadata metadata) {
    if (metadata == ReceivedMetadata.NONE || (metadata instanceof KitMetadata k && k.tellsNothing())) {
      return ReceivedMetadata.NONE;
    }
    return new MetadataCopy(metadata.destination(), metadata.interfaceIndex(), metadata.ecn(), metadata.hopLimit(),
        metadata.receiveTimeNanos(), metadata.truncated(), metadata.segmentSize());
  }
}
