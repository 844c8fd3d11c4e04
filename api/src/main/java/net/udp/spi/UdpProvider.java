package net.udp.spi;

import java.util.Objects;
import net.udp.ReceiveCallback;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * A UDP transport, found by {@link java.util.ServiceLoader}. {@link net.udp.Udp} picks the
 * available provider with the highest {@linkplain #priority() priority}, unless the system property
 * {@code net.udp.provider} names one.
 *
 * <p>Implementations need a public no-argument constructor, must be cheap to construct (the lookup
 * constructs every provider on the path) and should start threads only when the first socket is
 * made. A provider states the version of this interface it was built against, so that a
 * mismatched one is reported as unavailable, with the reason, instead of failing at its first
 * call:
 *
 * {@snippet :
 * public final class MyProvider extends UdpProvider {
 *   public String name() { return "mine"; }
 *   public int priority() { return 5; }
 *   public String apiVersion() { return API_VERSION; } // compiled in: the version built against
 *   public Availability availability() { return Availability.ok(); }
 *   public UdpSocket newSocket(ReceiveCallback callback) { return new MySocket(callback); }
 * }
 * }
 *
 * <p>A provider implements {@link UdpSocket} as it likes; the module {@code net.udp.provider} (the
 * provider kit) implements every rule of the API once, so that a provider built on it supplies
 * only its event loop and operating-system calls.
 */
public abstract class UdpProvider {

  /**
   * The version of the provider interface this API implements, {@code MAJOR.MINOR}. A provider
   * built against {@code M.n} runs with an API {@code M.m} where {@code m >= n}: minor versions
   * only add what older providers need not know (new methods with defaults). A new major version
   * breaks providers.
   */
  public static final String API_VERSION = "2.1";

  /** Creates a provider. */
  protected UdpProvider() {}

  /**
   * The provider's name, unique among providers, used by {@code -Dnet.udp.provider=NAME} and
   * {@link net.udp.Udp#provider(String)}.
   *
   * @return a short lower-case name such as {@code "nio"} or {@code "epoll"}
   */
  public abstract String name();

  /**
   * The provider's rank in the default selection: higher wins. Ours: {@code nio} 10, {@code epoll}
   * 20.
   *
   * @return the priority
   */
  public abstract int priority();

  /**
   * The version of the provider interface this provider was built against: return {@link
   * #API_VERSION}, which the compiler copies into the provider's class. The lookup refuses a
   * provider whose version this API cannot run, with the reason in its availability.
   *
   * @return the version, {@code MAJOR.MINOR}
   */
  public abstract String apiVersion();

  /**
   * Tells whether the provider can make sockets in this JVM on this machine, and if not why. Must
   * not throw; may be called often, so implementations compute it once.
   *
   * @return the availability, with a reason when unavailable
   */
  public abstract Availability availability();

  /**
   * Creates an unbound socket, configured with the defaults (both IP versions enabled, buffer size
   * {@value UdpSocket#DEFAULT_BUFFER_SIZE}, the timeout of {@link net.udp.Udp#defaultTimeout()}).
   * The seed's {@code hs.socket.udp.new}.
   *
   * @param callback the receive callback, or {@code null} to set one later
   * @return a new socket
   * @throws IllegalStateException if the provider is not available
   */
  public abstract UdpSocket newSocket(@Nullable ReceiveCallback callback);

  /**
   * Creates an unbound socket without a receive callback.
   *
   * @return a new socket
   * @throws IllegalStateException if the provider is not available
   */
  public final UdpSocket newSocket() {
    return newSocket(null);
  }

  /**
   * Creates a socket bound to a port on every local address: the seed's {@code
   * hs.socket.udp.server}. Call {@link UdpSocket#receive()} on it to start receiving.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param callback the receive callback, or {@code null} to set one later
   * @return a new bound socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   * @throws net.udp.UdpException if the operating system refuses the port
   */
  public final UdpSocket server(int port, @Nullable ReceiveCallback callback) {
    UdpSocket socket = newSocket(callback);
    try {
      return socket.listen(port);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Creates a socket bound to a port, without a receive callback.
   *
   * @param port a port number from 0 to 65535
   * @return a new bound socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   * @throws net.udp.UdpException if the operating system refuses the port
   */
  public final UdpSocket server(int port) {
    return server(port, null);
  }

  /**
   * Opens a server spread over cores: {@code size} sockets bound to one port with {@code
   * SO_REUSEPORT}, sharing {@code callback}, opened and closed as one. Call {@link
   * UdpServerGroup#receive()} to start receiving.
   *
   * <p>The default makes each member with {@link #newSocket(ReceiveCallback)} and leaves the
   * kernel to spread datagrams by its hash; a provider with several event loops overrides it to
   * put each member on a loop of its own and, where it can, to steer each datagram to the member
   * of the CPU that received it ({@link ServerGroups} does the binding).
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param size how many members, at least 1
   * @param callback the receive callback of every member, or {@code null} to set one later
   * @return the open group
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code size} is below 1
   * @throws net.udp.UdpException if the operating system refuses the port; nothing stays open
   * @since 2.1
   */
  public UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> newSocket(callback), members -> false);
  }

  /**
   * Describes the provider: its name, priority and availability.
   *
   * @return for example {@code nio (priority 10, available)}
   */
  @Override
  public String toString() {
    return name() + " (priority " + priority() + ", " + availability() + ")";
  }

  /**
   * Whether a provider can work here, and why not when it cannot.
   *
   * @param available {@code true} when the provider can make sockets
   * @param reason why it cannot, for example {@code "not Linux (Mac OS X)"}; empty when available
   */
  public record Availability(boolean available, String reason) {

    private static final Availability AVAILABLE = new Availability(true, "");

    /**
     * Checks the reason.
     *
     * @throws NullPointerException if {@code reason} is null
     * @throws IllegalArgumentException if an unavailable provider gives no reason
     */
    public Availability {
      Objects.requireNonNull(reason, "reason");
      if (!available && reason.isBlank()) {
        throw new IllegalArgumentException("an unavailable provider must say why");
      }
    }

    /**
     * The provider is available.
     *
     * @return an available result
     */
    public static Availability ok() {
      return AVAILABLE;
    }

    /**
     * The provider is unavailable, for a reason a user can act on.
     *
     * @param reason why, for example {@code "native access is denied: run with
     *     --enable-native-access=net.udp.epoll"}
     * @return an unavailable result
     */
    public static Availability unavailable(String reason) {
      return new Availability(false, reason);
    }

    /**
     * Describes the availability.
     *
     * @return {@code available} or {@code unavailable: REASON}
     */
    @Override
    public String toString() {
      return available ? "available" : "unavailable: " + reason;
    }
  }
}
