package net.udp.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a platform or a provider may lack. A rule that needs one is marked {@link Requires}; when
 * the provider under test declares it lacks it ({@link ProviderUnderTest#lacks()}), the rule is
 * reported as skipped with the reason, never as passed. Every other rule is required.
 */
public enum Capability {
  /** {@code SO_REUSEPORT}: several sockets bound to one port. */
  REUSE_PORT("reuse-port", "several sockets bound to one port (SO_REUSEPORT)"),
  /** Sending to a broadcast address once allowed ({@code SO_BROADCAST}). */
  BROADCAST("broadcast", "sending to a broadcast address (SO_BROADCAST)"),
  /** An IPv6 socket that refuses IPv4 ({@code IPV6_V6ONLY}), real or emulated. */
  IPV6_ONLY("ipv6-only", "IPv6-only sockets (IPV6_V6ONLY)"),
  /** The kernel's count of datagrams a full receive buffer dropped, reported by {@code info()}. */
  KERNEL_DROPS("kernel-drops", "the kernel's count of dropped datagrams in info()"),
  /** An empty datagram sent on a connected socket. */
  EMPTY_WHEN_CONNECTED("empty-when-connected", "sending an empty datagram on a connected socket"),
  /** Joining multicast groups, any-source and source-specific, with the multicast settings. */
  MULTICAST("multicast", "multicast: joining groups from any source or one, blocking sources, TTL, loopback"),
  /** Per-datagram metadata received: destination address, ECN, hop limit, the kernel's receive time. */
  RECEIVE_METADATA("receive-metadata", "per-datagram metadata received: destination address, ECN, hop limit, receive time"),
  /** An ECN codepoint sent with a datagram ({@code Datagram.ecn}). */
  SEND_ECN("send-ecn", "an ECN codepoint sent with a datagram (Datagram.ecn)"),
  /** A datagram sent from a chosen local address ({@code Datagram.from}). */
  SEND_SOURCE("send-source", "a datagram sent from a chosen local address (Datagram.from)"),
  /** Setting the don't-fragment bit on what a socket sends. */
  DONT_FRAGMENT("dont-fragment", "the don't-fragment bit on what a socket sends (setDontFragment)"),
  /** The kernel's path MTU, in info() and in the failure of a datagram too large for it. */
  PATH_MTU("path-mtu", "the kernel's path MTU, in info() and in the failure of a datagram larger than it");

  private final String id;
  private final String description;

  Capability(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /**
   * The name a provider declares it by, on the command line for example.
   *
   * @return for example {@code reuse-port}
   */
  public String id() {
    return id;
  }

  /**
   * What the capability is.
   *
   * @return a short description
   */
  public String description() {
    return description;
  }

  /**
   * Finds a capability by its id.
   *
   * @param id for example {@code reuse-port}
   * @return the capability, or empty when none has that id
   */
  public static Optional<Capability> byId(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.id.equals(wanted)).findFirst();
  }
}
