package net.udp.examples;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpSocket;

/**
 * The seed's second example: three listeners share one port with {@code reusePort}, and one
 * broadcast reaches each of them once. It broadcasts on the loopback network ({@code
 * 127.255.255.255}), where nothing leaves the machine, rather than to {@code 255.255.255.255} as
 * the seed does; and it is one dual-stack socket per listener, so each prints the message once,
 * from an IPv4 address.
 */
public final class Broadcast {
  private Broadcast() {}

  private static ReceiveCallback callbackMaker(String name, CountDownLatch heard) {
    return (socket, data, addr) -> {
      System.out.println(name + " received data:\n" + StandardCharsets.UTF_8.decode(data)
          + "\nfrom host: " + addr.getAddress().getHostAddress() + " port: " + addr.getPort());
      heard.countDown();
    };
  }

  /**
   * Runs the example.
   *
   * @param args the port to share (9001 by default, as in the seed; 0 lets the first listener
   *     take a free one, which the others then share)
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
    System.out.println("provider: " + Udp.provider().name());
    CountDownLatch heard = new CountDownLatch(3);
    List<UdpSocket> listeners = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      UdpSocket listener = Udp.newSocket(callbackMaker("listener " + i, heard)).reusePort().listen(port).receive();
      port = listener.info().localPort();
      listeners.add(listener);
    }
    UdpSocket broadcaster = Udp.newSocket().broadcast();
    broadcaster.send("hello!", "127.255.255.255", port);
    boolean done = heard.await(10, TimeUnit.SECONDS);
    broadcaster.close();
    listeners.forEach(UdpSocket::close);
    if (!done) {
      System.out.println("not every listener heard the broadcast within 10 s");
      System.exit(1);
    }
  }
}
