package net.udp.benchmarks;

import java.io.IOException;
import java.util.Arrays;

/** Who is measured: our two providers, the plain JDK, and Netty's NIO and epoll transports. */
enum Contender {
  /** net.udp's epoll provider (recvmmsg through FFM). */
  EPOLL("epoll"),
  /** net.udp's epoll provider with receive offload (UDP_GRO) asked for. */
  EPOLL_GRO("epoll-gro"),
  /** net.udp's epoll provider collecting every kind of receive metadata, which the callback reads. */
  EPOLL_META("epoll-meta"),
  /** net.udp's nio provider. */
  NIO("nio"),
  /** A plain non-blocking {@code DatagramChannel} loop: the floor for anything built on NIO. */
  JDK("jdk"),
  /** Netty 4.2's NIO transport. */
  NETTY_NIO("netty-nio"),
  /** Netty 4.2's native epoll transport, with recvmmsg enabled. */
  NETTY_EPOLL("netty-epoll");

  final String label;

  Contender(String label) {
    this.label = label;
  }

  static Contender of(String label) {
    return Arrays.stream(values())
        .filter(c -> c.label.equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no contender " + label));
  }

  /** A receiver of this contender on 127.0.0.1, with a large kernel buffer. */
  Receiver receiver(int payload, int batch) throws IOException, InterruptedException {
    return switch (this) {
      case EPOLL, NIO -> new UdpReceiver(label, false, false);
      case EPOLL_GRO -> new UdpReceiver("epoll", true, false);
      case EPOLL_META -> new UdpReceiver("epoll", false, true);
      case JDK -> new JdkReceiver();
      case NETTY_NIO -> new NettyReceiver(false, payload, batch);
      case NETTY_EPOLL -> new NettyReceiver(true, payload, batch);
    };
  }
}
