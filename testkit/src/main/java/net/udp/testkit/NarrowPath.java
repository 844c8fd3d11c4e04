package net.udp.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;

/**
 * The narrow path of the MTU rules: in the network namespace {@link MulticastNet#SETUP} makes,
 * {@value #ADDRESS} is reached over a route whose MTU is {@value #MTU}, where loopback's is 65536,
 * so that a datagram can be larger than its path without leaving the machine.
 */
public final class NarrowPath {
  private NarrowPath() {}

  /** The address behind the narrow route; a loopback address, bound by the receiving side. */
  public static final String ADDRESS = "127.0.0.10";

  /** The route's MTU, in bytes, headers included. */
  public static final int MTU = 1280;

  /** The largest UDP payload that fits it over IPv4: the MTU less 20 bytes of IP and 8 of UDP header. */
  public static final int LARGEST_PAYLOAD = MTU - 28;

  /**
   * Why the MTU rules have no narrow path here, if they have none. A plain JDK channel with
   * don't-fragment set sends one byte more than fits: where the route is narrow, the kernel
   * refuses it.
   *
   * @return the reason, or empty when the narrow path is here
   */
  public static Optional<String> whyNotHere() {
    Optional<String> net = MulticastNet.whyNotHere();
    if (net.isPresent()) {
      return Optional.of("no narrow path to " + ADDRESS + ": " + net.get());
    }
    try (DatagramChannel receiver = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
      receiver.bind(new InetSocketAddress(ADDRESS, 0));
      sender.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true);
      try {
        sender.send(ByteBuffer.allocate(LARGEST_PAYLOAD + 1), receiver.getLocalAddress());
      } catch (IOException refused) {
        return Optional.empty();
      }
      return Optional.of("the route to " + ADDRESS + " is not narrow here: " + (LARGEST_PAYLOAD + 1)
          + " bytes with don't-fragment went through (" + MulticastNet.SETUP + " gives it an MTU of " + MTU + ")");
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("no narrow path to " + ADDRESS + ": " + e.getMessage());
    }
  }
}
