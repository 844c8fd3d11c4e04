package net.udp;

import org.jspecify.annotations.Nullable;

/**
 * The multicast side of a {@link UdpSocket}: joining groups, and how the socket's own multicast
 * datagrams leave. A part of {@code UdpSocket}, as {@link java.nio.channels.MulticastChannel} is of
 * {@link java.nio.channels.DatagramChannel}; nothing else implements it. A provider without
 * multicast throws {@link UnsupportedOperationException} from each method.
 */
public sealed interface UdpMulticast permits UdpSocket {

  /**
   * Joins a multicast group on the interface the operating system's route to the group takes:
   * from now on the socket receives the datagrams sent to the group and its port.
   *
   * @param group an IP literal of a multicast address (224.0.0.0/4, ff00::/8)
   * @return the membership, to block sources or leave with
   * @see #join(String, String, String)
   */
  default UdpMembership join(String group) {
    return join(group, null, null);
  }

  /**
   * Joins a multicast group on one network interface.
   *
   * @param group an IP literal of a multicast address
   * @param networkInterface the interface's name ({@code eth0}), or {@code null} for the one the
   *     operating system's route to the group takes
   * @return the membership
   * @see #join(String, String, String)
   */
  default UdpMembership join(String group, @Nullable String networkInterface) {
    return join(group, networkInterface, null);
  }

  /**
   * Joins a multicast group, from any source or, source-specific, from one. The socket must be
   * bound (to the group's port, usually on every address: {@code listen(port)}); an IPv4 group can
   * be joined on a dual-stack socket. Closing the socket leaves every group it joined; opening it
   * again joins none.
   *
   * {@snippet :
   * UdpSocket listener = Udp.newSocket(callback).reusePort().listen(9000).receive();
   * listener.join("239.1.2.3");                          // any source
   * listener.join("232.1.2.3", "eth0", "192.0.2.10");    // only 192.0.2.10's datagrams
   * }
   *
   * @param group an IP literal of a multicast address
   * @param networkInterface the interface's name, or {@code null} for the one the operating
   *     system's route to the group takes
   * @param source for a source-specific membership, an IP literal of the one sender whose
   *     datagrams are delivered (IPv4: a group in 232.0.0.0/8 by convention); {@code null} for any
   *     source
   * @return the membership
   * @throws IllegalArgumentException if {@code group} is not a multicast literal, {@code source}
   *     not a literal of the same family, or no interface has that name
   * @throws IllegalStateException if the socket is not bound, is closed, or already a member of
   *     the group on that interface (for that source)
   * @throws UnsupportedOperationException if the provider has no multicast
   * @throws UdpException if the socket carries no address of the group's family, the interface
   *     cannot multicast, or the operating system refuses; the message names the group, the
   *     interface and the reason
   */
  default UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
    throw new UnsupportedOperationException("join " + group + ": the " + ((UdpSocket) this).info().provider() + " provider has no multicast");
  }

  /**
   * Sets the interface the socket's multicast datagrams leave by.
   *
   * @param networkInterface the interface's name, or {@code null} for the operating system's
   *     choice, the default
   * @return this socket
   * @throws IllegalArgumentException if no interface has that name
   * @throws UnsupportedOperationException if the provider has no multicast
   * @throws UdpException if the interface cannot multicast, or the operating system refuses
   */
  default UdpSocket setMulticastInterface(@Nullable String networkInterface) {
    throw new UnsupportedOperationException("setMulticastInterface: the " + ((UdpSocket) this).info().provider() + " provider has no multicast");
  }

  /**
   * Sets the TTL (IPv4) and hop limit (IPv6) of the multicast datagrams the socket sends: 1, the
   * default, keeps them on the local network; 0 keeps them on this host.
   *
   * @param hops 0 to 255
   * @return this socket
   * @throws IllegalArgumentException if {@code hops} is outside 0..255
   * @throws UnsupportedOperationException if the provider has no multicast
   */
  default UdpSocket setMulticastTtl(int hops) {
    throw new UnsupportedOperationException("setMulticastTtl: the " + ((UdpSocket) this).info().provider() + " provider has no multicast");
  }

  /**
   * Sets whether this host's own members of a group receive the datagrams the socket sends to it.
   * On by default.
   *
   * @param enabled the setting
   * @return this socket
   * @throws UnsupportedOperationException if the provider has no multicast
   */
  default UdpSocket setMulticastLoopback(boolean enabled) {
    throw new UnsupportedOperationException("setMulticastLoopback: the " + ((UdpSocket) this).info().provider() + " provider has no multicast");
  }
}
