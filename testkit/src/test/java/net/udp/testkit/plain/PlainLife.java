package net.udp.testkit.plain;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One open of a {@link PlainSocket}: a blocking channel, the thread that reads it, the datagrams
 * read and not yet delivered, and the thread that sends what had to wait (a host name to resolve,
 * or sends queued behind one). Its state is guarded by the socket's lock.
 */
final class PlainLife {
  /** Datagrams read and not yet delivered, at most. */
  static final int INBOX_LIMIT = 1024;

  /** A datagram read: a private copy, and where it came from. */
  record Datagram(ByteBuffer payload, InetSocketAddress sender) {}

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
  static PlainLife open(PlainSocket socket, PlainAddresses.Bind bind, boolean reusePort, boolean broadcast, int receiveBuffer, int sendBuffer)
      throws IOException {
    DatagramChannel channel = DatagramChannel.open(bind.family());
    try {
      if (reusePort) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      channel.setOption(StandardSocketOptions.SO_BROADCAST, broadcast);
      if (receiveBuffer > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      }
      if (sendBuffer > 0) {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
      }
      channel.bind(bind.local());
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

  private void read() {
    while (true) {
      synchronized (socket) {
        while (open && socket.receiver.allowance(this) == 0) {
          PlainSocket.await(socket);
        }
        if (!open) {
          return;
        }
      }
      ByteBuffer buffer = ByteBuffer.allocate(65_536);
      SocketAddress from;
      try {
        from = channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        socket.receiver.readFailed(this, e);
        continue;
      }
      if (from == null) {
        continue;
      }
      InetSocketAddress sender = (InetSocketAddress) from;
      if (ipv6Only && sender.getAddress() instanceof Inet4Address) {
        continue; // java.nio cannot make an IPv6-only socket: IPv4 is dropped here
      }
      buffer.flip();
      socket.receiver.arrived(this, buffer, sender);
    }
  }

  private void sendQueued() {
    while (true) {
      PlainSends.Send next;
      synchronized (socket) {
        while (open && queue.isEmpty()) {
          PlainSocket.await(socket);
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
