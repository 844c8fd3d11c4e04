package net.udp.examples;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import net.udp.Udp;
import net.udp.UdpSocket;

/**
 * The seed's first example: a server that answers each ping with a pong a moment later, and a
 * client that answers each pong with a ping. It prints the provider it got, then every message,
 * and stops after a number of pongs.
 */
public final class PingPong {
  private PingPong() {}

  /**
   * Runs the exchange.
   *
   * @param args the server's port (9001 by default, as in the seed; 0 for any free one), the
   *     number of pongs to wait for (3 by default), and the pause before each answer in
   *     milliseconds (1000 by default, as in the seed)
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long pause = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    System.out.println("provider: " + Udp.provider().name());
    Executor later = CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS); // the seed's hs.timer.doAfter
    CountDownLatch pongs = new CountDownLatch(rounds);

    // The payload is valid only during the callback: decode it there.
    UdpSocket server = Udp.server(port, (socket, data, addr) -> {
      System.out.println(StandardCharsets.UTF_8.decode(data));
      later.execute(() -> socket.send("pong", addr));
    }).receive();

    UdpSocket client = Udp.newSocket((socket, data, addr) -> {
      System.out.println(StandardCharsets.UTF_8.decode(data));
      pongs.countDown();
      later.execute(() -> socket.send("ping", addr));
    }).send("ping", "localhost", server.info().localPort()).receive();

    boolean done = pongs.await(30, TimeUnit.SECONDS);
    client.close();
    server.close();
    if (!done) {
      System.out.println("no pong for 30 s");
      System.exit(1);
    }
  }
}
