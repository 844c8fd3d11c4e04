package net.udp.provider;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * What {@link EventLoop#open(OpenRequest, SocketEvents)} must create: an operating-system socket of
 * a family, with its options set, bound to a local address.
 *
 * @param family {@code INET} for an IPv4 socket, {@code INET6} for an IPv6 one
 * @param ipv6Only for an {@code INET6} socket, whether it refuses IPv4 ({@code IPV6_V6ONLY=1});
 *     {@code false} makes a dual-stack socket
 * @param local the address and port to bind (the wildcard address to bind every address; port 0
 *     for an ephemeral port)
 * @param reusePort whether to set {@code SO_REUSEPORT} before binding
 * @param broadcast whether to set {@code SO_BROADCAST}
 * @param socketReceiveBuffer {@code SO_RCVBUF} to set, or 0 to leave the system's default
 * @param socketSendBuffer {@code SO_SNDBUF} to set, or 0 to leave the system's default
 */
public record OpenRequest(
    StandardProtocolFamily family,
    boolean ipv6Only,
    InetSocketAddress local,
    boolean reusePort,
    boolean broadcast,
    int socketReceiveBuffer,
    int socketSendBuffer) {

  /**
   * Checks the request.
   *
   * @throws NullPointerException if {@code family} or {@code local} is null
   * @throws IllegalArgumentException if {@code family} is not INET or INET6
   */
  public OpenRequest {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(local, "local");
    if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
      throw new IllegalArgumentException("not an IP family: " + family);
    }
  }

  /**
   * Tells whether the socket carries IPv4: an IPv4 socket, or a dual-stack one bound to the
   * wildcard address.
   *
   * @return {@code true} when IPv4 peers can reach the socket
   */
  public boolean carriesIPv4() {
    return family == StandardProtocolFamily.INET || (!ipv6Only && local.getAddress().isAnyLocalAddress());
  }
}
