package net.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Datagrams handed to a socket together with {@link UdpSocket#send(UdpBatch)}, to leave in as few
 * system calls as the provider can make: the epoll provider sends them with {@code sendmmsg}, up to
 * 64 at a time, from the calling thread; a provider without it sends them one by one, in order.
 * Each datagram keeps its own destination, tag and callback, and its callback is told its own
 * outcome, exactly once, as if it had been sent alone.
 *
 * <p>A batch holds the caller's buffers, not copies, until it is sent: what goes is what they hold
 * when {@code send} is called, and once {@code send} returns the caller may reuse them, and the
 * batch itself after {@link #clear()}. A batch is not thread-safe: one thread fills it and sends
 * it. Reused, it allocates nothing.
 *
 * {@snippet :
 * UdpBatch batch = new UdpBatch();
 * for (Peer peer : peers) {
 *   batch.add(peer.nextDatagram(), peer.address(), peer.id(), onSent);
 * }
 * socket.send(batch); // each peer's callback is told its own outcome
 * batch.clear();
 * }
 */
public final class UdpBatch {
  private ByteBuffer[] messages;
  private InetSocketAddress[] targets;
  private long[] tags;
  private @Nullable SendCallback[] callbacks;
  private int size;

  /** An empty batch, which grows as datagrams are added. */
  public UdpBatch() {
    this(64);
  }

  /**
   * An empty batch with room for {@code capacity} datagrams before it grows.
   *
   * @param capacity the initial room, at least 1
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public UdpBatch(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("UdpBatch: capacity must be at least 1, not " + capacity);
    }
    messages = new ByteBuffer[capacity];
    targets = new InetSocketAddress[capacity];
    tags = new long[capacity];
    callbacks = new SendCallback[capacity];
  }

  /**
   * Adds a datagram with no tag and no callback.
   *
   * @param message the payload: its remaining bytes when the batch is sent
   * @param target where to send it; an unresolved address is resolved, as by {@link
   *     UdpSocket#send(ByteBuffer, InetSocketAddress)}
   * @return this batch
   */
  public UdpBatch add(ByteBuffer message, InetSocketAddress target) {
    return add(message, target, UdpSocket.NO_TAG, null);
  }

  /**
   * Adds a datagram.
   *
   * @param message the payload: its remaining bytes when the batch is sent
   * @param target where to send it
   * @param tag a number of the caller's, handed back to {@code onSent}
   * @param onSent told once of this datagram's outcome; may be {@code null}
   * @return this batch
   */
  public UdpBatch add(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(target, "target");
    if (size == messages.length) {
      int grown = size * 2;
      messages = Arrays.copyOf(messages, grown);
      targets = Arrays.copyOf(targets, grown);
      tags = Arrays.copyOf(tags, grown);
      callbacks = Arrays.copyOf(callbacks, grown);
    }
    messages[size] = message;
    targets[size] = target;
    tags[size] = tag;
    callbacks[size] = onSent;
    size++;
    return this;
  }

  /**
   * How many datagrams the batch holds.
   *
   * @return the count
   */
  public int size() {
    return size;
  }

  /**
   * Datagram {@code i}'s payload.
   *
   * @param i its index, from 0 to {@link #size()} - 1
   * @return the buffer as it was added
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public ByteBuffer message(int i) {
    return Objects.requireNonNull(messages[Objects.checkIndex(i, size)]);
  }

  /**
   * Datagram {@code i}'s destination.
   *
   * @param i its index, from 0 to {@link #size()} - 1
   * @return the address as it was added
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public InetSocketAddress target(int i) {
    return Objects.requireNonNull(targets[Objects.checkIndex(i, size)]);
  }

  /**
   * Datagram {@code i}'s tag.
   *
   * @param i its index, from 0 to {@link #size()} - 1
   * @return the tag, {@link UdpSocket#NO_TAG} when none was given
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public long tag(int i) {
    return tags[Objects.checkIndex(i, size)];
  }

  /**
   * Datagram {@code i}'s callback.
   *
   * @param i its index, from 0 to {@link #size()} - 1
   * @return the callback, or {@code null} when none was given
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public @Nullable SendCallback callback(int i) {
    return callbacks[Objects.checkIndex(i, size)];
  }

  /**
   * Empties the batch, keeping its room, and lets go of the buffers and callbacks it held.
   *
   * @return this batch
   */
  public UdpBatch clear() {
    Arrays.fill(messages, 0, size, null);
    Arrays.fill(targets, 0, size, null);
    Arrays.fill(callbacks, 0, size, null);
    size = 0;
    return this;
  }
}
