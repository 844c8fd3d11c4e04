package net.udp.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.internal.ReusePortGroup;

/**
 * Opens {@link UdpServerGroup}s for providers: the provider says how to make each member (on which
 * loop) and how to steer the bound group; this class binds the members in order, and closes what
 * it made when a step fails.
 *
 * {@snippet :
 * public UdpServerGroup serverGroup(int port, int size, ReceiveCallback callback) {
 *   return ServerGroups.open(port, size, i -> loops.get(i % loops.size()).newSocket(callback), members -> false);
 * }
 * }
 */
public final class ServerGroups {
  private ServerGroups() {}

  /**
   * Makes {@code size} sockets, sets {@code reusePort} on each and binds them, in order, to {@code
   * port} on every local address (the first chooses the port when it is 0), then asks {@code
   * steer} to steer the bound members.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param size how many members, at least 1
   * @param member makes member {@code i}, from 0, unbound
   * @param steer given the bound members in order, steers datagrams to them by CPU and returns
   *     {@code true}, or returns {@code false} to leave the kernel's hash
   * @return the open group
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code size} is below 1
   * @throws net.udp.UdpException if the operating system refuses the port; every member made is
   *     closed
   */
  public static UdpServerGroup open(int port, int size, IntFunction<UdpSocket> member, Predicate<List<UdpSocket>> steer) {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(steer, "steer");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (size < 1) {
      throw new IllegalArgumentException("a server group needs at least one member, not " + size);
    }
    List<UdpSocket> members = new ArrayList<>(size);
    try {
      int bound = port;
      for (int i = 0; i < size; i++) {
        UdpSocket socket = Objects.requireNonNull(member.apply(i), "the member factory returned null");
        members.add(socket);
        socket.reusePort().listen(bound);
        bound = socket.info().localPort();
      }
      return new ReusePortGroup(bound, members, steer.test(List.copyOf(members)));
    } catch (RuntimeException | Error e) {
      try {
        ReusePortGroup.closeAll(members);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
