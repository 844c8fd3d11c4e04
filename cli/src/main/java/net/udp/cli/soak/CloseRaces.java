package net.udp.cli.soak;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.udp.ReceiveCallback;
import net.udp.UdpException;
import net.udp.UdpSocket;

/**
 * Close, raced against delivery in four ways: from another thread while datagrams flow, with and
 * without an executor; from inside a callback; and while a callback is blocked. In each, no
 * receive callback may start once close has returned, and the port must be free at once.
 */
final class CloseRaces implements Soak.Scenario {
  @Override
  public String name() {
    return "closes";
  }

  @Override
  public void run(Soak soak) throws InterruptedException {
    int rounds = soak.scale(300, 3_000);
    AtomicReference<InetSocketAddress> target = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    UdpSocket flooder = soak.socket(null);
    Thread flood = new Thread(() -> {
      while (!stop.get()) {
        InetSocketAddress to = target.get();
        if (to != null) {
          flooder.send("flood", to);
        } else {
          Thread.onSpinWait();
        }
      }
    }, "soak-close-flood");
    flood.setDaemon(true);
    flood.start();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      flowing(soak, "flowing", rounds, target, null);
      flowing(soak, "executor", rounds, target, pool);
    } finally {
      stop.set(true);
      flood.join(5_000);
      pool.shutdownNow();
    }
    inside(soak, rounds / 3);
    busy(soak, Math.max(10, rounds / 30));
  }

  /** Closes from this thread while the flood reaches the socket. */
  private void flowing(Soak soak, String mode, int rounds, AtomicReference<InetSocketAddress> target, java.util.concurrent.Executor executor) {
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger late = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    int stillBound = 0;
    int stalled = 0;
    AtomicInteger running = new AtomicInteger();
    int lateRounds = 0; // rounds where a callback began after close returned
    int runningAtReturn = 0; // rounds where a callback still ran when close returned
    int worst = 0;
    ReceiveCallback callback = (s, p, from) -> {
      running.incrementAndGet();
      if (closed.get()) {
        late.incrementAndGet();
      }
      calls.incrementAndGet();
      running.decrementAndGet();
    };
    for (int round = 0; round < rounds; round++) {
      UdpSocket socket = soak.provider().newSocket(callback).setExecutor(executor).listen("127.0.0.1", 0).receive();
      int port = socket.info().localPort();
      closed.set(false);
      target.set(Soak.address(socket));
      int before = calls.get();
      if (!Soak.await(() -> calls.get() > before + 2, Duration.ofSeconds(2))) {
        stalled++;
      }
      late.set(0);
      socket.close();
      runningAtReturn += running.get() > 0 ? 1 : 0;
      closed.set(true);
      target.set(null);
      stillBound += bindable(soak, port) ? 0 : 1;
      Soak.pause(Duration.ofMillis(1));
      lateRounds += late.get() > 0 ? 1 : 0;
      worst = Math.max(worst, late.get());
    }
    soak.figure(name(), String.format(Locale.ROOT,
        "%s: %,d closes during a flood: %d callbacks began after a close returned (at most, in %d rounds), %d rounds with one still running, %d ports still bound, %d rounds without traffic",
        mode, rounds, worst, lateRounds, runningAtReturn, stillBound, stalled), worst == 0 && runningAtReturn == 0 && stillBound == 0 && stalled == 0);
  }

  /** Each socket closes itself in its first callback: no callback follows. */
  private void inside(Soak soak, int rounds) {
    AtomicInteger extra = new AtomicInteger();
    int silent = 0;
    UdpSocket sender = soak.socket(null);
    for (int round = 0; round < rounds; round++) {
      AtomicInteger calls = new AtomicInteger();
      UdpSocket socket = soak.provider().newSocket((s, p, from) -> {
        if (calls.incrementAndGet() > 1) {
          extra.incrementAndGet();
        }
        s.close();
      }).listen("127.0.0.1", 0).receive();
      InetSocketAddress to = Soak.address(socket);
      for (int i = 0; i < 10; i++) {
        sender.send("x", to);
      }
      if (!Soak.await(() -> calls.get() > 0, Duration.ofSeconds(2))) {
        silent++;
      }
      socket.close();
    }
    Soak.pause(Duration.ofMillis(50));
    soak.figure(name(), String.format(Locale.ROOT, "inside: %,d closes from the socket's own callback: %d callbacks after, %d sockets never called",
        rounds, extra.get(), silent), extra.get() == 0 && silent == 0);
  }

  /**
   * Closes while the socket's callback is blocked: the port is free at once, while close waits
   * for the callback, and close returns once the callback does.
   */
  private void busy(Soak soak, int rounds) throws InterruptedException {
    int stillBound = 0;
    int late = 0;
    int early = 0; // closes that returned while the callback still ran
    UdpSocket sender = soak.socket(null);
    for (int round = 0; round < rounds; round++) {
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      UdpSocket socket = soak.provider().newSocket((s, p, from) -> {
        calls.incrementAndGet();
        inside.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).listen("127.0.0.1", 0).receive();
      int port = socket.info().localPort();
      sender.send("hold", Soak.address(socket));
      sender.send("next", Soak.address(socket));
      if (inside.await(2, TimeUnit.SECONDS)) {
        Thread closing = Thread.ofPlatform().daemon().name("soak-close").start(socket::close);
        boolean free = false;
        for (int i = 0; i < 200 && !free; i++) { // the port frees as soon as close begins
          free = bindable(soak, port);
          Soak.pause(Duration.ofMillis(1));
        }
        stillBound += free ? 0 : 1;
        early += closing.isAlive() ? 0 : 1;
        release.countDown();
        closing.join(10_000);
      }
      release.countDown();
      Soak.pause(Duration.ofMillis(5));
      late += Math.max(0, calls.get() - 1);
      socket.close();
    }
    soak.figure(name(), String.format(Locale.ROOT, "busy: %,d closes while the callback was blocked: %d ports still bound, %d closes returned before the callback, %d callbacks after",
        rounds, stillBound, early, late), stillBound == 0 && early == 0 && late == 0);
  }

  /** Whether a new socket can bind the port right now. */
  private static boolean bindable(Soak soak, int port) {
    try {
      soak.provider().newSocket(null).listen("127.0.0.1", port).close();
      return true;
    } catch (UdpException e) {
      return false;
    }
  }
}
