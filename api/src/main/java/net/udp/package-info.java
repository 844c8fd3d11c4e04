/**
 * Asynchronous UDP sockets: create them with {@link net.udp.Udp}, configure and use them through
 * {@link net.udp.UdpSocket}.
 *
 * <p>The API follows the seed it is modelled on (Hammerspoon's {@code hs.socket.udp}): a socket is
 * created unbound, configured by chained calls, bound by {@code listen}, {@code connect} or a first
 * {@code send}, and delivers datagrams to a {@link net.udp.ReceiveCallback} while it is in
 * continuous ({@code receive}) or one-at-a-time ({@code receiveOne}) mode.
 */
@NullMarked
package net.udp;

import org.jspecify.annotations.NullMarked;
