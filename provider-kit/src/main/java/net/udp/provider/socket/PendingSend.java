package net.udp.provider.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import net.udp.SendCallback;
import net.udp.UdpException;
import net.udp.Udp;
import net.udp.provider.Outgoing;
import org.jspecify.annotations.Nullable;

/** A datagram waiting in a socket's send queue. Its state changes only under the queue's lock. */
final class PendingSend implements Outgoing {
  private ByteBuffer message;
  private final @Nullable InetSocketAddress resolved;
  private final @Nullable CompletableFuture<InetSocketAddress> resolution;
  private final String hostPort; // as the caller gave it; used only while not resolved
  final long tag;
  final @Nullable SendCallback onSent;
  final long deadline; // System.nanoTime() based; Long.MAX_VALUE for none
  private final int ecn; // -1: the socket's own
  private final @Nullable InetAddress source;
  @Nullable ScheduledFuture<?> timer;
  boolean queued;
  boolean done;

  PendingSend(
      ByteBuffer message,
      @Nullable InetSocketAddress resolved,
      @Nullable CompletableFuture<InetSocketAddress> resolution,
      String hostPort,
      long tag,
      @Nullable SendCallback onSent,
      long deadline,
      int ecn,
      @Nullable InetAddress source) {
    this.message = message;
    this.ecn = ecn;
    this.source = source;
    this.resolved = resolved;
    this.resolution = resolution;
    this.hostPort = hostPort;
    this.tag = tag;
    this.onSent = onSent;
    this.deadline = deadline;
  }

  @Override
  public ByteBuffer payload() {
    return message;
  }

  @Override
  public int ecn() {
    return ecn;
  }

  @Override
  public @Nullable InetAddress source() {
    return source;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the destination is a host name still being resolved, or one
   *     that failed to resolve
   */
  @Override
  public InetSocketAddress target() {
    if (resolved != null) {
      return resolved;
    }
    CompletableFuture<InetSocketAddress> r = resolution;
    if (r == null || !r.isDone() || r.isCompletedExceptionally()) {
      throw new IllegalStateException("destination not resolved: " + hostPort);
    }
    return r.join();
  }

  /** Tells whether the destination is known, so that {@link #target()} can be called. */
  boolean isResolved() {
    if (resolved != null) {
      return true;
    }
    CompletableFuture<InetSocketAddress> r = resolution;
    return r != null && r.isDone() && !r.isCompletedExceptionally();
  }

  /** The destination as the caller gave it, for messages. */
  String destination() {
    return resolved != null ? Udp.formatAddress(resolved) : hostPort;
  }

  @Nullable CompletableFuture<InetSocketAddress> resolution() {
    return resolution;
  }

  /** Tells whether name resolution has finished, one way or the other. */
  boolean settled() {
    return resolution == null || resolution.isDone();
  }

  /** Why resolution failed, or {@code null} when it did not (yet). */
  @Nullable UdpException resolutionFailure() {
    CompletableFuture<InetSocketAddress> r = resolution;
    if (resolved != null || r == null || !r.isCompletedExceptionally()) {
      return null;
    }
    try {
      r.join();
      return null;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      return cause instanceof UdpException u ? u : new UdpException("send " + hostPort + ": " + cause, cause);
    }
  }

  /** Tells whether the deadline has passed (never, for a send without a timeout). */
  boolean expired() {
    return deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0;
  }

  /** Tells whether this send had to wait for its host name to be resolved. */
  boolean waitedForName() {
    return resolution != null;
  }

  /** Copies the payload, so that the caller may reuse its buffer while this waits. */
  void detach() {
    ByteBuffer copy = ByteBuffer.allocate(message.remaining());
    copy.put(0, message, message.position(), message.remaining());
    message = copy;
  }
}
