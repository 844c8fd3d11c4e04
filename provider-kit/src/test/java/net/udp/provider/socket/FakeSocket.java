package net.udp.provider.socket;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SocketEvents;
import org.jspecify.annotations.Nullable;

/**
 * A kit socket with a simulated operating system behind it: binding, sending and arrivals happen
 * in memory, on the shared {@link FakeLoop}, so that the kit's rules can be tested exactly. Port 1
 * refuses to bind; peers on port 2 refuse to connect. It is a {@link UdpSocket} that passes every
 * call to the kit's socket.
 */
final class FakeSocket implements UdpSocket {
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(40_000);

  final UdpSocket socket;
  final List<OpenRequest> opened = Collections.synchronizedList(new ArrayList<>());
  final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger closes = new AtomicInteger();
  private final ConcurrentLinkedQueue<Object[]> arrivals = new ConcurrentLinkedQueue<>();
  private volatile @Nullable Os current;
  private volatile boolean kernelFull;
  private volatile @Nullable IOException sendFailure;
  volatile boolean broadcastOs;

  FakeSocket(@Nullable ReceiveCallback callback) {
    socket = FakeLoop.LOOP.newSocket(this, callback);
  }

  OsSocket open(OpenRequest request, SocketEvents events) throws IOException {
    if (request.local().getPort() == 1) {
      throw new BindException("Permission denied");
    }
    int port = request.local().getPort() == 0 ? NEXT_PORT.incrementAndGet() : request.local().getPort();
    Os os = new Os(events, new InetSocketAddress(request.local().getAddress(), port));
    broadcastOs = request.broadcast();
    opened.add(request);
    current = os;
    return os;
  }

  /** The events of the socket's current life. */
  SocketEvents events() {
    return Objects.requireNonNull(current, "never opened").events;
  }

  /** A datagram arrives from a sender. */
  void arrive(String text, InetSocketAddress from) {
    arrivals.add(new Object[] {text, from});
    FakeLoop.LOOP.execute(this::pump);
  }

  /** The kernel's send buffer is full (or has room again). */
  void kernelFull(boolean full) {
    kernelFull = full;
    if (!full) {
      FakeLoop.LOOP.execute(this::pumpWrite);
    }
  }

  void failSends(@Nullable IOException failure) {
    sendFailure = failure;
  }

  /** Runs code on the loop thread and waits for it. */
  void onLoop(Runnable code) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    FakeLoop.LOOP.execute(() -> {
      try {
        code.run();
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    done.get(5, TimeUnit.SECONDS);
  }

  /** Waits until everything handed to the loop so far has run. */
  void sync() throws Exception {
    for (int i = 0; i < 3; i++) { // tasks may post tasks: let two rounds settle
      onLoop(() -> {});
    }
  }

  void forget() {
    FakeLoop.LOOP.forget(socket);
  }

  private void pump() {
    Os os = current;
    if (os == null) {
      return;
    }
    while (os.events.receiveAllowance() > 0) {
      Object[] next = arrivals.poll();
      if (next == null) {
        return;
      }
      byte[] bytes = ((String) next[0]).getBytes(StandardCharsets.UTF_8);
      os.events.received(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), (InetSocketAddress) next[1], false);
    }
  }

  private void pumpWrite() {
    Os os = current;
    if (os != null && os.events.wantsWritable() && !kernelFull) {
      os.events.writable();
    }
  }

  /** One simulated operating-system socket. */
  private final class Os implements OsSocket {
    final SocketEvents events;
    private final InetSocketAddress local;

    Os(SocketEvents events, InetSocketAddress local) {
      this.events = events;
      this.local = local;
    }

    @Override
    public InetSocketAddress localAddress() {
      return local;
    }

    @Override
    public void connect(InetSocketAddress peer) throws IOException {
      if (peer.getPort() == 2) {
        throw new SocketException("Network is unreachable");
      }
    }

    @Override
    public void setBroadcast(boolean enabled) {
      broadcastOs = enabled;
    }

    @Override
    public void setReceiveBufferSize(int bytes) {}

    @Override
    public void setSendBufferSize(int bytes) {}

    @Override
    public int receiveBufferSize() {
      return 212_992;
    }

    @Override
    public boolean send(net.udp.provider.Outgoing datagram) throws IOException {
      ByteBuffer payload = datagram.payload();
      InetSocketAddress target = datagram.target();
      IOException failure = sendFailure;
      if (failure != null) {
        throw failure;
      }
      if (kernelFull) {
        return false;
      }
      sent.add(StandardCharsets.UTF_8.decode(payload.duplicate()) + " -> " + target.getPort());
      return true;
    }

    @Override
    public void updateInterest() {
      FakeLoop.LOOP.execute(FakeSocket.this::pump);
      FakeLoop.LOOP.execute(FakeSocket.this::pumpWrite);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  // ------------------------------------------------------------------ UdpSocket, passed through

  @Override
  public UdpSocket broadcast(boolean enabled) {
    return socket.broadcast(enabled);
  }

  @Override
  public UdpSocket reusePort(boolean enabled) {
    return socket.reusePort(enabled);
  }

  @Override
  public UdpSocket enableIPv(int version, boolean enabled) {
    return socket.enableIPv(version, enabled);
  }

  @Override
  public UdpSocket preferIPv(int version) {
    return socket.preferIPv(version);
  }

  @Override
  public UdpSocket setBufferSize(int size, int version) {
    return socket.setBufferSize(size, version);
  }

  @Override
  public UdpSocket setSocketReceiveBuffer(int bytes) {
    return socket.setSocketReceiveBuffer(bytes);
  }

  @Override
  public UdpSocket setSocketSendBuffer(int bytes) {
    return socket.setSocketSendBuffer(bytes);
  }

  @Override
  public UdpSocket setSendQueueCapacity(int datagrams) {
    return socket.setSendQueueCapacity(datagrams);
  }

  @Override
  public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
    return socket.setCallback(callback);
  }

  @Override
  public UdpSocket setTimeout(@Nullable Duration timeout) {
    return socket.setTimeout(timeout);
  }

  @Override
  public UdpSocket setExecutor(@Nullable Executor executor) {
    return socket.setExecutor(executor);
  }

  @Override
  public UdpSocket setErrorListener(@Nullable ErrorListener listener) {
    return socket.setErrorListener(listener);
  }

  @Override
  public UdpSocket setUserData(@Nullable Object userData) {
    return socket.setUserData(userData);
  }

  @Override
  public UdpSocket listen(int port) {
    return socket.listen(port);
  }

  @Override
  public UdpSocket listen(String host, int port) {
    return socket.listen(host, port);
  }

  @Override
  public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
    return socket.connect(host, port, onConnected);
  }

  @Override
  public boolean isConnected() {
    return socket.isConnected();
  }

  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> closeFuture() {
    return socket.closeFuture();
  }

  @Override
  public UdpSocket setConcurrentCallbacks(boolean enabled) {
    socket.setConcurrentCallbacks(enabled);
    return this;
  }

  @Override
  public boolean isWritable() {
    return socket.isWritable();
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> whenWritable() {
    return socket.whenWritable();
  }

  @Override
  public UdpSocket receive() {
    return socket.receive();
  }

  @Override
  public UdpSocket receiveOne() {
    return socket.receiveOne();
  }

  @Override
  public UdpSocket pause() {
    return socket.pause();
  }

  @Override
  public UdpSocket send(Datagram datagram, @Nullable SendCallback onSent) {
    return socket.send(datagram, onSent);
  }

  @Override
  public UdpSocket send(ByteBuffer message, InetSocketAddress target) {
    return socket.send(message, target);
  }

  @Override
  public UdpSocketInfo info() {
    return socket.info();
  }
}
