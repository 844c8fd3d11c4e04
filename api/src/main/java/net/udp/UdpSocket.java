package net.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous UDP socket: the Java counterpart of an {@code hs.socket.udp} object of
 * Hammerspoon, the Lua UDP module this API is modelled on ("the seed" in this documentation).
 *
 * <p>Create one with {@link Udp#newSocket(ReceiveCallback)} (the seed's {@code new}) or {@link
 * Udp#server(int, ReceiveCallback)} (the seed's {@code server}). Configuring methods return the
 * socket, so calls chain as in the seed:
 *
 * {@snippet :
 * UdpSocket server = Udp.server(9001, (socket, payload, sender) -> socket.send("pong", sender))
 *     .receive();
 * }
 *
 * <h2>Life cycle</h2>
 *
 * A new socket is unbound and, like the seed's, reports {@link #isClosed()} until it is bound.
 * {@link #listen(int)} binds it explicitly; {@link #connect(String, int)} and the first {@code
 * send} bind it implicitly to an ephemeral port. Binding twice, and {@code listen} after {@code
 * connect} or after the first send, throw {@link IllegalStateException}; so does a second {@code
 * connect}. {@link #close()} releases the operating-system socket at once; an explicit {@code
 * listen} or {@code connect} afterwards opens a new one with the same configuration, while a send
 * after {@code close} fails with {@link UdpClosedException}.
 *
 * <h2>Errors</h2>
 *
 * <ul>
 *   <li>Arguments out of range (a port outside 0..65535, an IP version other than 4 or 6 where one
 *       is required, a negative size) throw {@link IllegalArgumentException}; {@code null} where
 *       a value is required throws {@link NullPointerException}.
 *   <li>Calls made in the wrong state ({@code listen} twice, {@code reusePort} after binding,
 *       {@code receive} without a callback or before binding) throw {@link
 *       IllegalStateException} with a message that says what to do.
 *   <li>{@code listen} and {@code connect} throw {@link UdpException} when the operating system
 *       refuses, with the operation, the address and the reason in the message.
 *   <li>Sends never throw for anything but bad arguments: every other failure (closed socket,
 *       unknown host, timeout, broadcast not enabled, message too large) reaches the send's
 *       {@link SendCallback}, or the socket's {@link ErrorListener} when the send had none. A
 *       failed send never closes the socket.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * All methods may be called from any thread, including from inside a callback. Callbacks run on
 * the socket's event-loop thread unless the socket was given an {@link Executor}; with an
 * executor, callbacks of one socket still run one at a time and in order.
 */
public interface UdpSocket extends AutoCloseable {

  /** The tag of a send that was given none. */
  long NO_TAG = -1;

  /** The default largest datagram read, for both IP versions, in bytes. */
  int DEFAULT_BUFFER_SIZE = 65_535;

  /** The default number of datagrams that may wait in a socket's send queue. */
  int DEFAULT_SEND_QUEUE_CAPACITY = 8_192;

  // ---------------------------------------------------------------------------------------------
  // Configuration

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
   * The default is {@value #DEFAULT_BUFFER_SIZE} for both versions, enough for every IPv4
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
   * datagrams of one sender and one size (the segments a {@link #sendSegments} made, say), which
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
    return this;
  }

  /**
   * Sets how many datagrams may wait in the send queue while the operating system's send buffer
   * is full or a host name is being resolved. A send that finds the queue full fails at once with
   * a {@link UdpException} that says so; a sender that would rather wait for room waits on {@link
   * #whenWritable()}. The default is {@value #DEFAULT_SEND_QUEUE_CAPACITY}.
   *
   * @param datagrams the capacity, at least 1
   * @return this socket
   * @throws IllegalArgumentException if {@code datagrams} is less than 1
   */
  UdpSocket setSendQueueCapacity(int datagrams);

  /**
   * Tells whether a send made now finds room: the send queue holds fewer datagrams than its
   * {@linkplain #setSendQueueCapacity(int) capacity}. A snapshot: another thread's sends may take
   * the room.
   *
   * @return {@code true} unless the send queue is full; this default, for a provider with no
   *     bounded queue, always
   */
  default boolean isWritable() {
    return true;
  }

  /**
   * Back-pressure: a future that completes when the send queue has room for a datagram, at once
   * when it has room now. A sender that waits on it before each send goes as fast as the
   * operating system takes its datagrams, and none fails for a full queue (unless other threads
   * send too, and take the room first):
   *
   * {@snippet :
   * for (ByteBuffer datagram : datagrams) {
   *   socket.whenWritable().join(); // waits while the queue is full
   *   socket.send(datagram, peer);
   * }
   * }
   *
   * <p>It also completes when the socket closes (a send then fails as closed), and is complete
   * for a socket that is not open. It completes where the socket's callbacks run, so a callback
   * must not wait on it (the callback holds up the very thread that would complete it); a
   * callback adds a stage to it instead. Each call returns a new future of the caller's own: one
   * cancelled, or given up with {@code orTimeout}, is passed over when room is made.
   *
   * @return a future of {@code null}, never completed exceptionally; this default, for a provider
   *     with no bounded queue, complete
   */
  default CompletableFuture<Void> whenWritable() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Sets the receive callback, which must be set to receive. May be called at any time; the next
   * datagram goes to the new callback.
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
   * <p>{@link #pause()}, {@link #receiveOne()} and {@link #close()} keep their promises: a task
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

  // ---------------------------------------------------------------------------------------------
  // Binding and connecting

  /**
   * Binds the socket to a port on every local address, for listening.
   *
   * @param port a port number from 0 to 65535; ports 1 to 1023 are privileged; 0 lets the
   *     operating system pick any free port ({@link UdpSocketInfo#localPort()} tells which)
   * @return this socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   * @throws IllegalStateException if the socket is already bound or connected (a first send binds
   *     it too)
   * @throws UdpException if the operating system refuses, for example {@code listen [::]:80:
   *     Permission denied}
   */
  UdpSocket listen(int port);

  /**
   * Binds the socket to a port on one local address, for example the loopback address.
   *
   * @param host a local IP address or a host name that resolves to one; a name is resolved on the
   *     calling thread
   * @param port a port number from 0 to 65535
   * @return this socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code host} is empty
   * @throws IllegalStateException if the socket is already bound or connected
   * @throws UdpException if the name does not resolve, the address's IP version is disabled, or
   *     the operating system refuses
   */
  UdpSocket listen(String host, int port);

  /**
   * Connects the socket to a remote address: the same as {@code connect(host, port, null)}.
   *
   * @param host the remote host name or IP address
   * @param port a port number from 1 to 65535
   * @return this socket
   * @throws IllegalArgumentException if {@code port} is outside 1..65535 or {@code host} is empty
   * @throws IllegalStateException if the socket is already connected
   * @throws UdpException if the name does not resolve or the operating system refuses
   * @see #connect(String, int, Runnable)
   */
  default UdpSocket connect(String host, int port) {
    return connect(host, port, null);
  }

  /**
   * Connects the socket to a remote address. UDP needs no connection; connecting only changes the
   * socket's state, and sends nothing on the network. Once connected:
   *
   * <ul>
   *   <li>the socket sends only to the connected address ({@link #write(ByteBuffer)}, or {@code
   *       send} to that same address);
   *   <li>it receives only from the connected address: datagrams from anyone else never reach
   *       the callback;
   *   <li>ICMP errors from that address, such as "connection refused" when nothing listens there,
   *       reach the {@link ErrorListener}.
   * </ul>
   *
   * Datagrams that arrived before the connect and were not delivered yet are discarded, whoever
   * sent them. A socket can be connected once; it can have been bound by {@code listen} before,
   * and is bound to an ephemeral port otherwise. A host name is resolved on the calling thread.
   *
   * @param host the remote host name or IP address
   * @param port a port number from 1 to 65535
   * @param onConnected run once the socket is connected, on the socket's event loop (or executor);
   *     may be {@code null}
   * @return this socket
   * @throws IllegalArgumentException if {@code port} is outside 1..65535 or {@code host} is empty
   * @throws IllegalStateException if the socket is already connected
   * @throws UdpException if the name does not resolve or the operating system refuses
   */
  UdpSocket connect(String host, int port, @Nullable Runnable onConnected);

  /**
   * Tells whether {@code connect} succeeded on this socket and it was not closed since.
   *
   * @return {@code true} if connected
   */
  boolean isConnected();

  /**
   * Tells whether the socket has no open operating-system socket: before it is first bound (as in
   * the seed), and after {@link #close()}.
   *
   * @return {@code true} if closed
   */
  boolean isClosed();

  /**
   * Closes the operating-system socket at once: the port is free for another socket from then on,
   * even while this call waits for a receive callback still running. Sends the operating system
   * takes at once go out, those still waiting fail with {@link UdpClosedException}. Once this
   * returns no receive callback runs or begins: a receive callback already running on another
   * thread when {@code close} was called is waited for (so a callback must not wait for the thread
   * that closes its socket). Called from a receive callback of this socket, it waits for none
   * (others may be closing too, waiting for it), and the {@linkplain #closeFuture() close future}
   * completes once they have all returned. No datagram that reached the socket before reaches it
   * after a later {@code listen} or {@code connect}. Idempotent, and safe from any thread,
   * including from inside a callback.
   *
   * @see #closeFuture()
   */
  @Override
  void close();

  /**
   * A future that completes when the socket is closed: when {@link #close()} has done what it
   * promises, the port is free and no receive callback runs. A server's {@code main} waits on it,
   * as the event loop's threads do not keep the JVM running:
   *
   * {@snippet :
   * UdpSocket server = Udp.server(9000, (socket, payload, sender) -> socket.send(payload, sender)).receive();
   * Runtime.getRuntime().addShutdownHook(new Thread(server::close));
   * server.closeFuture().join(); // returns once the socket is closed
   * }
   *
   * <p>A socket never opened completes it when it is closed too. A socket opened again after its
   * close (by {@code listen} or {@code connect}) has a new future; until then this one is already
   * complete. Each call returns a new future of the same outcome, which the caller may complete or
   * cancel without effect on the socket; stages added to it run on the thread that closes the
   * socket, after {@code close} has done its work, or at once when it is already complete.
   *
   * @return a future of {@code null}, completed normally when the socket is closed; never
   *     completed exceptionally
   */
  CompletableFuture<Void> closeFuture();

  // ---------------------------------------------------------------------------------------------
  // Receiving

  /**
   * Receives continuously with the socket's callback: every datagram that arrives is delivered
   * until {@link #pause()}, {@link #receiveOne()} or {@link #close()}. Switches a socket in
   * one-at-a-time mode to continuous mode.
   *
   * @return this socket
   * @throws IllegalStateException if no callback is set, or the socket is not bound yet (bind it
   *     with {@code listen}, {@code connect} or a first send), or it was closed
   */
  UdpSocket receive();

  /**
   * Sets the callback, then receives continuously.
   *
   * @param callback the receive callback
   * @return this socket
   * @throws NullPointerException if {@code callback} is null
   * @throws IllegalStateException if the socket is not bound yet, or it was closed
   * @see #receive()
   */
  default UdpSocket receive(ReceiveCallback callback) {
    return setCallback(Objects.requireNonNull(callback, "callback")).receive();
  }

  /**
   * Receives one datagram with the socket's callback, then pauses. Call it again each time the
   * application is ready for the next datagram; datagrams that arrive meanwhile wait in the
   * operating system's buffer. Switches a socket in continuous mode to one-at-a-time mode.
   *
   * @return this socket
   * @throws IllegalStateException if no callback is set, or the socket is not bound yet, or it
   *     was closed
   */
  UdpSocket receiveOne();

  /**
   * Sets the callback, then receives one datagram.
   *
   * @param callback the receive callback
   * @return this socket
   * @throws NullPointerException if {@code callback} is null
   * @throws IllegalStateException if the socket is not bound yet, or it was closed
   * @see #receiveOne()
   */
  default UdpSocket receiveOne(ReceiveCallback callback) {
    return setCallback(Objects.requireNonNull(callback, "callback")).receiveOne();
  }

  /**
   * Stops delivering datagrams; {@link #receive()} or {@link #receiveOne()} resumes. No receive
   * callback starts after this returns (one already running finishes), and nothing is lost:
   * datagrams that arrive meanwhile wait for the next receive.
   *
   * @return this socket
   */
  UdpSocket pause();

  /**
   * The seed's alias for {@link #receive()}.
   *
   * @return this socket
   * @throws IllegalStateException as {@link #receive()}
   */
  default UdpSocket read() {
    return receive();
  }

  /**
   * The seed's alias for {@link #receive(ReceiveCallback)}.
   *
   * @param callback the receive callback
   * @return this socket
   * @throws IllegalStateException as {@link #receive(ReceiveCallback)}
   */
  default UdpSocket read(ReceiveCallback callback) {
    return receive(callback);
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: the core forms. The message's remaining bytes are sent; its position is left as it
  // was, and the caller may reuse the buffer as soon as the call returns.

  /**
   * Sends a datagram to an address: the core form of every {@code send}.
   *
   * <p>The socket is bound implicitly first if it is not yet. An IP literal is used as it is; a
   * host name (an {@linkplain InetSocketAddress#createUnresolved unresolved} address) is resolved
   * off the event loop, choosing the address by {@link #preferIPv(int)}. Datagrams sent from one
   * thread leave in the order of the calls. An empty message is sent as an empty datagram.
   *
   * @param message the payload: its remaining bytes; the buffer may be reused once this returns
   * @param target where to send; on a connected socket it must be the connected address
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}, in which case a failure goes to
   *     the {@link ErrorListener}
   * @return this socket
   * @throws IllegalArgumentException if the target's port is outside 0..65535
   */
  UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent);

  /**
   * Sends a datagram to a host and port. See {@link #send(ByteBuffer, InetSocketAddress, long,
   * SendCallback)}.
   *
   * @param message the payload: its remaining bytes
   * @param host a host name or IP literal ({@code ::1} or {@code [::1]} for IPv6)
   * @param port the destination port, 1 to 65535 (0 is in range but refused by the operating
   *     system, which the callback reports)
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code host} is empty
   */
  UdpSocket send(
      ByteBuffer message, String host, int port, long tag, @Nullable SendCallback onSent);

  /**
   * Sends a datagram to the connected address. A socket that is not connected reports a failure
   * to {@code onSent}.
   *
   * @param message the payload: its remaining bytes
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent);

  // ---------------------------------------------------------------------------------------------
  // Sending: convenience forms

  /**
   * Sends a datagram to a host and port, with no tag and no callback.
   *
   * @param message the payload: its remaining bytes
   * @param host a host name or IP literal
   * @param port the destination port
   * @return this socket
   */
  default UdpSocket send(ByteBuffer message, String host, int port) {
    return send(message, host, port, NO_TAG, null);
  }

  /**
   * Sends a byte array to a host and port, with no tag and no callback.
   *
   * @param message the payload
   * @param host a host name or IP literal
   * @param port the destination port
   * @return this socket
   */
  default UdpSocket send(byte[] message, String host, int port) {
    return send(ByteBuffer.wrap(message), host, port, NO_TAG, null);
  }

  /**
   * Sends a byte array to a host and port.
   *
   * @param message the payload
   * @param host a host name or IP literal
   * @param port the destination port
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  default UdpSocket send(
      byte[] message, String host, int port, long tag, @Nullable SendCallback onSent) {
    return send(ByteBuffer.wrap(message), host, port, tag, onSent);
  }

  /**
   * Sends a string, encoded as UTF-8, to a host and port, with no tag and no callback.
   *
   * @param message the payload
   * @param host a host name or IP literal
   * @param port the destination port
   * @return this socket
   */
  default UdpSocket send(String message, String host, int port) {
    return send(utf8(message), host, port, NO_TAG, null);
  }

  /**
   * Sends a string, encoded as UTF-8, to a host and port.
   *
   * @param message the payload
   * @param host a host name or IP literal
   * @param port the destination port
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  default UdpSocket send(
      String message, String host, int port, long tag, @Nullable SendCallback onSent) {
    return send(utf8(message), host, port, tag, onSent);
  }

  /**
   * Sends a datagram to an address, with no tag and no callback.
   *
   * @param message the payload: its remaining bytes
   * @param target where to send
   * @return this socket
   */
  default UdpSocket send(ByteBuffer message, InetSocketAddress target) {
    return send(message, target, NO_TAG, null);
  }

  /**
   * Sends a byte array to an address, with no tag and no callback.
   *
   * @param message the payload
   * @param target where to send
   * @return this socket
   */
  default UdpSocket send(byte[] message, InetSocketAddress target) {
    return send(ByteBuffer.wrap(message), target, NO_TAG, null);
  }

  /**
   * Sends a byte array to an address.
   *
   * @param message the payload
   * @param target where to send
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  default UdpSocket send(
      byte[] message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    return send(ByteBuffer.wrap(message), target, tag, onSent);
  }

  /**
   * Sends a string, encoded as UTF-8, to an address, for example back to a datagram's sender.
   *
   * @param message the payload
   * @param target where to send
   * @return this socket
   */
  default UdpSocket send(String message, InetSocketAddress target) {
    return send(utf8(message), target, NO_TAG, null);
  }

  /**
   * Sends a string, encoded as UTF-8, to an address.
   *
   * @param message the payload
   * @param target where to send
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  default UdpSocket send(
      String message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    return send(utf8(message), target, tag, onSent);
  }

  /**
   * Sends a datagram to the connected address, with no tag and no callback.
   *
   * @param message the payload: its remaining bytes
   * @return this socket
   */
  default UdpSocket write(ByteBuffer message) {
    return write(message, NO_TAG, null);
  }

  /**
   * Sends a byte array to the connected address, with no tag and no callback.
   *
   * @param message the payload
   * @return this socket
   */
  default UdpSocket write(byte[] message) {
    return write(ByteBuffer.wrap(message), NO_TAG, null);
  }

  /**
   * Sends a byte array to the connected address.
   *
   * @param message the payload
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  default UdpSocket write(byte[] message, long tag, @Nullable SendCallback onSent) {
    return write(ByteBuffer.wrap(message), tag, onSent);
  }

  /**
   * Sends a string, encoded as UTF-8, to the connected address, with no tag and no callback.
   *
   * @param message the payload
   * @return this socket
   */
  default UdpSocket write(String message) {
    return write(utf8(message), NO_TAG, null);
  }

  /**
   * Sends a string, encoded as UTF-8, to the connected address.
   *
   * @param message the payload
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of the outcome; may be {@code null}
   * @return this socket
   */
  default UdpSocket write(String message, long tag, @Nullable SendCallback onSent) {
    return write(utf8(message), tag, onSent);
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: many datagrams at once

  /**
   * Sends the datagrams of a batch, in order, in as few system calls as the provider can make: the
   * epoll provider hands up to 64 to the kernel at once ({@code sendmmsg}) from the calling
   * thread when nothing waits before them; a provider without it (this default) sends them one by
   * one. Each is sent, and called back, exactly as {@link #send(ByteBuffer, InetSocketAddress,
   * long, SendCallback)} would: one that fails fails alone, through its own callback.
   *
   * {@snippet :
   * UdpBatch batch = new UdpBatch();
   * batch.add(first, peer, 1, onSent).add(second, peer, 2, onSent);
   * socket.send(batch).send(batch.clear().add(third, other));
   * }
   *
   * @param batch the datagrams; the caller may reuse it, and the buffers it holds, once this
   *     returns
   * @return this socket
   */
  default UdpSocket send(UdpBatch batch) {
    Objects.requireNonNull(batch, "batch");
    for (int i = 0; i < batch.size(); i++) {
      send(batch.message(i), batch.target(i), batch.tag(i), batch.callback(i));
    }
    return this;
  }

  /**
   * Sends a buffer as consecutive datagrams of {@code segmentSize} bytes each, the last one
   * shorter when the buffer is not a multiple of it, to one address: the same datagrams, in the
   * same order, as that many sends, in as few system calls as the provider can make. The epoll
   * provider, where the kernel and the route allow it, hands up to 64 of them to the kernel at
   * once (UDP generic segmentation offload); {@link UdpSocketInfo#segmentationOffload()} tells
   * whether it does. An empty buffer is one empty datagram.
   *
   * {@snippet :
   * ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path));
   * socket.sendSegments(file, 1200, peer, 7, (tag, failure) -> System.out.println(failure == null ? "all sent" : failure));
   * }
   *
   * @param message the datagrams end to end: its remaining bytes; the caller may reuse it once
   *     this returns
   * @param segmentSize the size of every datagram but the last, 1 to 65527
   * @param target where to send them
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once, for them all: sent when every datagram was, or the first failure;
   *     may be {@code null}
   * @return this socket
   * @throws IllegalArgumentException if {@code segmentSize} is outside 1..65527
   */
  default UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(target, "target");
    if (segmentSize < 1 || segmentSize > 65_527) {
      throw new IllegalArgumentException("sendSegments: segmentSize must be 1 to 65527, not " + segmentSize);
    }
    int length = message.remaining();
    int count = Math.max(1, (length + segmentSize - 1) / segmentSize);
    SendCallback each = net.udp.internal.Segments.gather(count, tag, onSent);
    for (int i = 0; i < count; i++) {
      int from = message.position() + i * segmentSize;
      send(message.slice(from, Math.min(segmentSize, message.limit() - from)), target, tag, each);
    }
    return this;
  }

  /**
   * Sends a buffer as consecutive datagrams, as {@link #sendSegments(ByteBuffer, int,
   * InetSocketAddress, long, SendCallback)} does, with no tag and no callback.
   *
   * @param message the datagrams end to end
   * @param segmentSize the size of every datagram but the last, 1 to 65527
   * @param target where to send them
   * @return this socket
   */
  default UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target) {
    return sendSegments(message, segmentSize, target, NO_TAG, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: futures, for code that composes them

  /**
   * Sends a datagram to an address and returns a future of the outcome.
   *
   * @param message the payload: its remaining bytes
   * @param target where to send
   * @return a future completed, on the socket's event loop or executor, when the datagram is
   *     sent, or completed exceptionally with the {@link UdpException} that {@code onSent} would
   *     have been given
   */
  default CompletableFuture<Void> sendAsync(ByteBuffer message, InetSocketAddress target) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    send(message, target, NO_TAG, (tag, failure) -> complete(future, failure));
    return future;
  }

  /**
   * Sends a datagram to a host and port and returns a future of the outcome.
   *
   * @param message the payload: its remaining bytes
   * @param host a host name or IP literal
   * @param port the destination port
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> sendAsync(ByteBuffer message, String host, int port) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    send(message, host, port, NO_TAG, (tag, failure) -> complete(future, failure));
    return future;
  }

  /**
   * Sends a string, encoded as UTF-8, to a host and port and returns a future of the outcome.
   *
   * @param message the payload
   * @param host a host name or IP literal
   * @param port the destination port
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> sendAsync(String message, String host, int port) {
    return sendAsync(utf8(message), host, port);
  }

  /**
   * Sends a byte array to a host and port and returns a future of the outcome.
   *
   * @param message the payload
   * @param host a host name or IP literal
   * @param port the destination port
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> sendAsync(byte[] message, String host, int port) {
    return sendAsync(ByteBuffer.wrap(message), host, port);
  }

  /**
   * Sends a byte array to an address and returns a future of the outcome.
   *
   * @param message the payload
   * @param target where to send
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> sendAsync(byte[] message, InetSocketAddress target) {
    return sendAsync(ByteBuffer.wrap(message), target);
  }

  /**
   * Sends a string, encoded as UTF-8, to an address and returns a future of the outcome.
   *
   * @param message the payload
   * @param target where to send
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> sendAsync(String message, InetSocketAddress target) {
    return sendAsync(utf8(message), target);
  }

  /**
   * Sends a datagram to the connected address and returns a future of the outcome.
   *
   * @param message the payload: its remaining bytes
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> writeAsync(ByteBuffer message) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    write(message, NO_TAG, (tag, failure) -> complete(future, failure));
    return future;
  }

  /**
   * Sends a byte array to the connected address and returns a future of the outcome.
   *
   * @param message the payload
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> writeAsync(byte[] message) {
    return writeAsync(ByteBuffer.wrap(message));
  }

  /**
   * Sends a string, encoded as UTF-8, to the connected address and returns a future of the
   * outcome.
   *
   * @param message the payload
   * @return a future of the outcome, as {@link #sendAsync(ByteBuffer, InetSocketAddress)}
   */
  default CompletableFuture<Void> writeAsync(String message) {
    return writeAsync(utf8(message));
  }

  // ---------------------------------------------------------------------------------------------
  // Multicast

  /**
   * Joins a multicast group on the interface the operating system's route to the group takes:
   * from now on the socket receives the datagrams sent to the group and its port.
   *
   * @param group an IP literal of a multicast address (224.0.0.0/4, ff00::/8)
   * @return the membership, to block sources or leave with
   * @see #join(String, String, String)
   */
  default UdpMembership join(String group) {
    return join(group, null, null);
  }

  /**
   * Joins a multicast group on one network interface.
   *
   * @param group an IP literal of a multicast address
   * @param networkInterface the interface's name ({@code eth0}), or {@code null} for the one the
   *     operating system's route to the group takes
   * @return the membership
   * @see #join(String, String, String)
   */
  default UdpMembership join(String group, @Nullable String networkInterface) {
    return join(group, networkInterface, null);
  }

  /**
   * Joins a multicast group, from any source or, source-specific, from one. The socket must be
   * bound (to the group's port, usually on every address: {@code listen(port)}); an IPv4 group can
   * be joined on a dual-stack socket. Closing the socket leaves every group it joined; opening it
   * again joins none.
   *
   * {@snippet :
   * UdpSocket listener = Udp.newSocket(callback).reusePort().listen(9000).receive();
   * listener.join("239.1.2.3");                          // any source
   * listener.join("232.1.2.3", "eth0", "192.0.2.10");    // only 192.0.2.10's datagrams
   * }
   *
   * @param group an IP literal of a multicast address
   * @param networkInterface the interface's name, or {@code null} for the one the operating
   *     system's route to the group takes
   * @param source for a source-specific membership, an IP literal of the one sender whose
   *     datagrams are delivered (IPv4: a group in 232.0.0.0/8 by convention); {@code null} for any
   *     source
   * @return the membership
   * @throws IllegalArgumentException if {@code group} is not a multicast literal, {@code source}
   *     not a literal of the same family, or no interface has that name
   * @throws IllegalStateException if the socket is not bound, is closed, or already a member of
   *     the group on that interface (for that source)
   * @throws UnsupportedOperationException if the provider has no multicast
   * @throws UdpException if the socket carries no address of the group's family, the interface
   *     cannot multicast, or the operating system refuses; the message names the group, the
   *     interface and the reason
   */
  default UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
    throw new UnsupportedOperationException("join " + group + ": the " + info().provider() + " provider has no multicast");
  }

  /**
   * Sets the interface the socket's multicast datagrams leave by.
   *
   * @param networkInterface the interface's name, or {@code null} for the operating system's
   *     choice, the default
   * @return this socket
   * @throws IllegalArgumentException if no interface has that name
   * @throws UnsupportedOperationException if the provider has no multicast
   * @throws UdpException if the interface cannot multicast, or the operating system refuses
   */
  default UdpSocket setMulticastInterface(@Nullable String networkInterface) {
    throw new UnsupportedOperationException("setMulticastInterface: the " + info().provider() + " provider has no multicast");
  }

  /**
   * Sets the TTL (IPv4) and hop limit (IPv6) of the multicast datagrams the socket sends: 1, the
   * default, keeps them on the local network; 0 keeps them on this host.
   *
   * @param hops 0 to 255
   * @return this socket
   * @throws IllegalArgumentException if {@code hops} is outside 0..255
   * @throws UnsupportedOperationException if the provider has no multicast
   */
  default UdpSocket setMulticastTtl(int hops) {
    throw new UnsupportedOperationException("setMulticastTtl: the " + info().provider() + " provider has no multicast");
  }

  /**
   * Sets whether this host's own members of a group receive the datagrams the socket sends to it.
   * On by default.
   *
   * @param enabled the setting
   * @return this socket
   * @throws UnsupportedOperationException if the provider has no multicast
   */
  default UdpSocket setMulticastLoopback(boolean enabled) {
    throw new UnsupportedOperationException("setMulticastLoopback: the " + info().provider() + " provider has no multicast");
  }

  // ---------------------------------------------------------------------------------------------
  // Information

  /**
   * Returns a snapshot of the socket's state, addresses, settings and counters: the seed's {@code
   * info()} table, and more.
   *
   * @return an immutable snapshot, true at the moment of the call
   */
  UdpSocketInfo info();

  private static ByteBuffer utf8(String message) {
    return ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
  }

  private static void complete(CompletableFuture<Void> future, @Nullable UdpException failure) {
    if (failure == null) {
      future.complete(null);
    } else {
      future.completeExceptionally(failure);
    }
  }
}
