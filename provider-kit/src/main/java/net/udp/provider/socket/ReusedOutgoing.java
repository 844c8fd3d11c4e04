package net.udp.provider.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import net.udp.provider.Outgoing;
import org.jspecify.annotations.Nullable;

/**
 * The datagram being handed to the provider, one at a time, so that a send allocates nothing: set
 * before the call, cleared after it (it holds no user object beyond the send). Guarded by the
 * outbox's lock, as the calls it serves are.
 */
final class ReusedOutgoing implements Outgoing {
  private @Nullable ByteBuffer payload;
  private @Nullable InetSocketAddress target;
  private int ecn = -1;
  private @Nullable InetAddress source;

  /** Sets what the next call sends; {@link #clear()} after it. */
  ReusedOutgoing set(ByteBuffer payload, InetSocketAddress target, int ecn, @Nullable InetAddress source) {
    this.payload = payload;
    this.target = target;
    this.ecn = ecn;
    this.source = source;
    return this;
  }

  void clear() {
    payload = null;
    target = null;
    source = null;
  }

  @Override
  public ByteBuffer payload() {
    return Objects.requireNonNull(payload, "no datagram set");
  }

  @Override
  public InetSocketAddress target() {
    return Objects.requireNonNull(target, "no datagram set");
  }

  @Override
  public int ecn() {
    return ecn;
  }

  @Override
  public @Nullable InetAddress source() {
    return source;
  }
}
