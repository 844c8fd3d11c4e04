/**
 * The service-provider interface: what a transport implements to be found by {@link
 * net.udp.Udp}.
 *
 * <p>A provider extends {@link net.udp.spi.UdpProvider} and declares it in its {@code
 * module-info.java} ({@code provides net.udp.spi.UdpProvider with ...}) or, on the class path, in
 * {@code META-INF/services/net.udp.spi.UdpProvider}. Its sockets implement {@link
 * net.udp.UdpSocket}: by hand, or with the provider kit (module {@code net.udp.provider}), which
 * implements every rule of the API once so that a provider writes only its event loop and its
 * operating-system calls. The conformance testkit ({@code net.udp.testkit}) checks either kind.
 */
@NullMarked
package net.udp.spi;

import org.jspecify.annotations.NullMarked;
