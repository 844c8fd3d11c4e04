package net.udp.epoll;

import java.util.function.Supplier;
import net.udp.ReceiveCallback;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.provider.IdleStrategy;
import net.udp.provider.LoopGroup;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code epoll} provider: Linux only, priority 20 (above {@code nio}), available when native
 * access is allowed. Its event loops start with the first socket; their number is the number of
 * processors, at most 4, or {@code -Dnet.udp.epoll.loops=N}; each receives up to {@code
 * -Dnet.udp.epoll.batch=N} datagrams (64 by default) per {@code recvmmsg}, and sends as many per
 * {@code sendmmsg}. With {@code -Dnet.udp.epoll.pin=true} loop {@code n} runs only on the
 * {@code n}th CPU the process may use (modulo their number).
 */
public final class EpollProvider extends UdpProvider {
  /** This provider's name. */
  public static final String NAME = "epoll";

  private static final LoopGroup<EpollLoop> SHARED = newLoops();

  private final LoopGroup<EpollLoop> loops;

  /** Creates the provider; checks nothing and starts nothing until asked. */
  public EpollProvider() {
    this(SHARED);
  }

  /** A provider whose sockets are served by {@code loops} instead of the loops every other shares. */
  EpollProvider(LoopGroup<EpollLoop> loops) {
    this.loops = loops;
  }

  /** A group of loops as the system properties describe, not started. */
  static LoopGroup<EpollLoop> newLoops() {
    return new LoopGroup<>(LoopGroup.count("net.udp.epoll.loops"),
        () -> IdleStrategy.fromProperty("net.udp.epoll.idle"),
        n -> new EpollLoop(n, Math.max(1, Math.min(1024, Integer.getInteger("net.udp.epoll.batch", 64))), Boolean.getBoolean("net.udp.epoll.pin")));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public String apiVersion() {
    return API_VERSION;
  }

  @Override
  public Availability availability() {
    return NativeAccess.AVAILABILITY;
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return natively(() -> loops.next().newSocket(callback));
  }

  /**
   * Opens a server group whose members each have a loop of their own (while there are loops
   * enough), steered by CPU: a datagram goes to the member of the CPU that received it. With
   * {@code -Dnet.udp.epoll.pin=true} each loop also runs on one CPU, loop {@code n} on the
   * {@code n}th CPU this process may use, so that member {@code i} reads on CPU {@code i}.
   */
  @Override
  public UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    return natively(() -> loops.serverGroup(port, size, callback));
  }

  private <T> T natively(Supplier<T> call) {
    Availability availability = availability();
    if (!availability.available()) {
      throw new IllegalStateException("the epoll provider is unavailable: " + availability.reason());
    }
    try {
      return call.get();
    } catch (IllegalCallerException | ExceptionInInitializerError | NoClassDefFoundError e) {
      // The first native call is made here, not in availability(): a JVM that denies native
      // access by default, without the flag, refuses it now.
      throw new IllegalStateException("the epoll provider cannot call native code here (" + e + "): run with " + NativeAccess.FLAGS, e);
    }
  }
}
