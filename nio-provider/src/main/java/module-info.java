/**
 * The portable net.udp provider, named {@code nio}: sockets over {@link
 * java.nio.channels.DatagramChannel}, driven by a small group of {@link java.nio.channels.Selector}
 * event loops. Runs wherever Java runs; found by {@link net.udp.Udp} through {@link
 * java.util.ServiceLoader}.
 */
module net.udp.nio {
  requires net.udp.provider;
  requires jdk.net; // IP_DONTFRAGMENT
  requires static org.jspecify;

  provides net.udp.spi.UdpProvider with
      net.udp.nio.NioProvider;
}
