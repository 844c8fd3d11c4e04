package net.udp.testkit.plain;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.udp.Udp;
import net.udp.UdpException;
import org.jspecify.annotations.Nullable;

/**
 * One open of a {@link PlainSocket}: a blocking channel, the thread that reads it, the datagrams
 * read and not yet delivered, and the thread that sends what had to wait (a host name to resolve,
 * or sends queued behind one). Its state is guarded by the socket's lock.
 */
final class PlainLife {
  /** How long the reader waits in the kernel before it looks again whether it should. */
  private static final int READ_WAIT_MILLIS = 100;

  /** Datagrams read and not yet delivered, at most. */
  static final int INBOX_LIMIT = 1024;

  /** A datagram read: a private copy, where it came from, and whether it was truncated (the one fact it tells). */
  record Datagram(ByteBuffer payload, InetSocketAddress sender, net.udp.ReceivedMetadata metadata) {}

  final PlainSocket socket;
  final DatagramChannel channel;
  final boolean ipv6;
  final boolean ipv6Only;
  final boolean carriesIPv4;
  final ArrayDeque<Datagram> inbox = new ArrayDeque<>(); // guarded by socket
  final ArrayDeque<PlainSends.Send> queue = new ArrayDeque<>(); // guarded by socket
  final InetSocketAddress local;
  @Nullable InetSocketAddress peer; // guarded by socket
  boolean open = true; // guarded by socket
  int writing; // guarded by socket: sends between leaving the queue and being called back
  private final Thread reader;
  private final Thread sender;

  PlainLife(PlainSocket socket, DatagramChannel channel, StandardProtocolFamily family, boolean ipv6Only, InetSocketAddress local) {
    this.socket = socket;
    this.channel = channel;
    this.ipv6 = family == StandardProtocolFamily.INET6;
    this.ipv6Only = ipv6 && ipv6Only;
    this.carriesIPv4 = !ipv6 || (!ipv6Only && local.getAddress().isAnyLocalAddress());
    this.local = local;
    this.reader = new Thread(this::read, "plain-reader");
    this.sender = new Thread(this::sendQueued, "plain-sender");
    reader.setDaemon(true);
    sender.setDaemon(true);
  }

  /** Opens, sets up and binds a channel; on failure nothing stays open. */
  static PlainLife open(PlainSocket socket, PlainAddresses.Bind bind, PlainOptions options)
      throws IOException {
    DatagramChannel channel = DatagramChannel.open(bind.family());
    try {
      if (options.reusePort) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      channel.setOption(StandardSocketOptions.SO_BROADCAST, options.broadcast);
      if (options.socketReceiveBuffer > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, options.socketReceiveBuffer);
      }
      if (options.dontFragment) {
        channel.setOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT, true);
      }
      if (options.socketSendBuffer > 0) {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, options.socketSendBuffer);
      }
      channel.bind(bind.local());
      channel.socket().setSoTimeout(READ_WAIT_MILLIS);
      InetSocketAddress local = (InetSocketAddress) Objects.requireNonNull(channel.getLocalAddress());
      return new PlainLife(socket, channel, bind.family(), bind.ipv6Only(), local);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  void start() {
    reader.start();
    sender.start();
  }

  /** Closes the channel and waits for the reader to leave it, so that the port is free. */
  void close() {
    try {
      channel.close(); // wakes a reader blocked in receive, but does not wait for it
      reader.join(1_000); // the socket goes when the reader has left the kernel
    } catch (IOException e) {
      // closed anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Connects the channel, or only this open where the kernel is left out; what arrived before is dropped. Under the socket's lock. */
  void connect(InetSocketAddress target, boolean inTheKernel) {
    if (inTheKernel) {
      try {
        channel.connect(target); // the JDK discards what arrived before
      } catch (IOException e) {
        throw new UdpException("connect " + Udp.formatAddress(target) + ": " + e.getMessage(), e);
      }
    }
    inbox.clear();
    peer = target;
  }

  /**
   * Ends this open for the socket's close: the threads stop, what was read is dropped, and the
   * sends still waiting are handed back to be failed, after those being written are called back.
   * Under the socket's lock.
   */
  List<PlainSends.Send> shut() {
    open = false;
    inbox.clear();
    List<PlainSends.Send> waiting = new ArrayList<>(queue);
    queue.clear();
    socket.notifyAll();
    awaitWrites(); // a send being written completes first: callbacks keep the order of the sends
    return waiting;
  }

  /** Waits, a bounded time, for the sends being written to be called back. Under the socket's lock. */
  private void awaitWrites() {
    long deadline = System.nanoTime() + 1_000_000_000L;
    for (long left = 1_000; writing > 0 && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
      try {
        socket.wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @SuppressWarnings("WaitNotInLoop") // every caller waits in a loop that checks its condition again
  static void await(Object lock) {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read() {
    while (true) {
      synchronized (socket) {
        while (open && socket.receiver.allowance(this) == 0) {
          await(socket);
        }
        if (!open) {
          return;
        }
      }
      byte[] bytes = new byte[65_536];
      DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
      try {
        // Through the adaptor, which waits a bounded time: a receive that waits holds the
        // channel's read lock, and connect needs it.
        channel.socket().receive(packet);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        if (!channel.isOpen()) {
          return;
        }
        socket.receiver.readFailed(this, e);
        continue;
      }
      InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
      if (ipv6Only && sender.getAddress() instanceof Inet4Address) {
        continue; // java.nio cannot make an IPv6-only socket: IPv4 is dropped here
      }
      socket.receiver.arrived(this, ByteBuffer.wrap(bytes, 0, packet.getLength()).slice(), sender);
    }
  }

  private void sendQueued() {
    while (true) {
      PlainSends.Send next;
      synchronized (socket) {
        while (open && queue.isEmpty()) {
          await(socket);
        }
        if (!open) {
          return;
        }
        next = queue.peek();
      }
      socket.sends.sendQueued(this, next); // resolves, sends, then takes it off the queue
    }
  }
}
