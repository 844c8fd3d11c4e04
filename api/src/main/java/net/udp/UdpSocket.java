package net.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 * socket, so calls chain as in the seed. The settings are in {@link UdpSocketSettings}, joining
 * multicast groups in {@link UdpMulticast}; a {@link Datagram} carries what one send needs:
 *
 * {@snippet :
 * UdpSocket server = Udp.server(9001, (socket, payload, sender) -> socket.send("pong", sender)).receive();
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
public non-sealed interface UdpSocket extends UdpSocketSettings, UdpMulticast, AutoCloseable {

  /** The tag of a send that was given none. */
  long NO_TAG = -1;

  /** The default largest datagram read, for both IP versions, in bytes. */
  int DEFAULT_BUFFER_SIZE = 65_535;

  /** The default number of datagrams that may wait in a socket's send queue. */
  int DEFAULT_SEND_QUEUE_CAPACITY = 8_192;

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
   *   <li>the socket sends only to the connected address ({@link #write(String)}, a {@link
   *       Datagram} with no destination, or one to that same address);
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
  // Sending. What is sent is read when send is called: once it returns, the caller may change and
  // reuse the datagram and its payload buffer, whose position is left as it was.

  /**
   * Sends a datagram: the core form of every send.
   *
   * <p>The socket is bound implicitly first if it is not yet. Datagrams sent from one thread leave
   * in the order of the calls. An empty payload is sent as an empty datagram. A send never throws
   * for anything but a {@code null} datagram: every failure (closed socket, not connected, unknown
   * host, timeout, full send queue, broadcast not enabled, message too large) is told to {@code
   * onSent}.
   *
   * @param datagram the payload, destination, tag, segment size, ECN codepoint and source; read
   *     now, and free to reuse once this returns
   * @param onSent told once of the outcome, with the datagram's tag; may be {@code null}, in which
   *     case a failure goes to the {@link ErrorListener}
   * @return this socket
   */
  UdpSocket send(Datagram datagram, @Nullable SendCallback onSent);

  /**
   * Sends a datagram with no callback: a failure goes to the {@link ErrorListener}.
   *
   * @param datagram the datagram; free to reuse once this returns
   * @return this socket
   */
  default UdpSocket send(Datagram datagram) {
    return send(datagram, null);
  }

  /**
   * Sends a datagram and returns a future of the outcome, for code that composes futures.
   *
   * @param datagram the datagram; free to reuse once this returns
   * @return a future completed, on the socket's event loop or executor, when the datagram is sent,
   *     or completed exceptionally with the {@link UdpException} that a callback would have been
   *     given
   */
  default CompletableFuture<Void> sendAsync(Datagram datagram) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    send(datagram, (tag, failure) -> {
      if (failure == null) {
        future.complete(null);
      } else {
        future.completeExceptionally(failure);
      }
    });
    return future;
  }

  /**
   * Sends a text to a host and port, as the seed's {@code send(message, host, port)} does.
   *
   * @param message the payload, sent as UTF-8
   * @param host a host name or IP literal ({@code ::1} or {@code [::1]} for IPv6)
   * @param port the destination port
   * @return this socket
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code host} is empty
   * @see Datagram#to(String, int)
   */
  default UdpSocket send(String message, String host, int port) {
    return send(Datagram.of(message).to(host, port), null);
  }

  /**
   * Sends a text to an address: the reply of the seed's ping-pong, {@code socket.send("pong",
   * sender)}.
   *
   * @param message the payload, sent as UTF-8
   * @param target the destination
   * @return this socket
   */
  default UdpSocket send(String message, InetSocketAddress target) {
    return send(Datagram.of(message).to(target), null);
  }

  /**
   * Sends a buffer's remaining bytes to an address: the form for replying from a receive callback,
   * which allocates nothing ({@code socket.send(payload, sender)} echoes).
   *
   * @param message the payload; free to reuse once this returns
   * @param target the destination
   * @return this socket
   */
  default UdpSocket send(ByteBuffer message, InetSocketAddress target) {
    return send(Datagram.of(message).to(target), null);
  }

  /**
   * Sends a text to the connected address: the seed's {@code write}.
   *
   * @param message the payload, sent as UTF-8
   * @return this socket
   */
  default UdpSocket write(String message) {
    return send(Datagram.of(message), null);
  }

  /**
   * Sends the datagrams of a batch, in order, in as few system calls as the provider can make: the
   * epoll provider hands up to 64 to the kernel at once ({@code sendmmsg}) from the calling thread
   * when nothing waits before them; a provider without it (this default) sends them one by one.
   * Each is sent, and called back, exactly as {@link #send(Datagram, SendCallback)} would: one that
   * fails fails alone, through its own callback.
   *
   * {@snippet :
   * UdpBatch batch = new UdpBatch();
   * batch.add(first, peer, 1, onSent).add(second, peer, 2, onSent);
   * socket.send(batch).send(batch.clear().add(third, other));
   * }
   *
   * @param batch the datagrams; free to reuse, with the buffers it holds, once this returns
   * @return this socket
   */
  default UdpSocket send(UdpBatch batch) {
    Objects.requireNonNull(batch, "batch");
    Datagram datagram = new Datagram();
    for (int i = 0; i < batch.size(); i++) {
      send(datagram.payload(batch.message(i)).to(batch.target(i)).tag(batch.tag(i)), batch.callback(i));
    }
    return this;
  }

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

  // ---------------------------------------------------------------------------------------------
  // Information

  /**
   * Returns a snapshot of the socket's state, addresses, settings and counters: the seed's {@code
   * info()} table, and more.
   *
   * @return an immutable snapshot, true at the moment of the call
   */
  UdpSocketInfo info();

}
