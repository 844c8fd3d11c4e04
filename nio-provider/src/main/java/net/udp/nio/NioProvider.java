package net.udp.nio;

import java.nio.channels.DatagramChannel;
import net.udp.ReceiveCallback;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.provider.IdleStrategy;
import net.udp.provider.LoopGroup;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code nio} provider: available wherever {@link DatagramChannel} is, priority 10. Its event
 * loops start with the first socket; their number is the number of processors, at most 4, or
 * {@code -Dnet.udp.nio.loops=N}.
 */
public final class NioProvider extends UdpProvider {
  /** This provider's name. */
  public static final String NAME = "nio";

  private static final LoopGroup<NioLoop> SHARED = newLoops();

  private final LoopGroup<NioLoop> loops;

  /** Creates the provider; starts nothing. */
  public NioProvider() {
    this(SHARED);
  }

  /** A provider whose sockets are served by {@code loops} instead of the loops every other shares. */
  NioProvider(LoopGroup<NioLoop> loops) {
    this.loops = loops;
  }

  /** A group of loops as the system properties describe, not started. */
  static LoopGroup<NioLoop> newLoops() {
    return new LoopGroup<>(LoopGroup.count("net.udp.nio.loops"), () -> IdleStrategy.fromProperty("net.udp.nio.idle"), NioLoop::new);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
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
    return loops.next().newSocket(callback);
  }

  /**
   * Opens a server group whose members each have a loop of their own, while there are loops
   * enough. The JDK cannot attach a steering program, so the kernel spreads datagrams over the
   * members by a hash of the sender's address and port.
   */
  @Override
  public UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    return loops.serverGroup(port, size, callback);
  }
}
