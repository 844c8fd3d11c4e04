package net.udp.testkit.faults;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.SendCallback;
import net.udp.UdpCounters;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** Faults in what info() reports: rule group 8. */
final class InfoFaults {
  private InfoFaults() {}

  /** A socket that info() misreports. */
  private abstract static class Misreporting extends Delegating {
    Misreporting(UdpSocket delegate) {
      super(delegate);
    }

    abstract UdpSocketInfo misreport(UdpSocketInfo info);

    @Override
    public UdpSocketInfo info() {
      return misreport(delegate.info());
    }
  }

  /** Claims to collect the metadata it was asked for, though it collects none. */
  static UdpSocket claimsMetadataItLacks(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      private volatile java.util.Set<net.udp.UdpMetadata> asked = java.util.Set.of();

      @Override
      public UdpSocket setReceiveMetadata(java.util.Set<net.udp.UdpMetadata> what) {
        asked = java.util.Set.copyOf(what);
        return super.setReceiveMetadata(what);
      }

      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return i.closed() ? i : SocketInfoBuilder.from(i).receiveMetadata(asked).build();
      }
    };
  }

  /** Takes note of don't-fragment, and shows it in info(), but never sets it. */
  static UdpSocket dontFragmentOnlyNoted(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      private volatile boolean noted;

      @Override
      public UdpSocket setDontFragment(boolean enabled) {
        noted = enabled;
        return this;
      }

      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return SocketInfoBuilder.from(i).dontFragment(noted).build();
      }
    };
  }

  /** A socket not yet bound claims the versions it has enabled, as if it carried them. */
  static UdpSocket unboundClaimsVersions(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return i.closed() ? SocketInfoBuilder.from(i).carries(i.ipv4Enabled(), i.ipv6Enabled()).build() : i;
      }
    };
  }

  /**
   * info().receiving() is true in continuous mode only: a socket armed by receiveOne, its
   * datagram not yet delivered, reads as paused.
   */
  static UdpSocket receivingOnlyWhenContinuous(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      private volatile boolean one;

      @Override
      public UdpSocket receiveOne() {
        one = true;
        return super.receiveOne();
      }

      @Override
      public UdpSocket receive() {
        one = false;
        return super.receive();
      }

      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return one ? SocketInfoBuilder.from(i).receiving(false).build() : i;
      }
    };
  }

  /**
   * No drop count for a dual-stack socket: a provider that looks a socket's drops up under the
   * wrong family (an IPv4 table for a socket that is IPv6 to the kernel).
   */
  static UdpSocket dualStackDropsUnknown(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        java.net.InetSocketAddress local = i.localAddress();
        boolean wildcard = local != null && local.getAddress().isAnyLocalAddress();
        return wildcard ? SocketInfoBuilder.from(i).counters(CountersBuilder.from(i.counters()).dropped(OptionalLong.empty()).build()).build() : i;
      }
    };
  }

  /**
   * A socket of both versions bound to a specific IPv6 address reports itself dual-stack, as one
   * bound to the wildcard is: a test of "IPv6-only or not" that forgets the bound address.
   */
  static UdpSocket boundIPv6ClaimsIPv4(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        InetSocketAddress local = i.localAddress();
        if (local == null || !(local.getAddress() instanceof java.net.Inet6Address) || local.getAddress().isAnyLocalAddress()) {
          return i;
        }
        return SocketInfoBuilder.from(i).carries(true, i.ipv6())
            .localAddresses(local, new InetSocketAddress("0.0.0.0", local.getPort()), i.localAddressIPv6()).build();
      }
    };
  }

  /** A send buffer size asked for before binding is applied as the receive buffer's (a copy-paste slip). */
  static UdpSocket sendBufferSetAsReceiveBuffer(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      @Override
      public UdpSocket setSocketSendBuffer(int bytes) {
        if (delegate.isClosed()) {
          delegate.setSocketReceiveBuffer(bytes);
          return this;
        }
        return super.setSocketSendBuffer(bytes);
      }
    };
  }

  /** info() says closed even when the socket is open. */
  static UdpSocket infoAlwaysClosed(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return SocketInfoBuilder.from(i).closed(true).build();
      }
    };
  }

  /** info() leaves out the peer of a connected socket. */
  static UdpSocket peerLeftOut(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return SocketInfoBuilder.from(i).connectedAddress(null).build();
      }
    };
  }

  /** After close, info() still shows the addresses the socket had. */
  static UdpSocket closedKeepsAddresses(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      private volatile @Nullable UdpSocketInfo last;

      @Override
      public void close() {
        last = delegate.info();
        super.close();
      }

      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        UdpSocketInfo before = last;
        if (!i.closed() || before == null || before.localAddress() == null) {
          return i;
        }
        return SocketInfoBuilder.from(i).localAddresses(before.localAddress(), before.localAddressIPv4(), before.localAddressIPv6()).build();
      }
    };
  }

  /** Counts the UDP header (8 bytes) into every datagram's bytes sent. */
  static UdpSocket countsHeaders(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        UdpCounters c = i.counters();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(c).sent(c.datagramsSent(), c.bytesSent() + 8 * c.datagramsSent()).build()).build();
      }
    };
  }

  /** info() forgets the user data. */
  static UdpSocket userDataForgotten(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return SocketInfoBuilder.from(i).userData(null).build();
      }
    };
  }

  /** New sockets start with no timeout, whatever Udp's default is. */
  static UdpSocket defaultTimeoutIgnored(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket.setTimeout(null)) {};
  }

  /** Counts drops from the next datagram's ancillary data, so a paused socket reports none. */
  static UdpSocket dropsLag(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        UdpCounters c = i.counters();
        return c.datagramsDropped().isEmpty() ? i : SocketInfoBuilder.from(i).counters(CountersBuilder.from(c).dropped(OptionalLong.of(0)).build()).build();
      }
    };
  }

  /** Reports the receive buffer size asked for, not what the kernel made of it. */
  static UdpSocket receiveBufferAsAsked(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      private volatile int asked;

      @Override
      public UdpSocket setSocketReceiveBuffer(int bytes) {
        super.setSocketReceiveBuffer(bytes);
        asked = bytes;
        return this;
      }

      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        return asked == 0 ? i : SocketInfoBuilder.from(i).socketReceiveBuffer(asked).build();
      }
    };
  }

  /** Reports one drop more than the kernel counted. */
  static UdpSocket oneDropTooMany(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        UdpCounters c = i.counters();
        OptionalLong d = c.datagramsDropped();
        return d.isEmpty() ? i : SocketInfoBuilder.from(i).counters(CountersBuilder.from(c).dropped(OptionalLong.of(d.getAsLong() + 1)).build()).build();
      }
    };
  }

  /** Counts a failed send as sent, and not as failed. */
  static UdpSocket failuresCountedAsSent(UdpSocket socket, FaultyProvider provider) {
    return new Misreporting(socket) {
      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        UdpCounters c = i.counters();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(c).sent(c.datagramsSent() + c.sendsFailed(), c.bytesSent()).sendsFailed(0).build()).build();
      }
    };
  }

  /** Does not count a send that fails while it waits in the queue (here, for its name). */
  static UdpSocket queuedFailuresUncounted(UdpSocket socket, FaultyProvider provider) {
    java.util.concurrent.atomic.AtomicLong uncounted = new java.util.concurrent.atomic.AtomicLong();
    return new Misreporting(socket) {
      @Override
      public UdpSocket send(ByteBuffer message, InetSocketAddress target, long tag, @Nullable SendCallback onSent) {
        String host = target.getHostString();
        return super.send(message, target, tag, (t, failure) -> {
          if (failure != null && failure.getMessage() != null && failure.getMessage().contains(host) && !host.matches("[0-9.:\\[\\]]+")) {
            uncounted.incrementAndGet();
          }
          if (onSent != null) {
            onSent.onSent(t, failure);
          }
        });
      }

      @Override
      UdpSocketInfo misreport(UdpSocketInfo i) {
        UdpCounters c = i.counters();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(c).sendsFailed(c.sendsFailed() - uncounted.get()).build()).build();
      }
    };
  }

  /**
   * A reopen resets every counter but callbackFailures, the counter added last and left out of the
   * list that resets them: the old life's failed callbacks stay counted.
   */
  static UdpSocket callbackFailuresOutliveAReopen(UdpSocket socket, FaultyProvider provider) {
    return new Delegating(socket) {
      private final AtomicLong carried = new AtomicLong();

      @Override
      public void close() {
        long before = delegate.info().counters().callbackFailures();
        super.close();
        carried.addAndGet(before);
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(i.counters()).callbackFailures(i.counters().callbackFailures() + carried.get()).build())
            .build();
      }
    };
  }
}
