/**
 * The kit's socket, in parts with one job each: {@link net.udp.provider.socket.KitSocket} (the
 * {@code UdpSocket} itself and its life cycle), {@code Settings} (configuration and validation),
 * {@code Opened} (one life of the operating-system socket: its events and what it can reach),
 * {@code Outbox} (the send queue), {@code Staged} (the sends gathered in a native batch), {@code
 * Segmenter} and {@code Gathered} (a segmented send and its one callback), {@code ReceiveGate}
 * (receive modes and held datagrams), {@code Dispatch} (where callbacks run), {@code Tally}
 * (counters), {@code Names} and {@code Background} (name resolution and timers off the loop). Not exported: providers see only the sockets they
 * get from {@link net.udp.provider.EventLoop#newSocket}. The threads and locks are described in
 * {@link net.udp.provider}.
 */
@NullMarked
package net.udp.provider.socket;

import org.jspecify.annotations.NullMarked;
