package net.udp.provider.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import net.udp.Datagram;
import net.udp.SendCallback;
import net.udp.UdpBatch;
import net.udp.UdpClosedException;
import net.udp.UdpException;
import net.udp.provider.socket.Lifecycle.State;
import org.jspecify.annotations.Nullable;

/**
 * The one way in for a socket's sends: a {@link Datagram} is read here, once, into what the
 * outbox needs (payload, resolved destination, tag, callback, ECN codepoint, source address), and
 * from then on nothing refers to it, so that the caller may reuse it as soon as send returns.
 * Called on the sender's thread; takes no lock of its own (the outbox and the life cycle have
 * theirs).
 */
final class Sender {
  private final Lifecycle life;
  private final Settings settings;
  private final Outbox outbox;
  private final Dispatch dispatch;

  Sender(Lifecycle life, Settings settings, Outbox outbox, Dispatch dispatch) {
    this.life = life;
    this.settings = settings;
    this.outbox = outbox;
    this.dispatch = dispatch;
  }

  void send(Datagram datagram, @Nullable SendCallback onSent) {
    ByteBuffer message = datagram.payload();
    long tag = datagram.tag();
    InetSocketAddress target = datagram.target();
    if (target == null) {
      target = connectedPeer(message, tag, onSent);
      if (target == null) {
        return;
      }
    }
    if (datagram.segmentSize() > 0) {
      sendSegments(message, datagram.segmentSize(), target, tag, onSent, datagram.ecn(), datagram.source());
    } else {
      sendTo(message, target, tag, onSent, datagram.ecn(), datagram.source());
    }
  }

  /**
   * Sends the datagrams of a batch, as many at once as the provider takes, the rest one by one.
   *
   * @return {@code false}, having sent nothing, when the socket could not be opened for them
   */
  boolean send(UdpBatch batch) {
    if (batch.size() > 0 && openForFirstSend() != null) {
      return false;
    }
    for (int i = outbox.sendNow(batch); i < batch.size(); i++) {
      sendTo(batch.message(i), batch.target(i), batch.tag(i), batch.callback(i), -1, null);
    }
    return true;
  }

  /** Sends to an address, or queues; {@link Segmenter} sends the segments it could not group. */
  void sendTo(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent, int ecn, @Nullable InetAddress source) {
    if (target.isUnresolved()) {
      String host = target.getHostString();
      int port = target.getPort();
      submit(message, Names.literal("send", host, port), host, port, tag, onSent, ecn, source);
    } else {
      submit(message, target, "", 0, tag, onSent, ecn, source);
    }
  }

  /**
   * The address a datagram with no destination goes to.
   *
   * @return the connected address, or {@code null} when there is none, the send then failed
   */
  private @Nullable InetSocketAddress connectedPeer(ByteBuffer message, long tag, @Nullable SendCallback onSent) {
    Opened o = life.opened();
    InetSocketAddress connectedTo = o == null ? null : o.peer();
    if (connectedTo == null || life.state() != State.CONNECTED) {
      PendingSend p = new PendingSend(message, null, null, "(no peer)", tag, onSent, Long.MAX_VALUE, -1, null);
      outbox.submit(p, life.state() == State.CLOSED
          ? new UdpClosedException("send: the socket is closed")
          : new UdpException("send: the datagram has no destination and the socket is not connected; connect first, or give it one with Datagram.to"));
      return null;
    }
    return connectedTo;
  }

  /**
   * Hands a datagram to the outbox, which sends it now or queues it.
   *
   * @param target the resolved destination, or {@code null} to resolve {@code host}
   * @param host the host name to resolve when {@code target} is null
   * @param port the port to resolve with
   */
  private void submit(ByteBuffer message, @Nullable InetSocketAddress target, String host, int port, long tag,
      @Nullable SendCallback onSent, int ecn, @Nullable InetAddress source) {
    UdpException unopened = openForFirstSend();
    if (unopened != null) {
      String hostPort = target != null ? "" : host + ":" + port;
      outbox.submit(new PendingSend(message, target, null, hostPort, tag, onSent, Long.MAX_VALUE, ecn, source), unopened);
      return;
    }
    if (target != null) {
      outbox.send(message, target, tag, onSent, ecn, source);
      return;
    }
    Opened o = life.opened();
    CompletableFuture<InetSocketAddress> resolution = Names.resolveAsync("send", host, port, o != null ? o.choice() : settings.choice());
    outbox.submit(new PendingSend(message, null, resolution, host + ":" + port, tag, onSent, settings.deadline(), ecn, source), null);
  }

  /**
   * Opens a socket that was never opened, as its first send does.
   *
   * @return why it could not be opened, or {@code null} when it is open (or was already, or closed)
   */
  private @Nullable UdpException openForFirstSend() {
    if (life.state() == State.NEW) {
      try {
        life.openForSend();
      } catch (UdpException e) {
        return e;
      }
    }
    return null;
  }

  private void sendSegments(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent,
      int ecn, @Nullable InetAddress source) {
    if (!target.isUnresolved() && openForFirstSend() != null) {
      sendTo(message, target, tag, onSent, ecn, source); // fails the same way, once
      return;
    }
    Opened o = life.opened();
    int perCall = o == null || target.isUnresolved() ? 1 : o.os().maxSegments();
    if (!Segmenter.send(outbox, dispatch, this, message, segmentSize, target, perCall, tag, onSent, ecn, source)) {
      sendOneByOne(message, segmentSize, target, tag, onSent, ecn, source);
    }
  }

  /** Sends segments as that many datagrams, for a provider or a route without offload. */
  private void sendOneByOne(ByteBuffer message, int segmentSize, InetSocketAddress target, long tag, @Nullable SendCallback onSent,
      int ecn, @Nullable InetAddress source) {
    Gathered gathered = new Gathered(tag, onSent, dispatch);
    int at = message.position();
    do { // an empty payload is one empty datagram
      gathered.expect(1);
      sendTo(message.slice(at, Math.min(segmentSize, message.limit() - at)), target, tag, gathered, ecn, source);
      at += segmentSize;
    } while (at < message.limit());
    gathered.seal();
  }
}
