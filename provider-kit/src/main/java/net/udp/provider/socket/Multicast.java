package net.udp.provider.socket;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpMembership;
import net.udp.UdpMulticastInfo;
import net.udp.provider.OsSocket;
import org.jspecify.annotations.Nullable;

/**
 * A socket's multicast settings, kept across its lives and applied to each operating-system socket
 * when it opens, and the memberships of the current life, which end with it. Guarded by the
 * socket's state lock ({@link Lifecycle#onOpen}); the settings are also read by {@code info()}.
 */
final class Multicast {
  private volatile @Nullable NetworkInterface out;
  private volatile int ttl = 1;
  private volatile boolean loopback = true;
  private final List<KitMembership> members = new ArrayList<>(); // guarded by the state lock

  /** Applies the settings that differ from the operating system's defaults to a new socket. */
  void applyTo(OsSocket os) throws IOException {
    NetworkInterface nif = out;
    if (nif != null) {
      os.setMulticastInterface(nif);
    }
    if (ttl != 1) {
      os.setMulticastTtl(ttl);
    }
    if (!loopback) {
      os.setMulticastLoopback(false);
    }
  }

  void outgoing(@Nullable NetworkInterface nif) {
    out = nif;
  }

  void ttl(int hops) {
    ttl = hops;
  }

  void loopback(boolean enabled) {
    loopback = enabled;
  }

  /**
   * Joins a group, after checking the arguments as the API says; from the user's thread.
   *
   * @throws IllegalArgumentException for a group or source that is not a literal of the right kind
   */
  UdpMembership join(Lifecycle life, String group, @Nullable String networkInterface, @Nullable String source) {
    String operation = "join " + group + (networkInterface == null ? "" : " on " + networkInterface) + (source == null ? "" : " from " + source);
    InetAddress g = literal(operation, group, "a group");
    if (!g.isMulticastAddress()) {
      throw new IllegalArgumentException(operation + ": " + group + " is not a multicast address (224.0.0.0/4, ff00::/8)");
    }
    InetAddress s = source == null ? null : literal(operation, source, "a source");
    if (s != null && (s instanceof Inet4Address) != (g instanceof Inet4Address)) {
      throw new IllegalArgumentException(operation + ": the source is not of the group's IP version");
    }
    NetworkInterface nif = networkInterface == null ? routeTo(g, operation) : byName(networkInterface, operation);
    return life.onOpen(operation, o -> join(life, o, g, nif, s));
  }

  private static InetAddress literal(String operation, String text, String what) {
    InetSocketAddress parsed = Udp.parseAddress(text, 0)
        .orElseThrow(() -> new IllegalArgumentException(operation + ": " + what + " is an IP literal, not \"" + text + "\""));
    if (parsed.isUnresolved()) {
      throw new IllegalArgumentException(operation + ": " + what + " is an IP literal, not the name " + text);
    }
    return parsed.getAddress();
  }

  /** Joins on the open socket; under the state lock. */
  UdpMembership join(Lifecycle life, Opened o, InetAddress group, NetworkInterface nif, @Nullable InetAddress source) throws IOException {
    String where = text(group) + " on " + nif.getName();
    String problem = o.familyProblem(group);
    if (problem != null) {
      throw new UdpException("join " + where + ": " + problem);
    }
    for (KitMembership m : members) {
      if (m.group().equals(group) && m.networkInterface().equals(nif.getName()) && Objects.equals(m.source(), source)) {
        throw new IllegalStateException("join " + where + (source == null ? "" : " from " + text(source))
            + ": the socket is already a member");
      }
    }
    KitMembership m = new KitMembership(life, this, o, o.os().join(group, nif, source), group, nif.getName(), source);
    members.add(m);
    return m;
  }

  /** A membership was dropped; under the state lock. */
  void dropped(KitMembership m) {
    members.remove(m);
  }

  /** The socket closed: every membership ends with it; under the state lock. */
  void retire() {
    for (KitMembership m : members) {
      m.invalidate();
    }
    members.clear();
  }

  /**
   * The settings and the current memberships; under the state lock. The TTL and loopback are read
   * from the open socket where the provider can, so that what is shown is what is in effect.
   */
  UdpMulticastInfo describe(@Nullable OsSocket os) {
    NetworkInterface nif = out;
    List<UdpMulticastInfo.Membership> now = new ArrayList<>();
    for (KitMembership m : members) {
      now.add(m.snapshot());
    }
    int hops = ttl;
    boolean loop = loopback;
    if (os != null) {
      try {
        hops = os.multicastTtl();
        loop = os.multicastLoopback();
      } catch (IOException | UnsupportedOperationException e) {
        // a provider without multicast, or a socket closing: the settings as asked
      }
    }
    return UdpMulticastInfo.of(nif == null ? null : nif.getName(), hops, loop, now);
  }

  /** An address as the API writes it ({@code 239.1.2.3}, {@code ff15::1}), without a port. */
  static String text(InetAddress address) {
    String t = Udp.formatAddress(new InetSocketAddress(address, 0));
    t = t.substring(0, t.lastIndexOf(':'));
    return t.startsWith("[") ? t.substring(1, t.length() - 1) : t;
  }

  /**
   * The interface the operating system's route to a group takes: the one that holds the local
   * address a socket connected to the group is given. Asked once per join that names none, so
   * that every provider joins where the kernel would.
   */
  static NetworkInterface routeTo(InetAddress group, String operation) {
    StandardProtocolFamily family = group instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    try (DatagramChannel probe = DatagramChannel.open(family)) {
      probe.connect(new InetSocketAddress(group, 9));
      InetAddress local = ((InetSocketAddress) Objects.requireNonNull(probe.getLocalAddress())).getAddress();
      NetworkInterface nif = NetworkInterface.getByInetAddress(local);
      if (nif == null) {
        throw new UdpException(operation + ": no interface holds " + text(local) + ", the route's source address; name one");
      }
      return nif;
    } catch (IOException e) {
      throw new UdpException(operation + ": no route to the group (" + Reasons.of(e) + "); name the interface to join on", e);
    }
  }

  /**
   * An interface by name, checked for multicast.
   *
   * @throws IllegalArgumentException when there is none of that name
   * @throws UdpException when it is down or has no multicast
   */
  static NetworkInterface byName(String name, String operation) {
    NetworkInterface nif;
    try {
      nif = NetworkInterface.getByName(name);
    } catch (SocketException e) {
      throw new UdpException(operation + ": interface " + name + ": " + Reasons.of(e), e);
    }
    if (nif == null) {
      throw new IllegalArgumentException(operation + ": there is no network interface named " + name);
    }
    try {
      if (!nif.isUp() || !nif.supportsMulticast()) {
        throw new UdpException(operation + ": interface " + name + " cannot multicast (" + (nif.isUp() ? "it has no MULTICAST flag" : "it is down") + ")");
      }
    } catch (SocketException e) {
      throw new UdpException(operation + ": interface " + name + ": " + Reasons.of(e), e);
    }
    return nif;
  }
}
