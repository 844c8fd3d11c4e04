package net.udp.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.udp.ReceiveCallback;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What one rule works with: sockets of the provider under test (closed when the rule ends),
 * executors (shut down when it ends), loopback addresses, and waits that are always bounded.
 * Rules send only to loopback addresses and the loopback broadcast address.
 */
public final class Rig {
  /** The system property that sets {@link #PATIENCE}, in seconds (or an ISO-8601 duration). */
  public static final String PATIENCE_PROPERTY = "net.udp.testkit.patience";

  /** The environment variable that sets {@link #PATIENCE} when the system property does not. */
  public static final String PATIENCE_ENVIRONMENT = "NET_UDP_TESTKIT_PATIENCE";

  /**
   * How long a rule waits for something that must happen: 5 seconds, or what {@value
   * #PATIENCE_PROPERTY} or {@value #PATIENCE_ENVIRONMENT} says, so that slow machines pass and fast
   * ones fail fast, as the Reactive Streams TCK's environment timeout does.
   */
  public static final Duration PATIENCE = configuredPatience();

  /** Set by the testkit's own self-test, which runs rules against faulty providers in a hurry. */
  private static volatile @Nullable Duration patienceOverride;

  /** How long a rule watches for something that must not happen. */
  public static final Duration QUIET = Duration.ofMillis(200);

  /** The IPv4 loopback address. */
  public static final InetAddress LOOPBACK_V4 = address(new byte[] {127, 0, 0, 1});

  /** The IPv6 loopback address. */
  public static final InetAddress LOOPBACK_V6 = address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

  /** The loopback network's broadcast address; the only broadcast address rules send to. */
  public static final String LOOPBACK_BROADCAST = "127.255.255.255";

  private final UdpProvider provider;
  private final List<UdpSocket> sockets = new CopyOnWriteArrayList<>();
  private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

  Rig(UdpProvider provider) {
    this.provider = provider;
  }

  /**
   * The provider under test.
   *
   * @return the provider
   */
  public UdpProvider provider() {
    return provider;
  }

  /**
   * A new unbound socket of the provider under test, closed when the rule ends.
   *
   * @param callback its receive callback, or {@code null}
   * @return the socket
   */
  public UdpSocket socket(@Nullable ReceiveCallback callback) {
    UdpSocket socket = provider.newSocket(callback);
    sockets.add(socket);
    return socket;
  }

  /**
   * A new unbound socket without a callback.
   *
   * @return the socket
   */
  public UdpSocket socket() {
    return socket(null);
  }

  /**
   * A server group of the provider under test, its members closed when the rule ends.
   *
   * @param port the port, 0 for one the operating system chooses
   * @param size how many members
   * @param callback their receive callback, or {@code null}
   * @return the open group
   */
  public UdpServerGroup serverGroup(int port, int size, @Nullable ReceiveCallback callback) {
    UdpServerGroup group = provider.serverGroup(port, size, callback);
    sockets.addAll(group.members());
    return group;
  }

  /**
   * A socket bound to an ephemeral port of 127.0.0.1, receiving continuously.
   *
   * @param callback its receive callback
   * @return the socket
   */
  public UdpSocket listening(ReceiveCallback callback) {
    return socket(callback).listen("127.0.0.1", 0).receive();
  }

  /**
   * A socket bound to an ephemeral port of ::1, receiving continuously; skips the rule where the
   * host has no IPv6 loopback.
   *
   * @param callback its receive callback
   * @return the socket
   */
  public UdpSocket listeningV6(ReceiveCallback callback) {
    assumeIPv6();
    return socket(callback).listen("::1", 0).receive();
  }

  /**
   * An executor of daemon threads named {@code name-N}, shut down when the rule ends.
   *
   * @param name the threads' name prefix
   * @param threads how many threads
   * @return the executor
   */
  public ExecutorService executor(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread t = new Thread(task, name + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executors.add(executor);
    return executor;
  }

  /**
   * The IPv4 loopback address with a port.
   *
   * @param port the port
   * @return 127.0.0.1:port
   */
  public static InetSocketAddress loopback4(int port) {
    return new InetSocketAddress(LOOPBACK_V4, port);
  }

  /**
   * The IPv6 loopback address with a port.
   *
   * @param port the port
   * @return [::1]:port
   */
  public static InetSocketAddress loopback6(int port) {
    return new InetSocketAddress(LOOPBACK_V6, port);
  }

  /**
   * The port a socket is bound to.
   *
   * @param socket the socket
   * @return its local port
   */
  public static int port(UdpSocket socket) {
    return socket.info().localPort();
  }

  /**
   * Tells whether this host has an IPv6 loopback address to test with.
   *
   * @return {@code true} when ::1 can be bound
   */
  public static boolean hasIPv6() {
    return Ipv6.LOOPBACK;
  }

  /** Skips the rule, with the reason, where the host has no IPv6 loopback. */
  public void assumeIPv6() {
    Assumptions.assumeTrue(hasIPv6(), "this host has no IPv6 loopback (::1)");
  }

  /**
   * The patience in effect: {@link #PATIENCE}, unless the testkit's self-test has shortened it.
   *
   * @return how long a rule waits for something that must happen
   */
  public static Duration patience() {
    Duration override = patienceOverride;
    return override != null ? override : PATIENCE;
  }

  /** For the testkit's self-test: a shorter patience while it runs rules against faulty providers, or {@code null} to restore. */
  static void overridePatience(@Nullable Duration patience) {
    patienceOverride = patience;
  }

  /**
   * Skips the rule, with the reason, unless it runs in the network namespace the multicast rules
   * need ({@link MulticastNet}): multicast must never leave the machine.
   */
  public void assumeMulticastNet() {
    java.util.Optional<String> why = MulticastNet.whyNotHere();
    org.junit.jupiter.api.Assumptions.assumeTrue(why.isEmpty(), () -> why.orElse(""));
  }

  /**
   * Skips the rule, with the reason, unless {@link NarrowPath#ADDRESS} is reached over a route
   * with a small MTU here ({@link NarrowPath}).
   */
  public void assumeNarrowPath() {
    java.util.Optional<String> why = NarrowPath.whyNotHere();
    org.junit.jupiter.api.Assumptions.assumeTrue(why.isEmpty(), () -> why.orElse(""));
  }

  /**
   * Skips the rule, with the reason, unless datagrams to {@link SlowPath#ADDRESS} are slowed here,
   * so that a send buffer can fill ({@link SlowPath}).
   */
  public void assumeSlowPath() {
    java.util.Optional<String> why = SlowPath.whyNotHere();
    org.junit.jupiter.api.Assumptions.assumeTrue(why.isEmpty(), () -> why.orElse(""));
  }

  /**
   * Waits until a condition holds, at most {@link #patience()}.
   *
   * @param what what the rule waits for, for the failure message
   * @param condition the condition
   * @throws AssertionError if it does not hold in time
   */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + patience().toMillis() / 1000.0 + " s for " + what + " (set the patience with -D" + PATIENCE_PROPERTY + ")");
      }
      pause(Duration.ofMillis(1));
    }
  }

  /**
   * Keeps one thread of an executor busy until the latch returned is counted down (or a patience
   * has passed), and returns once the task that does so has begun: from then on what the socket
   * hands that executor waits, and nothing it handed over before can still be running.
   *
   * @param executor the executor, of one thread for the rules that rely on it
   * @return the latch that frees the thread
   * @throws AssertionError if the executor does not begin the task within a patience
   */
  public static java.util.concurrent.CountDownLatch occupy(java.util.concurrent.Executor executor) {
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    executor.execute(() -> {
      busy.countDown();
      try {
        release.await(patience().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      if (!busy.await(patience().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the executor did not begin the task that keeps it busy within " + patience().toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the executor to begin a task", e);
    }
    return release;
  }

  /**
   * Sleeps, for rules that must let time pass.
   *
   * @param time how long
   */
  public static void pause(Duration time) {
    try {
      Thread.sleep(time);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  void close() {
    for (UdpSocket socket : sockets) {
      socket.close();
    }
    for (ExecutorService executor : executors) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Duration configuredPatience() {
    String text = System.getProperty(PATIENCE_PROPERTY, System.getenv(PATIENCE_ENVIRONMENT));
    if (text == null || text.isBlank()) {
      return Duration.ofSeconds(5);
    }
    try {
      return text.strip().startsWith("P") ? Duration.parse(text.strip()) : Duration.ofMillis(Math.round(Double.parseDouble(text.strip()) * 1000));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("patience must be seconds (7, 2.5) or an ISO-8601 duration (PT7S), not \"" + text + "\"", e);
    }
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static final class Ipv6 {
    static final boolean LOOPBACK = probe();

    private static boolean probe() {
      try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
        channel.bind(new InetSocketAddress(LOOPBACK_V6, 0));
        return true;
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
  }

  /** Gives each rule a fresh rig, and closes it when the rule ends. */
  static final class Resolver implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Rig.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Rig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      ProviderUnderTest test = (ProviderUnderTest) context.getRequiredTestInstance();
      Rig rig = new Rig(test.provider());
      context.getStore(NAMESPACE).put(Rig.class, rig);
      return rig;
    }

    @Override
    public void afterEach(ExtensionContext context) {
      Rig rig = context.getStore(NAMESPACE).remove(Rig.class, Rig.class);
      if (rig != null) {
        rig.close();
      }
    }
  }
}
