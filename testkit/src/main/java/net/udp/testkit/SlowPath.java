package net.udp.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import net.udp.UdpSocket;

/**
 * The slow path of the pressure rules: in the network namespace {@link MulticastNet#SETUP} makes,
 * datagrams to {@value #ADDRESS} leave loopback at 8 Mbit/s, so that a sender with a small {@code
 * SO_SNDBUF} finds the kernel's send buffer full, as a real link does. Loopback alone never
 * refuses a UDP send (the kernel frees a datagram's buffer space as it hands it over), so without
 * this path no rule could see a provider handle a full buffer.
 */
public final class SlowPath {
  private SlowPath() {}

  /** The address whose datagrams are slowed; a loopback address, bound by the receiving side. */
  public static final String ADDRESS = "127.0.0.9";

  /** The send buffer a pressure rule asks for: the kernel's smallest, a few datagrams. */
  public static final int SEND_BUFFER = 4096;

  private static final int PROBES = 256;

  /**
   * A socket of the rule on the slow path's address that puts what it receives in {@code inbox},
   * with room in its kernel buffer for every datagram a rule sends.
   *
   * @return its address, where the slow path goes
   */
  static InetSocketAddress receiver(Rig rig, Inbox inbox) {
    UdpSocket receiver = rig.socket(inbox).setSocketReceiveBuffer(1 << 22).listen(ADDRESS, 0).receive();
    return new InetSocketAddress(ADDRESS, Rig.port(receiver));
  }

  /**
   * Why the pressure rules cannot fill a send buffer here, if they cannot. A plain JDK channel
   * with a small send buffer sends to the slow address until the kernel refuses a datagram; on
   * plain loopback it never does.
   *
   * @return the reason, or empty when a send buffer can be filled here
   */
  public static Optional<String> whyNotHere() {
    Optional<String> net = MulticastNet.whyNotHere();
    if (net.isPresent()) {
      return Optional.of("no slow path to " + ADDRESS + ": " + net.get());
    }
    try (DatagramChannel receiver = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
      receiver.bind(new InetSocketAddress(ADDRESS, 0));
      sender.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
      sender.configureBlocking(false);
      ByteBuffer payload = ByteBuffer.allocate(1000);
      for (int i = 0; i < PROBES; i++) {
        if (sender.send(payload.clear(), receiver.getLocalAddress()) == 0) {
          return Optional.empty();
        }
      }
      return Optional.of("datagrams to " + ADDRESS + " are not slowed here: " + PROBES + " sends of 1000 bytes never filled a "
          + SEND_BUFFER + "-byte send buffer (" + MulticastNet.SETUP + " shapes it with tc's HTB, which this kernel may lack)");
    } catch (IOException e) {
      return Optional.of("no slow path to " + ADDRESS + ": " + e.getMessage());
    }
  }
}
