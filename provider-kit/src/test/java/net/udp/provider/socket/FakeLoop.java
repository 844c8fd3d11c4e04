package net.udp.provider.socket;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.provider.EventLoop;
import net.udp.provider.LoopGroup;
import net.udp.provider.OpenRequest;
import net.udp.provider.OsSocket;
import net.udp.provider.SocketEvents;
import org.jspecify.annotations.Nullable;

/** A loop with no operating system behind it: it runs tasks, and opens each socket's fake. */
final class FakeLoop extends EventLoop {
  /** The one loop every fake socket shares. */
  static final FakeLoop LOOP = new LoopGroup<>(1, n -> new FakeLoop()).next();

  private final Semaphore wake = new Semaphore(0);
  private final Map<UdpSocket, FakeSocket> fakes = new ConcurrentHashMap<>();

  private FakeLoop() {
    super("fake", "fake-loop");
  }

  /** The kit's socket of a fake, whose opens this loop hands to it. */
  UdpSocket newSocket(FakeSocket fake, @Nullable ReceiveCallback callback) {
    UdpSocket socket = newSocket(callback);
    fakes.put(socket, fake);
    return socket;
  }

  void forget(UdpSocket socket) {
    fakes.remove(socket);
  }

  @Override
  public OsSocket open(OpenRequest request, SocketEvents events) throws IOException {
    return Objects.requireNonNull(fakes.get(events.socket()), "not a fake's socket").open(request, events);
  }

  @Override
  protected int serve(boolean block) {
    if (block) {
      wake.acquireUninterruptibly();
    }
    wake.drainPermits();
    return 0; // the fake sockets are pumped by tasks: there are no events to serve
  }

  @Override
  protected void wakeup() {
    wake.release();
  }
}
