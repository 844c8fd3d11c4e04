package net.udp.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import net.udp.UdpException;
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
  /** Tries at a port for a group asked to bind port 0, when another socket takes the port first. */
  private static final int TRIES = 3;

  private ServerGroups() {}

  /**
   * Makes {@code size} sockets, sets {@code reusePort} on each and binds them, in order, to {@code
   * port} on every local address, then asks {@code steer} to steer the bound members.
   *
   * <p>For port 0 the port is one no socket holds: a socket without {@code reusePort} is bound to
   * port 0 and closed first, and the members bind the port it was given. (Bound with {@code
   * SO_REUSEPORT} at once, the first member could be given a port that another {@code
   * SO_REUSEPORT} socket of the same user holds: Linux passes over such ports when it looks for a
   * free one, and the group would join the other's.) When another socket takes the port in between,
   * it tries again with another.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param size how many members, at least 1
   * @param member makes member {@code i}, from 0, unbound; also the socket that finds a free port
   * @param steer given the bound members in order, steers datagrams to them by CPU and returns
   *     {@code true}, or returns {@code false} to leave the kernel's hash
   * @return the open group
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code size} is below 1
   * @throws UdpException if the operating system refuses the port; every socket made is closed
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
    for (int attempt = 1; ; attempt++) {
      try {
        return bind(port == 0 ? freePort(member) : port, size, member, steer);
      } catch (UdpException e) {
        if (port != 0 || attempt == TRIES) {
          throw e;
        }
      }
    }
  }

  /** A port no socket holds now, found by a socket without {@code reusePort}, closed again. */
  private static int freePort(IntFunction<UdpSocket> member) {
    UdpSocket finder = Objects.requireNonNull(member.apply(0), "the member factory returned null");
    try {
      return finder.listen(0).info().localPort();
    } finally {
      finder.close();
    }
  }

  private static UdpServerGroup bind(int port, int size, IntFunction<UdpSocket> member, Predicate<List<UdpSocket>> steer) {
    List<UdpSocket> members = new ArrayList<>(size);
    try {
      for (int i = 0; i < size; i++) {
        UdpSocket socket = Objects.requireNonNull(member.apply(i), "the member factory returned null");
        members.add(socket);
        socket.reusePort().listen(port);
      }
      return new ReusePortGroup(port, members, steer.test(List.copyOf(members)));
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
