/**
 * The Linux net.udp provider, named {@code epoll}: sockets driven by epoll event loops, receiving
 * with {@code recvmmsg} into a native ring and sending queued datagrams with {@code sendmmsg},
 * all through the Foreign Function and Memory API. Needs Java 22 or later and native access:
 * {@code --enable-native-access=net.udp.epoll} on the module path, {@code
 * --enable-native-access=ALL-UNNAMED} on the class path. Where it cannot run it reports itself
 * unavailable with the reason, and the default selection falls back to {@code nio}.
 */
module net.udp.epoll {
  requires net.udp.provider;
  requires static org.jspecify;

  provides net.udp.spi.UdpProvider with
      net.udp.epoll.EpollProvider;
}
