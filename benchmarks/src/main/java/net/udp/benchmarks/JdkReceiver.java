package net.udp.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The plain JDK: a non-blocking {@link DatagramChannel} read in a loop by the benchmark thread
 * itself, into one reused direct buffer. The floor for anything built on NIO.
 */
final class JdkReceiver implements Receiver {
  private final DatagramChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
  private final InetSocketAddress address;
  private long checksum;
  private volatile long delivered;

  JdkReceiver() throws IOException {
    channel = DatagramChannel.open(StandardProtocolFamily.INET);
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 << 20);
    channel.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
    address = (InetSocketAddress) channel.getLocalAddress();
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void receive(int count) throws IOException {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    int got = 0;
    while (got < count) {
      buffer.clear();
      if (channel.receive(buffer) != null) {
        if (buffer.position() > 0) {
          checksum += buffer.get(0);
        }
        got++;
      } else if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(got + " of " + count + " datagrams: the kernel dropped some");
      }
    }
  }

  @Override
  public void startReceiving() {}

  @Override
  public void stopReceiving() {}

  @Override
  public void runFor(long nanos) throws IOException {
    long end = System.nanoTime() + nanos;
    long got = 0;
    while (System.nanoTime() - end < 0) {
      buffer.clear();
      if (channel.receive(buffer) != null) {
        if (buffer.position() > 0) {
          checksum += buffer.get(0);
        }
        got++;
      }
    }
    delivered = delivered() + got; // only this thread writes it
  }

  @Override
  public long delivered() {
    return delivered;
  }

  @Override
  public void pinDeliveringThread(int cpu) {
    Affinity.pin(cpu); // this contender reads on the calling thread
  }

  @Override
  public long checksum() {
    return checksum;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
