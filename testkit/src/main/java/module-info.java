/**
 * The net.udp conformance testkit: the numbered rules ({@link net.udp.testkit.UdpConformance})
 * that every provider must pass, run by JUnit 5 against any {@link net.udp.spi.UdpProvider}; the
 * property engine they use ({@link net.udp.testkit.property}); and a command-line runner ({@link
 * net.udp.testkit.runner.ConformanceRunner}).
 */
module net.udp.testkit {
  requires transitive net.udp.api;
  requires java.management; // a thread's CPU time, for the rule on idle sockets
  requires jdk.net; // don't-fragment on a plain channel, to find the MTU rules' narrow path
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.launcher;
  requires org.junit.platform.reporting;
  requires static transitive org.jspecify;

  exports net.udp.testkit;
  exports net.udp.testkit.property;
  exports net.udp.testkit.runner;

  opens net.udp.testkit;
  opens net.udp.testkit.runner;

  uses net.udp.spi.UdpProvider;

  provides java.net.spi.InetAddressResolverProvider with net.udp.testkit.TestNames;
}
