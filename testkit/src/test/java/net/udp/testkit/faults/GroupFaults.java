package net.udp.testkit.faults;

import java.util.List;
import net.udp.ReceiveCallback;
import net.udp.UdpCounters;
import net.udp.UdpServerGroup;
import net.udp.UdpServerGroupInfo;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.ServerGroups;
import org.jspecify.annotations.Nullable;

/** Faults in server groups: rule group 20. Each opens a group of the faulty provider's sockets. */
final class GroupFaults {
  private GroupFaults() {}

  /** A correct group of the provider's sockets, made the way the API's default makes one. */
  private static UdpServerGroup correct(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> provider.newSocket(callback), members -> false);
  }

  /** Binds every member but the first to the port asked for: with port 0, each to a port of its own. */
  static UdpServerGroup membersOnPortsOfTheirOwn(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> new Delegating(provider.newSocket(callback)) {
      @Override
      public UdpSocket listen(int given) {
        return super.listen(i == 0 ? given : port);
      }
    }, members -> false);
  }

  /**
   * Binds every member but the first to 127.0.0.2, on the group's port, where no client sends: the
   * first gets every datagram, as when members share a port without SO_REUSEPORT's spreading.
   */
  static UdpServerGroup othersOnAnAddressNoOneSendsTo(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> {
      UdpSocket member = new Delegating(provider.newSocket(null)) {
        @Override
        public UdpSocket listen(int given) {
          return i == 0 ? super.listen(given) : super.listen("127.0.0.2", given);
        }
      };
      return callback == null ? member : member.setCallback(callback); // datagrams name the member the group lists
    }, members -> false);
  }

  /** Steers groups of three or more members, and not groups of two: an off-by-one in when to steer. */
  static UdpServerGroup groupsOfTwoUnsteered(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> provider.newSocket(callback), members -> members.size() > 2);
  }

  /** Sums only the first member's counters in {@code info()}. */
  static UdpServerGroup sumsTheFirstMemberOnly(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return new DelegatingGroup(correct(provider, port, size, callback)) {
      @Override
      public UdpServerGroupInfo info() {
        UdpServerGroupInfo info = delegate.info();
        return new GroupInfo(info.port(), info.steered(), info.members(), info.members().get(0).counters());
      }
    };
  }

  /** Binds its members to 0.0.0.0, so that IPv6 clients reach none of them. */
  static UdpServerGroup membersOnIPv4Only(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return ServerGroups.open(port, size, i -> new Delegating(provider.newSocket(callback)) {
      @Override
      public UdpSocket listen(int asked) {
        return super.listen("0.0.0.0", asked);
      }
    }, members -> false);
  }

  /** Closes its first member only. */
  static UdpServerGroup closesTheFirstMemberOnly(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return new DelegatingGroup(correct(provider, port, size, callback)) {
      @Override
      public void close() {
        delegate.members().get(0).close();
      }
    };
  }

  /** Opens one member more than asked. */
  static UdpServerGroup oneMemberTooMany(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    return correct(provider, port, size + 1, callback);
  }

  /** Takes a size below one for a group of no members. */
  static UdpServerGroup acceptsNoMembers(FaultyProvider provider, int port, int size, @Nullable ReceiveCallback callback) {
    if (size >= 1) {
      return correct(provider, port, size, callback);
    }
    return new UdpServerGroup() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public List<UdpSocket> members() {
        return List.of();
      }

      @Override
      public boolean steered() {
        return false;
      }

      @Override
      public UdpServerGroup receive() {
        return this;
      }

      @Override
      public UdpServerGroup pause() {
        return this;
      }

      @Override
      public UdpServerGroupInfo info() {
        return new GroupInfo(port, false, List.of(), UdpCounters.NONE);
      }

      @Override
      public void close() {}
    };
  }

  /** A group that does what another does; faults override what they break. */
  private abstract static class DelegatingGroup implements UdpServerGroup {
    final UdpServerGroup delegate;

    DelegatingGroup(UdpServerGroup delegate) {
      this.delegate = delegate;
    }

    @Override
    public int port() {
      return delegate.port();
    }

    @Override
    public List<UdpSocket> members() {
      return delegate.members();
    }

    @Override
    public boolean steered() {
      return delegate.steered();
    }

    @Override
    public UdpServerGroup receive() {
      delegate.receive();
      return this;
    }

    @Override
    public UdpServerGroup pause() {
      delegate.pause();
      return this;
    }

    @Override
    public UdpServerGroupInfo info() {
      return delegate.info();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A snapshot a fault makes. */
  private record GroupInfo(int port, boolean steered, List<UdpSocketInfo> members, UdpCounters counters) implements UdpServerGroupInfo {}
}
