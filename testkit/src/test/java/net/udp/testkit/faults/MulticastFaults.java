package net.udp.testkit.faults;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import net.udp.UdpMembership;
import net.udp.UdpMulticastInfo;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** Faults in multicast: rule group 13. */
final class MulticastFaults {
  private MulticastFaults() {}

  /** A membership that says it joined, and did nothing. */
  private static UdpMembership pretend(String group, @Nullable String networkInterface, @Nullable String source) {
    InetAddress g = ip(group);
    return new UdpMembership() {
      private boolean valid = true;

      @Override
      public InetAddress group() {
        return g;
      }

      @Override
      public String networkInterface() {
        return networkInterface == null ? "?" : networkInterface;
      }

      @Override
      public @Nullable InetAddress source() {
        return source == null ? null : ip(source);
      }

      @Override
      public Set<InetAddress> blocked() {
        return Set.of();
      }

      @Override
      public boolean isValid() {
        return valid;
      }

      @Override
      public UdpMembership block(String s) {
        return this;
      }

      @Override
      public UdpMembership unblock(String s) {
        return this;
      }

      @Override
      public void drop() {
        valid = false;
      }
    };
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A membership that passes every call on, but for what a fault overrides. */
  private static class Passing implements UdpMembership {
    final UdpMembership real;

    Passing(UdpMembership real) {
      this.real = real;
    }

    @Override
    public InetAddress group() {
      return real.group();
    }

    @Override
    public String networkInterface() {
      return real.networkInterface();
    }

    @Override
    public @Nullable InetAddress source() {
      return real.source();
    }

    @Override
    public Set<InetAddress> blocked() {
      return real.blocked();
    }

    @Override
    public boolean isValid() {
      return real.isValid();
    }

    @Override
    public UdpMembership block(String s) {
      real.block(s);
      return this;
    }

    @Override
    public UdpMembership unblock(String s) {
      real.unblock(s);
      return this;
    }

    @Override
    public void drop() {
      real.drop();
    }
  }

  /** Joins of IPv4 groups are answered with a membership, and never made. */
  static UdpSocket ipv4GroupsNotJoined(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return group.contains(":") ? super.join(group, networkInterface, source) : pretend(group, networkInterface, source);
      }
    };
  }

  /** Joins of IPv6 groups are answered with a membership, and never made. */
  static UdpSocket ipv6GroupsNotJoined(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return !group.contains(":") ? super.join(group, networkInterface, source) : pretend(group, networkInterface, source);
      }
    };
  }

  /** A source-specific join is made for any source. */
  static UdpSocket sourceIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return super.join(group, networkInterface, null);
      }
    };
  }

  /** drop() ends the membership's validity, but does not leave the group. */
  static UdpSocket dropLeavesNothing(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return new Passing(super.join(group, networkInterface, source)) {
          private boolean dropped;

          @Override
          public boolean isValid() {
            return !dropped && real.isValid();
          }

          @Override
          public void drop() {
            dropped = true;
          }
        };
      }
    };
  }

  /** block() is recorded, and never given to the kernel. */
  static UdpSocket blockRecordedOnly(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return new Passing(super.join(group, networkInterface, source)) {
          private final Set<InetAddress> blocked = new LinkedHashSet<>();

          @Override
          public Set<InetAddress> blocked() {
            return Set.copyOf(blocked);
          }

          @Override
          public UdpMembership block(String s) {
            blocked.add(ip(s));
            return this;
          }

          @Override
          public UdpMembership unblock(String s) {
            blocked.remove(ip(s));
            return this;
          }
        };
      }
    };
  }

  /** setMulticastTtl does nothing. */
  static UdpSocket ttlIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setMulticastTtl(int hops) {
        return this;
      }
    };
  }

  /** setMulticastLoopback does nothing. */
  static UdpSocket loopbackIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setMulticastLoopback(boolean enabled) {
        return this;
      }
    };
  }

  /** A group is joined once per port: a second socket on the port that joins it is answered, and not joined. */
  static UdpSocket oneMemberPerPort(UdpSocket socket, FaultyProvider provider) {
    Set<String> joined = PER_PORT;
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        String key = group + "@" + delegate.info().localPort();
        synchronized (joined) {
          if (!joined.add(key)) {
            return pretend(group, networkInterface, source);
          }
        }
        return super.join(group, networkInterface, source);
      }
    };
  }

  /** The groups already joined on a port, for the one-member-per-port fault. */
  static final Set<String> PER_PORT = new HashSet<>();

  /** info() leaves out the blocked sources. */
  static UdpSocket blockedLeftOutOfInfo(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        UdpMulticastInfo m = i.multicast();
        return SocketInfoBuilder.from(i).multicast(UdpMulticastInfo.of(m.networkInterface(), m.ttl(), m.loopback(),
            m.memberships().stream().map(x -> UdpMulticastInfo.Membership.of(x.group(), x.networkInterface(), x.source(), Set.of())).toList())).build();
      }
    };
  }

  /** join accepts a unicast address, and answers with a membership that does nothing. */
  static UdpSocket unicastJoinAccepted(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return ip(group).isMulticastAddress() ? super.join(group, networkInterface, source) : pretend(group, networkInterface, source);
      }
    };
  }

  /** A membership stays valid after its socket closes. */
  static UdpSocket membershipsOutliveClose(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpMembership join(String group, @Nullable String networkInterface, @Nullable String source) {
        return new Passing(super.join(group, networkInterface, source)) {
          private boolean dropped;

          @Override
          public boolean isValid() {
            return !dropped;
          }

          @Override
          public void drop() {
            dropped = true;
            real.drop();
          }
        };
      }
    };
  }
}
