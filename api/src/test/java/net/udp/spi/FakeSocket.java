package net.udp.spi;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import org.jspecify.annotations.Nullable;

/**
 * A provider socket without an operating system: binding, sending and arrivals are simulated on
 * a single-thread "event loop", so that the skeleton's rules can be tested exactly. Port 1 refuses
 * to bind; peers on port 2 refuse to connect.
 */
final class FakeSocket extends AbstractUdpSocket {
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(40_000);

  final ExecutorService loop =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fake-loop");
            t.setDaemon(true);
            return t;
          });
  final List<OpenRequest> opened = Collections.synchronizedList(new ArrayList<>());
  final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger closes = new AtomicInteger();
  private final ConcurrentLinkedQueue<Object[]> arrivals = new ConcurrentLinkedQueue<>();
  private volatile @Nullable InetSocketAddress local;
  private volatile boolean kernelFull;
  private volatile @Nullable IOException sendFailure;
  private volatile boolean writeInterest;
  volatile boolean broadcastOs;

  FakeSocket(@Nullable ReceiveCallback callback) {
    super("fake", callback);
  }

  @Override
  protected void open(OpenRequest request) throws IOException {
    if (request.local().getPort() == 1) {
      throw new BindException("Permission denied");
    }
    int port = request.local().getPort() == 0 ? NEXT_PORT.incrementAndGet() : request.local().getPort();
    local = new InetSocketAddress(request.local().getAddress(), port);
    broadcastOs = request.broadcast();
    opened.add(request);
  }

  @Override
  protected InetSocketAddress localAddressOs() {
    InetSocketAddress l = local;
    if (l == null) {
      throw new IllegalStateException("not open");
    }
    return l;
  }

  @Override
  protected void connectOs(InetSocketAddress peer) throws IOException {
    if (peer.getPort() == 2) {
      throw new SocketException("Network is unreachable");
    }
  }

  @Override
  protected void closeOs() {
    closes.incrementAndGet();
    local = null;
  }

  @Override
  protected void setBroadcastOs(boolean enabled) {
    broadcastOs = enabled;
  }

  @Override
  protected void setSocketBuffersOs(int receive, int send) {}

  @Override
  protected int socketReceiveBufferOs() {
    return 212_992;
  }

  @Override
  protected void receiveAllowanceChanged() {
    loop.execute(this::pump);
  }

  @Override
  protected boolean sendNow(ByteBuffer message, InetSocketAddress target) throws IOException {
    IOException failure = sendFailure;
    if (failure != null) {
      throw failure;
    }
    if (kernelFull) {
      return false;
    }
    sent.add(StandardCharsets.UTF_8.decode(message.duplicate()) + " -> " + target.getPort());
    return true;
  }

  @Override
  protected void writableInterest(boolean on) {
    writeInterest = on;
    if (on) {
      loop.execute(this::pumpWrite);
    }
  }

  @Override
  protected void executeOnLoop(Runnable task) {
    loop.execute(task);
  }

  @Override
  protected boolean hostSupportsIPv6() {
    return true;
  }

  /** A datagram arrives from a sender. */
  void arrive(String text, InetSocketAddress from) {
    arrivals.add(new Object[] {text, from});
    loop.execute(this::pump);
  }

  /** The kernel's send buffer is full (or has room again). */
  void kernelFull(boolean full) {
    kernelFull = full;
    if (!full) {
      loop.execute(this::pumpWrite);
    }
  }

  void failSends(@Nullable IOException failure) {
    sendFailure = failure;
  }

  /** Waits until everything handed to the loop so far has run. */
  void sync() throws Exception {
    for (int i = 0; i < 3; i++) { // tasks may post tasks: let two rounds settle
      loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
  }

  int arrivalsWaiting() {
    return arrivals.size();
  }

  private void pump() {
    while (receiveAllowance() > 0) {
      Object[] next = arrivals.poll();
      if (next == null) {
        return;
      }
      byte[] bytes = ((String) next[0]).getBytes(StandardCharsets.UTF_8);
      deliver(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), (InetSocketAddress) next[1], false);
    }
  }

  private void pumpWrite() {
    if (writeInterest && !kernelFull) {
      flushSends();
    }
  }
}
