/**
 * The Linux net.udp provider, named {@code epoll}: sockets driven by epoll event loops, receiving
 * with {@code recvmmsg} into a native ring and sending queued datagrams with {@code sendmmsg},
 * all through the Foreign Function and Memory API. Needs Java 22 or later and native access:
 * {@code --enable-native-access=net.udp.epoll} on the module path, {@code
 * --enable-native-access=ALL-UNNAMED} on the class path (for {@code java -jar}, the line {@code
 * Enable-Native-Access: ALL-UNNAMED} in the application jar's manifest: the JVM reads it from the
 * main jar only). Where it cannot run it reports itself unavailable with the reason, and the
 * default selection falls back to {@code nio}. Asking whether it can run calls no native code.
 */
module net.udp.epoll {
  requires net.udp.provider;
  requires java.management; // to read --illegal-native-access without attempting a restricted call
  requires static org.jspecify;

  provides net.udp.spi.UdpProvider with
      net.udp.epoll.EpollProvider;
}
