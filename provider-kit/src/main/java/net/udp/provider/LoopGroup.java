package net.udp.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.UdpException;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.provider.socket.KitSocket;
import net.udp.spi.ServerGroups;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A provider's event loops, started together on first use and handed to new sockets in turn.
 * Making a group starts nothing, so a provider can hold one in a static field and stay cheap to
 * construct, as the provider lookup requires.
 *
 * {@snippet :
 * private static final LoopGroup<MyLoop> LOOPS =
 *     new LoopGroup<>(LoopGroup.count("my.provider.loops"), n -> new MyLoop("net.udp-mine-" + n));
 *
 * public UdpSocket newSocket(ReceiveCallback callback) {
 *   return LOOPS.next().newSocket(callback);
 * }
 * }
 *
 * @param <L> the provider's loop type
 */
public final class LoopGroup<L extends EventLoop> {
  private static final System.Logger LOG = System.getLogger("net.udp");
  private final int count;
  private final Supplier<IdleStrategy> idle;
  private final IntFunction<L> factory;
  private final AtomicInteger next = new AtomicInteger();
  private volatile EventLoop @Nullable [] loops;
  private boolean closed; // guarded by this

  /**
   * Describes a group; nothing starts until {@link #next()} is first called.
   *
   * @param count how many loops, at least 1
   * @param factory makes loop number {@code n}, from 1
   * @throws IllegalArgumentException if {@code count} is less than 1
   */
  public LoopGroup(int count, IntFunction<L> factory) {
    this(count, IdleStrategy::park, factory);
  }

  /**
   * Describes a group whose loops are idle the way {@code idle} says when they start; nothing
   * starts, and nothing is asked of {@code idle}, until {@link #next()} is first called (so a
   * provider may read a system property there, and fail the first socket with its reason rather
   * than its own loading).
   *
   * {@snippet :
   * new LoopGroup<>(LoopGroup.count("my.provider.loops"), () -> IdleStrategy.fromProperty("my.provider.idle"), MyLoop::new);
   * }
   *
   * @param count how many loops, at least 1
   * @param idle what each loop does when it has nothing to do, asked once
   * @param factory makes loop number {@code n}, from 1
   * @throws IllegalArgumentException if {@code count} is less than 1
   */
  public LoopGroup(int count, Supplier<IdleStrategy> idle, IntFunction<L> factory) {
    if (count < 1) {
      throw new IllegalArgumentException("a loop group needs at least one loop, not " + count);
    }
    this.count = count;
    this.idle = Objects.requireNonNull(idle, "idle");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * What the group's loops do when they have nothing to do, asked of the supplier now if the
   * group has not started.
   *
   * @return the strategy
   */
  public IdleStrategy idleStrategy() {
    EventLoop[] started = loops;
    return started != null ? started[0].idleStrategy() : Objects.requireNonNull(idle.get(), "the idle strategy supplier returned null");
  }

  /**
   * The number of loops a provider runs: the system property {@code property} when set, else the
   * number of processors, at most 4; never less than 1.
   *
   * @param property the system property that overrides it, such as {@code net.udp.nio.loops}
   * @return the number
   */
  public static int count(String property) {
    return Math.max(1, Integer.getInteger(property, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * The loop for a new socket: each in turn, started on first use.
   *
   * @return a running loop
   */
  @SuppressWarnings("unchecked") // every element was made by factory, an IntFunction<L>
  public L next() {
    EventLoop[] started = loops;
    if (started == null) {
      started = start();
    }
    return (L) started[Math.floorMod(next.getAndIncrement(), started.length)];
  }

  /**
   * Opens a server group whose member {@code i} is served by loop {@code i} (modulo the number of
   * loops), and asks the kernel to steer each datagram to the member of the CPU that received it
   * where the provider's sockets can ({@link OsSocket#steerByCpu(int)}). Where the kernel refuses
   * the steering program (a sandbox that filters it, say), the group is opened unsteered and a
   * warning logged. A provider's {@link net.udp.spi.UdpProvider#serverGroup(int, int,
   * ReceiveCallback)} returns this.
   *
   * @param port a port number from 0 to 65535; 0 lets the operating system choose
   * @param size how many members, at least 1
   * @param callback the receive callback of every member, or {@code null}
   * @return the open group
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code size} is below 1
   * @throws net.udp.UdpException if the operating system refuses the port; nothing stays open
   */
  public UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> {
      EventLoop[] started = loops;
      EventLoop[] all = started != null ? started : start();
      return all[i % all.length].newSocket(callback);
    }, LoopGroup::steer);
  }

  private static boolean steer(List<UdpSocket> members) {
    if (members.size() < 2) {
      return false; // one member takes every datagram: nothing to steer
    }
    try {
      return ((KitSocket) members.get(0)).steerByCpu(members.size());
    } catch (UdpException e) {
      LOG.log(System.Logger.Level.WARNING, "a server group on port {0} is not steered by CPU: {1}", members.get(0).info().localPort(), e.getMessage());
      return false;
    }
  }

  /**
   * Stops the group's loops and frees what they hold, waiting at most {@code wait} for each; a
   * group that never started has nothing to stop. Close the sockets first: one still open on a
   * stopped loop is never served again. The group cannot start again: {@link #next()} and {@link
   * #serverGroup} then throw {@link IllegalStateException}. A provider that lives as long as its
   * class loader, as most do, never calls this; a test that wants every case to begin with loops
   * of its own does, and so may a provider that is unloaded.
   *
   * @param wait how long to wait for each loop's thread to end
   * @return {@code true} when every loop ended in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean close(Duration wait) throws InterruptedException {
    EventLoop[] started;
    synchronized (this) {
      closed = true;
      started = loops;
      loops = null; // next() and serverGroup() go to start(), which refuses
    }
    boolean ended = true;
    if (started != null) {
      for (EventLoop loop : started) {
        ended &= loop.stop(wait);
      }
    }
    return ended;
  }

  private synchronized EventLoop[] start() {
    if (closed) {
      throw new IllegalStateException("the loop group is closed");
    }
    EventLoop[] started = loops;
    if (started == null) {
      IdleStrategy strategy = Objects.requireNonNull(idle.get(), "the idle strategy supplier returned null");
      started = new EventLoop[count];
      for (int i = 0; i < count; i++) {
        started[i] = Objects.requireNonNull(factory.apply(i + 1), "the loop factory returned null");
        started[i].idleStrategy(strategy);
        started[i].start();
      }
      loops = started;
    }
    return started;
  }
}
