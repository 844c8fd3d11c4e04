package net.udp.testkit.plain;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/**
 * The receiving half of a {@link PlainSocket}: what the reader thread may read, and the handing
 * of what it read to the callback, one task at a time so that deliveries never overlap. State is
 * guarded by the socket's lock, and the callback never runs under it.
 */
final class PlainReceiver {
  /** What the callback of a truncated datagram is told: that, and no other fact. */
  private static final net.udp.ReceivedMetadata TRUNCATED = new net.udp.ReceivedMetadata() {
    @Override
    public java.net.@org.jspecify.annotations.Nullable InetAddress destination() {
      return null;
    }

    @Override
    public int interfaceIndex() {
      return -1;
    }

    @Override
    public int ecn() {
      return -1;
    }

    @Override
    public int hopLimit() {
      return -1;
    }

    @Override
    public long receiveTimeNanos() {
      return -1;
    }

    @Override
    public boolean truncated() {
      return true;
    }

    @Override
    public int segmentSize() {
      return -1;
    }
  };

  /** How the socket receives. */
  enum Mode {
    PAUSED,
    CONTINUOUS,
    ONE
  }

  private final PlainSocket socket;
  private final PlainCallbacks callbacks;
  private Mode mode = Mode.PAUSED; // guarded by socket, as are all below
  private boolean pumping;
  private final java.util.List<Thread> calling = new java.util.ArrayList<>(); // the threads running receive callbacks
  long received;
  long receivedBytes;
  long truncated;

  PlainReceiver(PlainSocket socket, PlainCallbacks callbacks) {
    this.socket = socket;
    this.callbacks = callbacks;
  }

  /** Changes the mode, waking the reader. Under the lock. */
  void mode(Mode next) {
    mode = next;
    socket.notifyAll();
    pump();
  }

  boolean receiving() {
    return mode != Mode.PAUSED;
  }

  boolean receivingOne() {
    return mode == Mode.ONE;
  }

  /** How many datagrams the reader of an open may read now. Under the lock. */
  int allowance(PlainLife l) {
    if (l != socket.life() || !l.open) {
      return 0;
    }
    return switch (mode) {
      case PAUSED -> 0;
      case ONE -> l.inbox.isEmpty() ? 1 : 0;
      case CONTINUOUS -> PlainLife.INBOX_LIMIT - l.inbox.size();
    };
  }

  /** A datagram the reader of an open read. */
  void arrived(PlainLife l, ByteBuffer payload, InetSocketAddress sender) {
    synchronized (socket) {
      if (l != socket.life() || !l.open || (l.peer != null && !l.peer.equals(sender))) {
        return;
      }
      int limit = socket.bufferSize(sender.getAddress() instanceof Inet4Address ? 4 : 6);
      net.udp.ReceivedMetadata told = net.udp.ReceivedMetadata.NONE;
      if (payload.remaining() > limit) {
        payload.limit(payload.position() + limit);
        truncated++;
        told = TRUNCATED;
      }
      received++;
      receivedBytes += payload.remaining();
      l.inbox.add(new PlainLife.Datagram(payload.asReadOnlyBuffer(), sender, told));
      pump();
    }
  }

  /** A read failed, an ICMP port unreachable say: the error listener hears of it. */
  void readFailed(PlainLife l, IOException e) {
    InetSocketAddress peer;
    synchronized (socket) {
      if (l != socket.life() || !l.open) {
        return;
      }
      peer = l.peer;
    }
    socket.reportError(new UdpException("receive" + (peer == null ? "" : " from " + Udp.formatAddress(peer)) + ": " + e, e));
  }

  /** Whether the calling thread runs one of this socket's receive callbacks. Under the lock. */
  boolean inCallback() {
    return calling.contains(Thread.currentThread());
  }

  /**
   * Waits, under the lock (which it gives up while waiting), until no receive callback runs:
   * close's promise that none runs once it returns. A close from a receive callback waits for none.
   */
  void awaitCallback() {
    if (inCallback()) {
      return; // closed from a receive callback: the others may be closing too, waiting for this one
    }
    while (!calling.isEmpty()) {
      try {
        socket.wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Hands datagrams to the callback while the mode allows, one task at a time. Under the lock. */
  void pump() {
    PlainLife l = socket.life();
    if (l != null && socket.concurrentCallbacks() && callbacks.hasExecutor() && socket.callback() != null) {
      while (!l.inbox.isEmpty() && mode != Mode.PAUSED) { // each datagram a task of its own
        PlainLife.Datagram d = l.inbox.poll();
        boolean one = mode == Mode.ONE;
        if (one) {
          mode = Mode.PAUSED;
        }
        callbacks.executeAlone(() -> callAlone(l, d, one));
      }
      socket.notifyAll(); // room for the reader
      return;
    }
    if (!pumping && l != null && !l.inbox.isEmpty() && mode != Mode.PAUSED && socket.callback() != null) {
      pumping = true;
      callbacks.execute(this::deliver);
    }
  }

  /** A concurrent callback's task: decides again when it begins, then calls with the datagram it owns. */
  private void callAlone(PlainLife l, PlainLife.Datagram d, boolean one) {
    Thread me = Thread.currentThread();
    @Nullable ReceiveCallback cb;
    synchronized (socket) {
      cb = socket.callback();
      if (l != socket.life() || cb == null) {
        return; // closed meanwhile
      }
      if (!one && mode == Mode.PAUSED) {
        l.inbox.addFirst(d); // paused meanwhile: kept for the next receive
        return;
      }
      calling.add(me);
    }
    ReceiveCallback call = cb;
    try {
      call.onReceive(socket, d.payload(), d.sender(), d.metadata());
    } finally {
      synchronized (socket) {
        calling.remove(me);
        socket.notifyAll();
      }
    }
  }

  private void deliver() {
    for (int i = 0; i < 64; i++) {
      PlainLife.Datagram d;
      @Nullable ReceiveCallback cb;
      synchronized (socket) {
        PlainLife l = socket.life();
        cb = socket.callback();
        if (l == null || l.inbox.isEmpty() || mode == Mode.PAUSED || cb == null) {
          pumping = false;
          return;
        }
        d = l.inbox.poll();
        if (mode == Mode.ONE) {
          mode = Mode.PAUSED;
        }
        socket.notifyAll(); // room for the reader
        calling.add(Thread.currentThread());
      }
      ReceiveCallback call = cb;
      try {
        callbacks.run(() -> call.onReceive(socket, d.payload(), d.sender(), d.metadata()));
      } finally {
        synchronized (socket) {
          calling.remove(Thread.currentThread());
          socket.notifyAll(); // a close waiting for the callback
        }
      }
    }
    synchronized (socket) {
      pumping = false;
      pump();
    }
  }
}
