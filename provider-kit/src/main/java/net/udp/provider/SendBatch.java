package net.udp.provider;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Datagrams gathered in a provider's native memory, to leave together in one system call: what
 * lets the sends a callback makes on an event loop go out without a copy on the Java heap or an
 * allocation. A socket borrows one with {@link OsSocket#borrowBatch()}, fills it, sends it and
 * gives it back; the kit holds it under the socket's send lock from borrowing to giving back, so
 * one thread at a time uses it, though not always the same one (a close from another thread sends
 * what a callback gathered).
 */
public interface SendBatch {
  /**
   * How many datagrams the batch holds at most.
   *
   * @return the capacity, at least 1
   */
  int capacity();

  /**
   * Copies a datagram into the batch, with the ECN codepoint and source address it carries.
   *
   * @param datagram its payload (from position to limit, left as it was), destination, ECN
   *     codepoint and source address; read during the call only (the kit reuses the value)
   * @return {@code false}, having added nothing, when the batch has no room for it, or cannot
   *     carry what it is sent with: the kit then sends it alone, with {@link OsSocket#send(Outgoing)}
   */
  boolean add(Outgoing datagram);

  /**
   * How many datagrams the batch holds.
   *
   * @return the count
   */
  int size();

  /**
   * The length of datagram {@code i}.
   *
   * @param i its index, below {@link #size()}
   * @return its payload's length in bytes
   */
  int length(int i);

  /**
   * A read-only view of datagram {@code i}'s bytes, for one that must wait in the queue after all
   * (the kernel's buffer is full): the caller copies it.
   *
   * @param i its index, below {@link #size()}
   * @return the view, valid until the batch is given back
   */
  ByteBuffer payload(int i);

  /**
   * Sends datagrams {@code from} onwards, in order, as many as the kernel takes in one call,
   * without blocking.
   *
   * @param from the first to send
   * @return how many were sent; 0 when the kernel's send buffer is full
   * @throws IOException with the operating system's reason when it refuses datagram {@code from}
   */
  int send(int from) throws IOException;

  /** Empties the batch and gives it back to the provider; it is not used afterwards. */
  void giveBack();
}
