package net.udp;

import java.util.List;

/**
 * One server spread over cores: several sockets bound to one port with {@code SO_REUSEPORT}, each
 * served by an event loop of its own where the provider has several, opened and closed as one.
 * The kernel hands each datagram that reaches the port to one member; a provider that can
 * {@linkplain #steered() steer} hands it to the member of the CPU that received it, so that a
 * datagram is read on the core where it arrived.
 *
 * {@snippet :
 * try (UdpServerGroup group = Udp.serverGroup(9000, 4, (socket, payload, sender) -> {
 *   socket.send(Datagram.of(payload).to(sender)); // answers from port 9000, from the member that received
 * })) {
 *   group.receive();
 *   // ...
 * }
 * }
 *
 * <p>Each member is an ordinary socket, {@linkplain UdpSocket#reusePort() reusing the port} and
 * {@linkplain UdpSocket#listen(int) listening} on every local address: settings, sends and {@code
 * info()} work on it as on any socket, and its replies leave from the group's port. The members
 * share the callback the group was made with; the socket passed to it says which member received.
 * Closing a member alone leaves the others serving the port, but the kernel then moves its last
 * member into the closed one's place, so that steering no longer follows {@link #members()}.
 *
 * <p>Like any {@code SO_REUSEPORT} socket, the members share a port given by number with other
 * sockets of the same user that reuse it (the kernel spreads datagrams over all of them, and
 * steering loses its order); a group on port 0 is given a port no socket holds.
 *
 * <p>Any thread may call a group. Its calls go to the members one after another, so a {@code
 * receive()} and a {@code pause()} made at once may leave some members receiving and others not.
 */
public interface UdpServerGroup extends AutoCloseable {

  /**
   * The port every member is bound to: the one asked for, or the one the operating system chose
   * for port 0.
   *
   * @return the port, 1 to 65535
   */
  int port();

  /**
   * The members, in the order the kernel's port group holds them: when the group is {@linkplain
   * #steered() steered}, member {@code i} receives what the {@code i}th CPU the process may use
   * received (modulo the group's size).
   *
   * @return the sockets, an unmodifiable list of at least one
   */
  List<UdpSocket> members();

  /**
   * Whether the kernel hands each datagram to the member of the CPU that received it, rather than
   * by a hash of the sender's address and port. A group of one has nothing to steer and is never
   * steered; a provider that steers groups steers every group of two or more.
   *
   * @return {@code true} when the provider steers by CPU
   */
  boolean steered();

  /**
   * Starts receiving on every member, as {@link UdpSocket#receive()} does, in order.
   *
   * @return this group
   * @throws UdpClosedException if a member is closed (the members before it receive)
   */
  UdpServerGroup receive();

  /**
   * Stops the callbacks of every member, as {@link UdpSocket#pause()} does.
   *
   * @return this group
   */
  UdpServerGroup pause();

  /**
   * A snapshot of the group: its port, whether it is steered, every member's {@link
   * UdpSocket#info()}, and the members' counters summed.
   *
   * @return the snapshot
   */
  UdpServerGroupInfo info();

  /**
   * Closes every member: when this returns, the port is free of the group's sockets. Idempotent.
   */
  @Override
  void close();
}
