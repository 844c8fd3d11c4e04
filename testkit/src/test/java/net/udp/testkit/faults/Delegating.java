package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import net.udp.Datagram;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.ReceivedMetadata;
import net.udp.SendCallback;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import org.jspecify.annotations.Nullable;

/**
 * A socket that does what another does; faults override what they break. Callbacks are wrapped
 * so that they see this socket, not the one inside.
 */
public abstract class Delegating implements UdpSocket {
  /** The socket that does the work. */
  protected final UdpSocket delegate;

  /**
   * Wraps a socket.
   *
   * @param delegate the socket that does the work
   */
  protected Delegating(UdpSocket delegate) {
    this.delegate = delegate;
  }

  /**
   * The callback handed to the socket inside, for one the user set.
   *
   * @param callback the user's
   * @return what the socket inside calls
   */
  protected ReceiveCallback wrap(ReceiveCallback callback) {
    return new ReceiveCallback() { // both forms, or the metadata of 18.x would be lost on the way
      @Override
      public void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender) {
        callback.onReceive(Delegating.this, payload, sender);
      }

      @Override
      public void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata) {
        callback.onReceive(Delegating.this, payload, sender, metadata);
      }
    };
  }

  /**
   * The send callback handed to the socket inside, for one the user gave.
   *
   * @param callback the user's
   * @return what the socket inside calls
   */
  protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
    return callback;
  }

  @Override
  public UdpSocket setDontFragment(boolean enabled) {
    delegate.setDontFragment(enabled);
    return this;
  }

  @Override
  public UdpSocket setReceiveMetadata(Set<UdpMetadata> what) {
    delegate.setReceiveMetadata(what);
    return this;
  }

  @Override
  public UdpSocket broadcast(boolean enabled) {
    delegate.broadcast(enabled);
    return this;
  }

  @Override
  public UdpSocket reusePort(boolean enabled) {
    delegate.reusePort(enabled);
    return this;
  }

  @Override
  public UdpSocket enableIPv(int version, boolean enabled) {
    delegate.enableIPv(version, enabled);
    return this;
  }

  @Override
  public UdpSocket preferIPv(int version) {
    delegate.preferIPv(version);
    return this;
  }

  @Override
  public UdpSocket setBufferSize(int size, int version) {
    delegate.setBufferSize(size, version);
    return this;
  }

  @Override
  public UdpSocket setSocketReceiveBuffer(int bytes) {
    delegate.setSocketReceiveBuffer(bytes);
    return this;
  }

  @Override
  public UdpSocket setReceiveOffload(boolean enabled) {
    delegate.setReceiveOffload(enabled);
    return this;
  }

  @Override
  public UdpSocket setSocketSendBuffer(int bytes) {
    delegate.setSocketSendBuffer(bytes);
    return this;
  }

  @Override
  public UdpSocket setSendQueueCapacity(int datagrams) {
    delegate.setSendQueueCapacity(datagrams);
    return this;
  }

  @Override
  public UdpSocket setCallback(@Nullable ReceiveCallback callback) {
    delegate.setCallback(callback == null ? null : wrap(callback));
    return this;
  }

  @Override
  public UdpSocket setTimeout(@Nullable Duration timeout) {
    delegate.setTimeout(timeout);
    return this;
  }

  @Override
  public UdpSocket setExecutor(@Nullable Executor executor) {
    delegate.setExecutor(executor);
    return this;
  }

  @Override
  public UdpSocket setErrorListener(@Nullable ErrorListener listener) {
    delegate.setErrorListener(listener == null ? null : (s, e) -> listener.onError(this, e));
    return this;
  }

  @Override
  public UdpSocket setUserData(@Nullable Object userData) {
    delegate.setUserData(userData);
    return this;
  }

  @Override
  public UdpSocket listen(int port) {
    delegate.listen(port);
    return this;
  }

  @Override
  public UdpSocket listen(String host, int port) {
    delegate.listen(host, port);
    return this;
  }

  @Override
  public UdpSocket connect(String host, int port, @Nullable Runnable onConnected) {
    delegate.connect(host, port, onConnected);
    return this;
  }

  @Override
  public boolean isConnected() {
    return delegate.isConnected();
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> closeFuture() {
    return delegate.closeFuture();
  }

  @Override
  public UdpSocket setConcurrentCallbacks(boolean enabled) {
    delegate.setConcurrentCallbacks(enabled);
    return this;
  }

  @Override
  public boolean isWritable() {
    return delegate.isWritable();
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> whenWritable() {
    return delegate.whenWritable();
  }

  @Override
  public UdpSocket receive() {
    delegate.receive();
    return this;
  }

  @Override
  public UdpSocket receiveOne() {
    delegate.receiveOne();
    return this;
  }

  @Override
  public UdpSocket pause() {
    delegate.pause();
    return this;
  }

  /**
   * Sends through the hooks below, one per shape of send, which faults override: a segmented
   * datagram, one with no destination, and one to an address.
   */
  @Override
  public UdpSocket send(Datagram datagram, @Nullable SendCallback onSent) {
    InetSocketAddress target = datagram.target();
    if (datagram.ecn() >= 0 || datagram.source() != null) {
      delegate.send(datagram, wrap(onSent)); // no fault bends these: they go as they are
      return this;
    }
    if (datagram.segmentSize() > 0 && target != null) {
      return sendSegments(datagram.payload(), datagram.segmentSize(), target, datagram.tag(), onSent);
    }
    if (target == null) {
      if (datagram.segmentSize() > 0) {
        delegate.send(Datagram.of(datagram.payload()).segments(datagram.segmentSize()).tag(datagram.tag()), wrap(onSent));
        return this;
      }
      return write(datagram.payload(), datagram.tag(), onSent);
    }
    return send(datagram.payload(), target, datagram.tag(), onSent);
  }

  @Override
  public UdpSocket send(ByteBuffer message, InetSocketAddress target) {
    return send(message, target, UdpSocket.NO_TAG, null);
  }

  /** The hook of a send to an address. */
  public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    delegate.send(Datagram.of(message).to(target).tag(tag), wrap(onSent));
    return this;
  }

  /** The hook of a send with no destination. */
  public UdpSocket write(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
    delegate.send(Datagram.of(message).tag(tag), wrap(onSent));
    return this;
  }

  @Override
  public UdpSocketInfo info() {
    return delegate.info();
  }

  @Override
  public net.udp.UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
    return delegate.join(group, networkInterface, source);
  }

  @Override
  public UdpSocket setMulticastInterface(@Nullable String networkInterface) {
    delegate.setMulticastInterface(networkInterface);
    return this;
  }

  @Override
  public UdpSocket setMulticastTtl(int hops) {
    delegate.setMulticastTtl(hops);
    return this;
  }

  @Override
  public UdpSocket setMulticastLoopback(boolean enabled) {
    delegate.setMulticastLoopback(enabled);
    return this;
  }

  /** The hook of a segmented send. */
  public UdpSocket sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    delegate.send(Datagram.of(message).to(target).segments(segmentSize).tag(tag), wrap(onSent));
    return this;
  }
}
