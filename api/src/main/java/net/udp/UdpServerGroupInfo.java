package net.udp;

import java.util.List;

/**
 * A snapshot of a {@link UdpServerGroup}, returned by {@link UdpServerGroup#info()}. Snapshots are
 * immutable and compare equal when every field is equal.
 */
public interface UdpServerGroupInfo {

  /**
   * The port the members are bound to.
   *
   * @return the port
   */
  int port();

  /**
   * Whether the kernel steers each datagram to the member of the CPU that received it.
   *
   * @return {@code true} when steered
   */
  boolean steered();

  /**
   * Every member's {@link UdpSocket#info()}, in the order of {@link UdpServerGroup#members()}.
   *
   * @return the snapshots, unmodifiable
   */
  List<UdpSocketInfo> members();

  /**
   * The members' counters summed, each counter over every member; the kernel's drop count only
   * when every member reports one.
   *
   * @return the sums
   */
  UdpCounters counters();
}
