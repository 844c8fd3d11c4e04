package net.udp.testkit.faults;

import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/** A provider whose sockets are a correct provider's sockets with one fault. */
public final class FaultyProvider extends UdpProvider {
  /** How a fault breaks a socket of the correct provider. */
  @FunctionalInterface
  public interface Fault {
    /**
     * Breaks a socket.
     *
     * @param socket a socket of the correct provider, with no callback yet
     * @param provider the faulty provider, for what its sockets share
     * @return the broken socket
     */
    UdpSocket inject(UdpSocket socket, FaultyProvider provider);
  }

  /** A fault in how the provider opens server groups; its sockets are the correct provider's. */
  @FunctionalInterface
  public interface GroupFault {
    /**
     * Opens a broken group.
     *
     * @param provider the faulty provider, whose {@code newSocket} makes correct sockets
     * @param port the port asked for
     * @param size the members asked for
     * @param callback their callback
     * @return the group
     */
    UdpServerGroup open(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback);
  }

  /**
   * A group fault as a {@link Fault}: sockets as the correct provider makes them, groups as the
   * fault opens them.
   *
   * @param group the fault
   */
  public record InGroups(GroupFault group) implements Fault {
    @Override
    public UdpSocket inject(UdpSocket socket, FaultyProvider provider) {
      return socket;
    }
  }

  private final String description;
  private final UdpProvider base;
  private final Fault fault;
  /** A count the sockets of this provider share, for faults that depend on how many there are. */
  final AtomicInteger shared = new AtomicInteger();
  /** What else the sockets of this provider share, one of each type. */
  private final java.util.Map<Class<?>, Object> sharedObjects = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A correct provider with a fault.
   *
   * @param description what is broken
   * @param base the correct provider
   * @param fault how its sockets are broken
   */
  public FaultyProvider(String description, UdpProvider base, Fault fault) {
    this.description = description;
    this.base = base;
    this.fault = fault;
  }

  /**
   * Something the sockets of this provider share, made by the first that asks.
   *
   * @param type its type
   * @param make how to make it
   * @return the one of this provider
   */
  <T> T shared(Class<T> type, java.util.function.Supplier<T> make) {
    return type.cast(sharedObjects.computeIfAbsent(type, k -> make.get()));
  }

  /** The correct provider underneath. */
  UdpProvider base() {
    return base;
  }

  /**
   * The base's name: its sockets report it, and a fault is not a different provider.
   *
   * @return the name
   */
  @Override
  public String name() {
    return base.name();
  }

  /**
   * What is broken.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String apiVersion() {
    return API_VERSION;
  }

  @Override
  public Availability availability() {
    return Availability.ok();
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    UdpSocket socket = fault.inject(base.newSocket(null), this);
    return callback == null ? socket : socket.setCallback(callback);
  }

  @Override
  public UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    return fault instanceof InGroups faulty ? faulty.group().open(this, port, size, callback) : super.serverGroup(port, size, callback);
  }
}
