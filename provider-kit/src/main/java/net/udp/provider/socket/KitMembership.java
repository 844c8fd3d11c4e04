package net.udp.provider.socket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import net.udp.Udp;
import net.udp.UdpMembership;
import net.udp.UdpMulticastInfo;
import net.udp.provider.OsSocket;
import org.jspecify.annotations.Nullable;

/**
 * A membership as the kit hands it out: it checks each call, and runs it on the operating-system
 * socket under the socket's state lock, so that it never races a close. It belongs to one life of
 * the socket and ends with it.
 */
final class KitMembership implements UdpMembership {
  private final Lifecycle life;
  private final Multicast multicast;
  private final Opened in;
  private final OsSocket.Membership os;
  private final InetAddress group;
  private final String networkInterface;
  private final @Nullable InetAddress source;
  private final Set<InetAddress> blocked = new LinkedHashSet<>(); // guarded by the state lock
  private volatile boolean valid = true; // written under the state lock

  KitMembership(Lifecycle life, Multicast multicast, Opened in, OsSocket.Membership os, InetAddress group, String networkInterface,
      @Nullable InetAddress source) {
    this.life = life;
    this.multicast = multicast;
    this.in = in;
    this.os = os;
    this.group = group;
    this.networkInterface = networkInterface;
    this.source = source;
  }

  @Override
  public InetAddress group() {
    return group;
  }

  @Override
  public String networkInterface() {
    return networkInterface;
  }

  @Override
  public @Nullable InetAddress source() {
    return source;
  }

  @Override
  public Set<InetAddress> blocked() {
    return life.onOpenOrElse(o -> Set.copyOf(blocked), Set.of());
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public UdpMembership block(String sourceText) {
    String operation = "block " + sourceText + " in " + this;
    InetAddress s = sourceOf(operation, sourceText);
    life.onOpen(operation, o -> {
      requireHolds(operation, o);
      if (source != null) {
        throw new IllegalStateException(operation + ": a source-specific membership delivers one source only; there is nothing to block");
      }
      if (!blocked.contains(s)) {
        os.block(s);
        blocked.add(s);
      }
      return this;
    });
    return this;
  }

  @Override
  public UdpMembership unblock(String sourceText) {
    String operation = "unblock " + sourceText + " in " + this;
    InetAddress s = sourceOf(operation, sourceText);
    life.onOpen(operation, o -> {
      requireHolds(operation, o);
      if (!blocked.contains(s)) {
        throw new IllegalStateException(operation + ": that source is not blocked");
      }
      os.unblock(s);
      blocked.remove(s);
      return this;
    });
    return this;
  }

  @Override
  public void drop() {
    if (!valid) {
      return;
    }
    life.onOpenOrElse(o -> {
      if (valid && o == in) {
        valid = false;
        multicast.dropped(this);
        os.drop();
      }
      return this;
    }, this);
  }

  /** The socket closed, and the kernel left the group with it; under the state lock. */
  void invalidate() {
    valid = false;
  }

  /** What {@code info()} shows; under the state lock. */
  UdpMulticastInfo.Membership snapshot() {
    return UdpMulticastInfo.Membership.of(group, networkInterface, source, blocked);
  }

  private void requireHolds(String operation, Opened o) {
    if (!valid || o != in) {
      throw new IllegalStateException(operation + ": the membership was dropped, or its socket closed since");
    }
  }

  private InetAddress sourceOf(String operation, String text) {
    InetSocketAddress parsed = Udp.parseAddress(text, 0).orElse(null);
    if (parsed == null || parsed.isUnresolved()) {
      throw new IllegalArgumentException(operation + ": a source is an IP literal");
    }
    InetAddress s = parsed.getAddress();
    if ((s instanceof Inet4Address) != (group instanceof Inet4Address)) {
      throw new IllegalArgumentException(operation + ": the source is not of the group's IP version");
    }
    return s;
  }

  @Override
  public String toString() {
    return Multicast.text(group) + " on " + networkInterface + (source == null ? "" : " from " + Multicast.text(source));
  }
}
