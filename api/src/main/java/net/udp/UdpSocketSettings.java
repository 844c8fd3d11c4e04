package net.udp;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link UdpSocket}: socket options, sizes, the receive callback, the timeout of
 * sends and where callbacks run. A part of {@code UdpSocket}, kept apart so that each reads in one
 * sitting; nothing else implements it. Each setter returns the socket, so that calls chain as in
 * the seed:
 *
 * {@snippet :
 * UdpSocket socket = Udp.newSocket(callback).reusePort().broadcast().setTimeout(Duration.ofSeconds(1));
 * }
 */
public sealed interface UdpSocketSettings permits UdpSocket {

  /**
   * Enables broadcasting: the same as {@code broadcast(true)}.
   *
   * @return this socket
   */
  default UdpSocket broadcast() {
    return broadcast(true);
  }

  /**
   * Enables or disables sending to broadcast addresses ({@code SO_BROADCAST}).
   *
   * <p>By default the operating system does not allow a socket to send broadcast messages, to keep
   * a mistake from flooding the network; a send to a broadcast address such as {@code
   * 127.255.255.255} fails with the operating system's reason until this is enabled. May be called
   * at any time.
   *
   * @param enabled {@code true} to allow broadcasts, {@code false} to forbid them again
   * @return this socket
   */
  UdpSocket broadcast(boolean enabled);

  /**
   * Enables port reuse: the same as {@code reusePort(true)}.
   *
   * @return this socket
   * @throws IllegalStateException if the socket is already bound
   */
  default UdpSocket reusePort() {
    return reusePort(true);
  }

  /**
   * Enables or disables port reuse ({@code SO_REUSEPORT}), which lets several sockets bind the
   * same address and port; all of them must enable it. Every one of them receives broadcasts sent
   * to that port. Must be called before the socket is bound.
   *
   * @param enabled {@code true} to allow sharing the port
   * @return this socket
   * @throws IllegalStateException if the socket is already bound
   */
  UdpSocket reusePort(boolean enabled);

  /**
   * Enables an IP version: the same as {@code enableIPv(version, true)}.
   *
   * @param version 4 or 6
   * @return this socket
   * @throws IllegalArgumentException if {@code version} is neither 4 nor 6
   * @throws IllegalStateException if the socket is already bound
   */
  default UdpSocket enableIPv(int version) {
    return enableIPv(version, true);
  }

  /**
   * Enables or disables IPv4 or IPv6. Both are enabled by default, which makes the socket one
   * dual-stack IPv6 socket that also serves IPv4 peers (where the host has no IPv6, an IPv4
   * socket). Disabling IPv4 makes an IPv6-only socket; disabling IPv6 an IPv4 socket. Must be
   * called before binding; for an IPv6-only server:
   *
   * {@snippet :
   * Udp.newSocket(callback).enableIPv(4, false).listen(port).receive();
   * }
   *
   * @param version 4 or 6
   * @param enabled {@code true} to enable that version, {@code false} to disable it
   * @return this socket
   * @throws IllegalArgumentException if {@code version} is neither 4 nor 6, or if this would
   *     disable both versions
   * @throws IllegalStateException if the socket is already bound
   */
  UdpSocket enableIPv(int version, boolean enabled);

  /**
   * Makes the socket IP-version neutral: when a host name resolves to both IPv4 and IPv6
   * addresses, the first one returned is used. This is the default.
   *
   * @return this socket
   */
  default UdpSocket preferIPv() {
    return preferIPv(0);
  }

  /**
   * Sets the preferred IP version, which decides the address used when a host name resolves to
   * both IPv4 and IPv6 addresses. A name that resolves to one version only is used with that
   * version whatever the preference.
   *
   * @param version 4 or 6 to prefer that version; any other number sets the neutral default, as
   *     in the seed
   * @return this socket
   */
  UdpSocket preferIPv(int version);

  /**
   * Sets the largest datagram the socket reads, for both IP versions.
   *
   * @param size the largest payload delivered, in bytes, from 1 to 65535
   * @return this socket
   * @throws IllegalArgumentException if {@code size} is outside 1..65535
   * @see #setBufferSize(int, int)
   */
  default UdpSocket setBufferSize(int size) {
    return setBufferSize(size, 0);
  }

  /**
   * Sets the largest datagram the socket reads from senders of one IP version. A larger datagram
   * is delivered truncated to this size and counted in {@link UdpCounters#datagramsTruncated()}.
   * The default is {@value UdpSocket#DEFAULT_BUFFER_SIZE} for both versions, enough for every IPv4
   * datagram (at most 65507 bytes of payload) and every IPv6 datagram without jumbo payload (at
   * most 65527). May be called at any time.
   *
   * @param size the largest payload delivered, in bytes, from 1 to 65535
   * @param version 4 or 6 for that version only; any other number sets both, as the seed
   *     documents
   * @return this socket
   * @throws IllegalArgumentException if {@code size} is outside 1..65535
   */
  UdpSocket setBufferSize(int size, int version);

  /**
   * Sets the size of the operating system's receive buffer for this socket ({@code SO_RCVBUF}):
   * how many bytes of datagrams the kernel keeps while nothing reads. High-rate receivers raise it
   * to avoid drops; the kernel may round or cap the value ({@link UdpSocketInfo#socketReceiveBuffer()}
   * shows what it granted). May be called at any time.
   *
   * @param bytes the requested size, at least 1
   * @return this socket
   * @throws IllegalArgumentException if {@code bytes} is less than 1
   */
  UdpSocket setSocketReceiveBuffer(int bytes);

  /**
   * Sets the size of the operating system's send buffer for this socket ({@code SO_SNDBUF}). The
   * kernel may round or cap the value. May be called at any time.
   *
   * @param bytes the requested size, at least 1
   * @return this socket
   * @throws IllegalArgumentException if {@code bytes} is less than 1
   */
  UdpSocket setSocketSendBuffer(int bytes);

  /**
   * Asks for UDP generic receive offload: the kernel may then hand over, in one read, a run of
   * datagrams of one sender and one size (the segments of a {@linkplain Datagram#segments(int) segmented} send, say), which
   * the provider delivers as the datagrams they are, one callback each, with the same sender and
   * bytes as without it: callers do not change, and the counters count datagrams. What changes is
   * the cost: one system call and one kernel buffer for up to 64 datagrams. Off by default. May be
   * called at any time; {@link UdpSocketInfo#receiveOffload()} tells whether the open socket
   * receives that way. A provider without it (this default) ignores the request and receives one
   * datagram at a time.
   *
   * {@snippet :
   * UdpSocket bulk = Udp.newSocket(sink).setReceiveOffload(true).listen(port).receive();
   * }
   *
   * @param enabled whether to ask for it
   * @return this socket
   */
  default UdpSocket setReceiveOffload(boolean enabled) {
    return (UdpSocket) this;
  }

  /**
   * Asks the operating system to tell, with each datagram received, the facts in {@code what}: the
   * destination address, the ECN codepoint, the hop limit, the kernel's receive time. A callback
   * made by {@link ReceiveCallback#withMetadata} reads them. None by default, as each costs the
   * kernel a little per datagram. May be called at any time (datagrams the kernel queued before may
   * arrive without what was just asked for); {@link UdpSocketInfo#receiveMetadata()}
   * tells which the open socket collects: a provider that cannot collect one (this default, the nio
   * provider) leaves it out, and the callback reads it as absent.
   *
   * @param what the facts to collect; empty for none
   * @return this socket
   */
  default UdpSocket setReceiveMetadata(Set<UdpMetadata> what) {
    java.util.Objects.requireNonNull(what, "what");
    return (UdpSocket) this;
  }

  /**
   * Sets the don't-fragment bit on the datagrams the socket sends ({@code IP_MTU_DISCOVER} with
   * {@code IP_PMTUDISC_DO}, {@code IPV6_DONTFRAG}), as QUIC's path MTU discovery needs: a datagram
   * larger than the path MTU is then not fragmented but fails, through its callback, with a {@link
   * UdpException} that gives the MTU; the socket stays usable. Off by default: the operating
   * system fragments what does not fit. May be called at any time; {@link
   * UdpSocketInfo#dontFragment()} reads it back, and {@link UdpSocketInfo#pathMtu()} tells the
   * path MTU of a connected socket.
   *
   * @param enabled whether to set the bit
   * @return this socket
   * @throws UnsupportedOperationException if the provider cannot set it (this default)
   */
  default UdpSocket setDontFragment(boolean enabled) {
    throw new UnsupportedOperationException("setDontFragment: the " + ((UdpSocket) this).info().provider() + " provider cannot set don't-fragment");
  }

  /**
   * Sets how many datagrams may wait in the send queue while the operating system's send buffer
   * is full or a host name is being resolved. A send that finds the queue full fails at once with
   * a {@link UdpException} that says so; a sender that would rather wait for room waits on {@link
   * UdpSocket#whenWritable()}. The default is {@value UdpSocket#DEFAULT_SEND_QUEUE_CAPACITY}.
   *
   * @param datagrams the capacity, at least 1
   * @return this socket
   * @throws IllegalArgumentException if {@code datagrams} is less than 1
   */
  UdpSocket setSendQueueCapacity(int datagrams);


  /**
   * Sets the receive callback, which must be set to receive. May be called at any time; the next
   * datagram goes to the new callback. Cleared ({@code null}) while the socket receives, what
   * arrives waits, as after {@link UdpSocket#pause()}, and goes to the next callback set, in order.
   *
   * @param callback the callback, or {@code null} to clear it
   * @return this socket
   */
  UdpSocket setCallback(@Nullable ReceiveCallback callback);

  /**
   * Sets the timeout of this socket's sends: the time from the call to {@code send} until the
   * datagram is handed to the operating system, name resolution and waiting in the send queue
   * included. A send that takes longer fails with {@link UdpTimeoutException}. New sockets start
   * with {@link Udp#defaultTimeout()}.
   *
   * @param timeout the timeout; {@code null} or a negative duration for none, which is the default
   * @return this socket
   */
  UdpSocket setTimeout(@Nullable Duration timeout);

  /**
   * Sets the executor that runs this socket's callbacks (receive, send, connect and error). With
   * an executor, received payloads are copied before they are handed over, and callbacks of this
   * socket still run one at a time and in order. Without one (the default) callbacks run on the
   * socket's event-loop thread and must not block it.
   *
   * <p>Every callback runs exactly once. One that an executor refuses or throws on is run on the
   * event loop instead. Replacing the executor moves the callbacks still waiting for the old one
   * to the new one, in order (one already running there finishes there), so that a socket whose
   * executor silently dropped its tasks recovers once it is given another.
   *
   * <p>While received datagrams wait for an executor that falls behind, the socket holds at most
   * 4,096 of them and leaves the rest in the operating system's receive buffer, which drops what
   * it cannot hold ({@link UdpCounters#datagramsDropped()}): a slow executor never makes the
   * heap grow without bound.
   *
   * @param executor the executor, or {@code null} to run callbacks on the event loop
   * @return this socket
   */
  UdpSocket setExecutor(@Nullable Executor executor);

  /**
   * Lets receive callbacks run at once, for an executor with threads to spare (virtual threads,
   * say): each datagram is handed to the {@linkplain #setExecutor(Executor) executor} as a task
   * of its own, with a copy of its payload that the callback owns and may keep. Callbacks then
   * run in any order, as many at a time as the executor runs tasks. The default, ordered
   * delivery, runs them one at a time in the order the datagrams arrived. Send, connect and error
   * callbacks stay ordered either way, and without an executor this changes nothing.
   *
   * <p>{@link UdpSocket#pause()}, {@link UdpSocket#receiveOne()} and {@link UdpSocket#close()} keep their promises: a task
   * that begins after a pause keeps its datagram for the next receive, receiveOne hands over one
   * datagram, and close waits for the callbacks under way on other threads.
   *
   * {@snippet :
   * UdpSocket server = Udp.server(port, handler)
   *     .setExecutor(Executors.newVirtualThreadPerTaskExecutor())
   *     .setConcurrentCallbacks(true)
   *     .receive(); // each request in a virtual thread of its own
   * }
   *
   * @param enabled whether each datagram's callback may run beside the others
   * @return this socket
   */
  UdpSocket setConcurrentCallbacks(boolean enabled);

  /**
   * Sets the listener told of errors that happen outside any call; see {@link ErrorListener}.
   *
   * @param listener the listener, or {@code null} to log such errors instead
   * @return this socket
   */
  UdpSocket setErrorListener(@Nullable ErrorListener listener);

  /**
   * Attaches an object of the caller's to this socket, shown by {@link UdpSocketInfo#userData()}.
   *
   * @param userData anything, or {@code null}
   * @return this socket
   */
  UdpSocket setUserData(@Nullable Object userData);
}
