package net.udp.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A name for the rules on name resolution (UDP-7.4, UDP-7.7) that resolves to both loopback
 * addresses wherever the testkit is on the path: {@value #BOTH} gives 127.0.0.1, then ::1. Every
 * other name and address goes to the JDK's own resolver unchanged (hosts file included). The JDK
 * finds this through {@link java.util.ServiceLoader} when it first resolves a name, so no hosts file
 * and no JVM option are needed. The name is under {@code .test}, which RFC 6761 keeps out of the DNS.
 * Names made by {@link #hold()} resolve to 127.0.0.1 once released, for the rules that need sends
 * to wait for their name.
 */
public final class TestNames extends InetAddressResolverProvider {
  /** The name that resolves to 127.0.0.1 and ::1, in that order. */
  public static final String BOTH = "both.udp-testkit.test";

  /** Names held unresolved, each until its {@link Held} is closed. */
  private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  /** Made by the JDK's {@link java.util.ServiceLoader}. */
  public TestNames() {}

  /**
   * A name of its own, which resolves to 127.0.0.1 only once the returned hold is closed (or the
   * rules' patience has passed): sends to it wait in their socket's queue for as long as the rule
   * wants. A new name each time, as the JDK keeps what it resolved.
   *
   * @return the hold; closing it lets the name resolve
   */
  public static Held hold() {
    String name = "held-" + NEXT.incrementAndGet() + ".udp-testkit.test";
    CountDownLatch gate = new CountDownLatch(1);
    HELD.put(name, gate);
    return new Held(name, gate);
  }

  /** A name held unresolved until this is closed. */
  public static final class Held implements AutoCloseable {
    private final String name;
    private final CountDownLatch gate;

    private Held(String name, CountDownLatch gate) {
      this.name = name;
      this.gate = gate;
    }

    /**
     * The held name.
     *
     * @return for example {@code held-1.udp-testkit.test}
     */
    public String name() {
      return name;
    }

    /** Lets the name resolve, now and from then on. */
    @Override
    public void close() {
      gate.countDown();
    }
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        CountDownLatch gate = HELD.get(host.toLowerCase(Locale.ROOT));
        if (gate != null) {
          try {
            var unused = gate.await(Rig.patience().toMillis(), TimeUnit.MILLISECONDS); // bounded: a rule that forgets to close still ends
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted while held");
          }
          return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }
        if (!BOTH.equalsIgnoreCase(host)) {
          return builtin.lookupByName(host, policy);
        }
        int c = policy.characteristics();
        boolean v4 = (c & LookupPolicy.IPV4) != 0;
        boolean v6 = (c & LookupPolicy.IPV6) != 0;
        boolean v6First = (c & LookupPolicy.IPV6_FIRST) != 0;
        Stream<InetAddress> four = v4 ? Stream.of(InetAddress.getByAddress(BOTH, new byte[] {127, 0, 0, 1})) : Stream.empty();
        Stream<InetAddress> six = v6 ? Stream.of(InetAddress.getByAddress(BOTH, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})) : Stream.empty();
        return v6First ? Stream.concat(six, four) : Stream.concat(four, six);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "net.udp.testkit";
  }
}
