package net.udp.cli.soak;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.Datagram;
import net.udp.UdpSocket;

/**
 * What a hostile user does to a socket, at scale: callbacks that throw errors beside healthy
 * sockets, an executor that throws, a close and reopen on the same port while datagrams are being
 * delivered, and a burst of sends from inside one callback.
 */
final class Faults implements Soak.Scenario {
  @Override
  public String name() {
    return "faults";
  }

  @Override
  public void run(Soak soak) {
    errors(soak, soak.scale(200, 2_000));
    brokenExecutor(soak, soak.scale(2_000, 20_000));
    reopen(soak, soak.scale(100, 1_000));
    burst(soak, 20_000);
  }

  private void errors(Soak soak, int rounds) {
    Error[] errors = {new StackOverflowError("soak"), new OutOfMemoryError("soak"), new AssertionError("soak")};
    AtomicInteger thrown = new AtomicInteger();
    UdpSocket faulty = soak.listening((s, p, from) -> {
      throw errors[thrown.getAndIncrement() % errors.length];
    });
    List<AtomicInteger> heard = new ArrayList<>();
    List<UdpSocket> bystanders = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      AtomicInteger count = new AtomicInteger();
      heard.add(count);
      bystanders.add(soak.listening((s, p, from) -> count.incrementAndGet()));
    }
    UdpSocket sender = soak.socket(null);
    for (int round = 0; round < rounds; round++) {
      sender.send("boom", Soak.address(faulty));
      for (UdpSocket b : bystanders) {
        sender.send("fine", Soak.address(b));
      }
      if (round % 32 == 31) {
        int sent = round + 1;
        Soak.await(() -> thrown.get() >= sent, Duration.ofSeconds(5)); // paced: the kernel keeps everything
      }
    }
    Soak.await(() -> thrown.get() == rounds && heard.stream().allMatch(c -> c.get() == rounds), Duration.ofSeconds(10));
    long missing = heard.stream().mapToLong(c -> rounds - c.get()).sum();
    long counted = faulty.info().counters().callbackFailures();
    soak.figure(name(), String.format(Locale.ROOT, "%,d Errors thrown by one socket's callback: it was called %,d times and counted %,d failures; 8 sockets beside it missed %d of %,d datagrams",
        rounds, thrown.get(), counted, missing, 8L * rounds), thrown.get() == rounds && counted == rounds && missing == 0);
  }

  private void brokenExecutor(Soak soak, int sends) {
    Executor broken = task -> {
      throw new IllegalStateException("executor broken (soak)");
    };
    AtomicLong received = new AtomicLong();
    UdpSocket receiver = soak.socket((s, p, from) -> received.incrementAndGet()).setExecutor(broken).setSocketReceiveBuffer(1 << 21)
        .listen("127.0.0.1", 0).receive();
    AtomicInteger callbacks = new AtomicInteger();
    int thrownBySend = 0;
    UdpSocket sender = soak.socket(null).setExecutor(broken);
    InetSocketAddress to = Soak.address(receiver);
    for (int i = 0; i < sends; i++) {
      try {
        sender.send(Datagram.of("x").to(to).tag(i), (tag, failure) -> callbacks.incrementAndGet());
      } catch (RuntimeException e) {
        thrownBySend++;
      }
      if (i % 256 == 255) {
        int sent = i + 1;
        Soak.await(() -> received.get() >= sent, Duration.ofSeconds(5));
      }
    }
    Soak.await(() -> callbacks.get() == sends && received.get() == sends, Duration.ofSeconds(10));
    soak.figure(name(), String.format(Locale.ROOT, "an executor that throws: %,d sends, %d threw, %,d send callbacks run, %,d datagrams delivered",
        sends, thrownBySend, callbacks.get(), received.get()), thrownBySend == 0 && callbacks.get() == sends && received.get() == sends);
  }

  /**
   * Closes in mid-delivery and opens the socket again, on a new port: nothing sent to the old
   * port can reach it then, but through the provider. (On the same port a datagram still in the
   * loopback device's backlog at the close would reach the new socket, rightly.)
   */
  private void reopen(Soak soak, int cycles) {
    AtomicInteger old = new AtomicInteger();
    AtomicInteger fresh = new AtomicInteger();
    UdpSocket socket = soak.socket((s, payload, from) -> {
      if (payload.getInt(payload.position()) < 1_000_000) {
        old.incrementAndGet();
        Soak.pause(Duration.ofNanos(200_000)); // slow, so that the close lands in the middle of a batch
      } else {
        fresh.incrementAndGet();
      }
    }).setSocketReceiveBuffer(1 << 20).listen("127.0.0.1", 0).receive();
    UdpSocket sender = soak.socket(null);
    ByteBuffer datagram = ByteBuffer.allocate(16);
    int expectedFresh = 0;
    int stale = 0; // old datagrams delivered after close returned, beyond the one call already made
    for (int cycle = 0; cycle < cycles; cycle++) {
      InetSocketAddress to = Soak.address(socket);
      int before = old.get();
      for (int i = 0; i < 100; i++) {
        sender.send(datagram.putInt(0, i), to);
      }
      Soak.await(() -> old.get() >= before + 3, Duration.ofSeconds(2));
      socket.close();
      int atClose = old.get();
      socket.listen("127.0.0.1", 0).receive();
      InetSocketAddress now = Soak.address(socket);
      for (int i = 0; i < 3; i++) {
        sender.send(datagram.putInt(0, 1_000_000 + i), now);
      }
      expectedFresh += 3;
      int wanted = expectedFresh;
      Soak.await(() -> fresh.get() >= wanted, Duration.ofSeconds(2));
      stale += Math.max(0, old.get() - atClose - 1);
    }
    soak.figure(name(), String.format(Locale.ROOT, "%,d closes in mid-delivery, each opened again: %d datagrams of an earlier life delivered after close returned (beyond the call already made), %,d of %,d new ones",
        cycles, stale, fresh.get(), expectedFresh), stale == 0 && fresh.get() == expectedFresh);
  }

  private void burst(Soak soak, int sends) {
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    UdpSocket sink = soak.socket(null).listen("127.0.0.1", 0); // paused: the kernel drops the rest
    InetSocketAddress to = Soak.address(sink);
    UdpSocket burster = soak.listening((s, p, from) -> {
      for (int i = 0; i < sends; i++) {
        s.send(Datagram.of("burst").to(to).tag(i), (tag, failure) -> (failure == null ? ok : failed).incrementAndGet());
      }
    });
    soak.socket(null).send("go", Soak.address(burster));
    Soak.await(() -> ok.get() + failed.get() == sends, Duration.ofSeconds(20));
    soak.figure(name(), String.format(Locale.ROOT, "%,d sends from inside one callback: %,d sent, %,d failed", sends, ok.get(), failed.get()),
        ok.get() == sends);
  }
}
