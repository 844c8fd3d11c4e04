/**
 * The net.udp API: asynchronous UDP sockets ({@link net.udp.UdpSocket}, created through {@link
 * net.udp.Udp}) and the service interface that transports implement ({@link
 * net.udp.spi.UdpProvider}).
 *
 * <p>This module holds no socket implementation: no threads, no resolver, no socket state. Put one
 * or more provider modules on the module path or class path (for example {@code net.udp.nio},
 * which runs everywhere, or {@code net.udp.epoll} on Linux); {@link net.udp.Udp} finds them with
 * {@link java.util.ServiceLoader}.
 */
module net.udp.api {
  // Annotations only: needed to compile against the api (its POM brings the jar), never to run.
  requires static transitive org.jspecify;

  exports net.udp;
  exports net.udp.spi;

  uses net.udp.spi.UdpProvider;
}
