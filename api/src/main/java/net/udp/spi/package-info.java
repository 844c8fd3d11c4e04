/**
 * The service-provider interface: what a transport implements to be found by {@link
 * net.udp.Udp}.
 *
 * <p>A provider extends {@link net.udp.spi.UdpProvider} and declares it in its {@code
 * module-info.java} ({@code provides net.udp.spi.UdpProvider with ...}) or, on the class path, in
 * {@code META-INF/services/net.udp.spi.UdpProvider}. Its sockets usually extend {@link
 * net.udp.spi.AbstractUdpSocket}, which implements the API's rules (state, validation, receive
 * modes, the send queue, timeouts, callbacks, {@code info()}) once for every provider, so that a
 * provider writes only the operating-system calls and its event loop.
 */
@NullMarked
package net.udp.spi;

import org.jspecify.annotations.NullMarked;
