package net.udp.epoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import net.udp.provider.Outgoing;
import net.udp.provider.SendBatch;

/**
 * The native batches an event loop lends its sockets for the sends their callbacks make (see
 * {@link SendBatch}): a socket holds one from its first such send in a turn to the end of the
 * turn, so the pool holds about as many as sockets send in one turn, made on demand and kept.
 * Any thread: a close from another thread sends a batch and gives it back.
 */
final class BatchPool {
  private final int capacity;
  private final ArrayDeque<Lent> free = new ArrayDeque<>(); // guarded by this

  BatchPool(int capacity) {
    this.capacity = capacity;
  }

  /** Lends a batch for the socket with this descriptor. */
  SendBatch borrow(int fd, boolean ipv6) {
    Lent batch;
    synchronized (this) {
      batch = free.poll();
    }
    if (batch == null) {
      batch = new Lent(new SendRing(Arena.ofAuto(), capacity)); // freed by the garbage collector with the pool
    }
    batch.fd = fd;
    batch.ipv6 = ipv6;
    return batch;
  }

  private synchronized void giveBack(Lent batch) {
    free.push(batch);
  }

  /** A ring lent to one socket. */
  private final class Lent implements SendBatch {
    private final SendRing ring;
    private int fd = -1;
    private boolean ipv6;

    Lent(SendRing ring) {
      this.ring = ring;
    }

    @Override
    public int capacity() {
      return ring.capacity;
    }

    @Override
    public boolean add(Outgoing datagram) {
      return ring.add(datagram.payload(), datagram.target(), ipv6, datagram.ecn(), datagram.source());
    }

    @Override
    public int size() {
      return ring.count();
    }

    @Override
    public int length(int i) {
      return ring.length(i);
    }

    @Override
    public ByteBuffer payload(int i) {
      return ring.payload(i);
    }

    @Override
    public int send(int from) throws IOException {
      return ring.send(fd, from);
    }

    @Override
    public void giveBack() {
      ring.clear();
      fd = -1;
      BatchPool.this.giveBack(this);
    }
  }
}
