package net.udp.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import net.udp.ReceiveCallback;
import net.udp.ReceivedMetadata;
import net.udp.Udp;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;

/** A net.udp socket of a provider, receiving through its callback on the provider's loop. */
final class UdpReceiver implements Receiver {
  private final UdpSocket socket;
  private final Arrival arrival = new Arrival();
  private final InetSocketAddress address;
  private long checksum;
  private volatile int pinTo = -1;

  UdpReceiver(String provider, boolean receiveOffload, boolean metadata) {
    ReceiveCallback callback = metadata ? ReceiveCallback.withMetadata(this::onReceive) : this::onReceive;
    socket = Udp.provider(provider).newSocket(callback).setSocketReceiveBuffer(64 << 20).setReceiveOffload(receiveOffload)
        .setReceiveMetadata(metadata ? EnumSet.allOf(UdpMetadata.class) : Set.of())
        .listen("127.0.0.1", 0);
    InetSocketAddress local = socket.info().localAddress();
    if (local == null) {
      throw new IllegalStateException("not bound");
    }
    address = local;
  }

  private void onReceive(UdpSocket s, ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata) {
    // Every fact read, as a server that uses them would: the drain must pay for all of them.
    InetAddress to = metadata.destination();
    checksum += metadata.ecn() + metadata.hopLimit() + metadata.interfaceIndex() + metadata.receiveTimeNanos() + (to == null ? 0 : 1);
    onReceive(s, payload, sender);
  }

  private void onReceive(UdpSocket s, ByteBuffer payload, InetSocketAddress sender) {
    if (pinTo >= 0) { // the only way into the provider's loop thread: a callback
      Affinity.pin(pinTo);
      pinTo = -1;
    }
    if (payload.hasRemaining()) {
      checksum += payload.get(payload.position());
    }
    arrival.arrived();
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void receive(int count) {
    arrival.expect(count);
    socket.receive();
    arrival.await();
    socket.pause();
  }

  @Override
  public void pinDeliveringThread(int cpu) throws java.io.IOException {
    pinTo = cpu;
    try (java.nio.channels.DatagramChannel poke = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
      poke.send(ByteBuffer.allocate(1), address);
    }
    receive(1);
  }

  @Override
  public void startReceiving() {
    socket.receive();
  }

  @Override
  public void stopReceiving() {
    socket.pause();
  }

  @Override
  public void runFor(long nanos) {
    java.util.concurrent.locks.LockSupport.parkNanos(nanos);
  }

  @Override
  public long delivered() {
    return arrival.total();
  }

  @Override
  public long checksum() {
    return checksum;
  }

  /** The socket, for a benchmark that reads its info(). */
  UdpSocket socket() {
    return socket;
  }

  @Override
  public void close() {
    socket.close();
  }
}
