package net.udp.testkit;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The network the multicast rules run on, and nowhere else: a network namespace with nothing but
 * loopback and a veth pair whose two ends are both inside it ({@code mc0}: 10.9.0.1, 10.9.0.3,
 * fd00:9::1, fd00:9::3; {@code mc1}: 10.9.0.2, fd00:9::2), as {@code netns-setup.sh} (a resource
 * of this package) makes it. A datagram sent out of {@code mc0} arrives at {@code mc1}, and no
 * datagram can leave the machine. The runner's {@code --namespace} makes one; so does the
 * repository's {@code scripts/netns-java} for its own tests.
 */
public final class MulticastNet {
  private MulticastNet() {}

  /** The end datagrams are sent from. */
  public static final String SENDER = "mc0";

  /** The other end, where they arrive. */
  public static final String RECEIVER = "mc1";

  /** The setup script, a resource beside this class. */
  public static final String SETUP = "netns-setup.sh";

  /** The addresses the setup gives each interface. */
  private static final List<List<String>> EXPECTED = List.of(
      List.of(SENDER, "10.9.0.1", "10.9.0.3", "fd00:9::1", "fd00:9::3"),
      List.of(RECEIVER, "10.9.0.2", "fd00:9::2"));

  /**
   * Why the multicast rules cannot run here, if they cannot: an interface other than loopback and
   * the pair (multicast could leave the machine), or the pair missing.
   *
   * @return the reason, or empty when this is the namespace they need
   */
  public static Optional<String> whyNotHere() {
    List<NetworkInterface> all;
    try {
      all = Collections.list(NetworkInterface.getNetworkInterfaces());
    } catch (SocketException e) {
      return Optional.of("the network interfaces cannot be listed: " + e.getMessage());
    }
    List<String> names = new ArrayList<>();
    for (NetworkInterface nif : all) {
      names.add(nif.getName());
    }
    String advice = " (the multicast rules run only in a network namespace of their own, made as " + SETUP
        + " says: give the runner --namespace; in a JUnit run, start the test JVM in one, for example as Surefire's <jvm>"
        + " a script that runs: unshare -rn sh -c 'java -jar udp-testkit-VERSION-runner.jar --netns-setup | sh && exec java \"$@\"' java \"$@\";"
        + " interfaces here: " + names + ")";
    for (NetworkInterface nif : all) {
      boolean loopback;
      try {
        loopback = nif.isLoopback();
      } catch (SocketException e) {
        loopback = false;
      }
      if (!loopback && !Set.of(SENDER, RECEIVER).contains(nif.getName())) {
        return Optional.of("interface " + nif.getName() + " could carry multicast off the machine" + advice);
      }
    }
    for (List<String> expected : EXPECTED) {
      try {
        NetworkInterface nif = NetworkInterface.getByName(expected.get(0));
        if (nif == null || !nif.isUp() || !nif.supportsMulticast()) {
          return Optional.of("interface " + expected.get(0) + " is missing or down" + advice);
        }
        List<InetAddress> has = Collections.list(nif.getInetAddresses());
        for (String address : expected.subList(1, expected.size())) {
          if (!has.contains(InetAddress.getByName(address))) {
            return Optional.of("interface " + expected.get(0) + " lacks " + address + advice);
          }
        }
      } catch (java.io.IOException e) {
        return Optional.of("interface " + expected.get(0) + ": " + e.getMessage() + advice);
      }
    }
    return Optional.empty();
  }
}
