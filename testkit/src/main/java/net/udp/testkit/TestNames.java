package net.udp.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * A name for the rules on name resolution (UDP-7.4, UDP-7.7) that resolves to both loopback
 * addresses wherever the testkit is on the path: {@value #BOTH} gives 127.0.0.1, then ::1. Every
 * other name and address goes to the JDK's own resolver unchanged (hosts file included). The JDK
 * finds this through {@link java.util.ServiceLoader} when it first resolves a name, so no hosts file
 * and no JVM option are needed. The name is under {@code .test}, which RFC 6761 keeps out of the DNS.
 */
public final class TestNames extends InetAddressResolverProvider {
  /** The name that resolves to 127.0.0.1 and ::1, in that order. */
  public static final String BOTH = "both.udp-testkit.test";

  /** Made by the JDK's {@link java.util.ServiceLoader}. */
  public TestNames() {}

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
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
