package net.udp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import net.udp.UdpCounters;
import net.udp.UdpServerGroup;
import net.udp.UdpServerGroupInfo;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;

/**
 * The one implementation of {@link UdpServerGroup}: members a provider made and bound, held
 * together. Its only state is the list, fixed when made, so any thread may call it; each call goes
 * to the members in order, one after another (not atomically across them).
 */
public final class ReusePortGroup implements UdpServerGroup {
  private final int port;
  private final List<UdpSocket> members;
  private final boolean steered;

  /**
   * Holds bound members.
   *
   * @param port the port every member is bound to
   * @param members the members, in the kernel's order
   * @param steered whether the provider steers datagrams by CPU
   */
  public ReusePortGroup(int port, List<UdpSocket> members, boolean steered) {
    this.port = port;
    this.members = List.copyOf(members);
    this.steered = steered;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public List<UdpSocket> members() {
    return members;
  }

  @Override
  public boolean steered() {
    return steered;
  }

  @Override
  public UdpServerGroup receive() {
    for (UdpSocket member : members) {
      member.receive();
    }
    return this;
  }

  @Override
  public UdpServerGroup pause() {
    for (UdpSocket member : members) {
      member.pause();
    }
    return this;
  }

  @Override
  public UdpServerGroupInfo info() {
    List<UdpSocketInfo> infos = new ArrayList<>(members.size());
    for (UdpSocket member : members) {
      infos.add(member.info());
    }
    return new GroupInfo(port, steered, List.copyOf(infos), sum(infos));
  }

  /** Closes every member, even when one throws; the first failure is thrown, the others added to it. */
  @Override
  public void close() {
    closeAll(members);
  }

  /**
   * Closes sockets, each even when an earlier one threw.
   *
   * @param sockets the sockets
   */
  public static void closeAll(List<UdpSocket> sockets) {
    RuntimeException failure = null;
    for (UdpSocket socket : sockets) {
      try {
        socket.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "UdpServerGroup[port=" + port + ", members=" + members.size() + ", steered=" + steered + "]";
  }

  static UdpCounters sum(List<UdpSocketInfo> infos) {
    long received = 0;
    long bytesReceived = 0;
    long truncated = 0;
    long dropped = 0;
    boolean dropsKnown = true;
    long sent = 0;
    long bytesSent = 0;
    long failed = 0;
    long callbackFailures = 0;
    for (UdpSocketInfo info : infos) {
      UdpCounters c = info.counters();
      received += c.datagramsReceived();
      bytesReceived += c.bytesReceived();
      truncated += c.datagramsTruncated();
      OptionalLong drops = c.datagramsDropped();
      dropsKnown &= drops.isPresent();
      dropped += drops.orElse(0);
      sent += c.datagramsSent();
      bytesSent += c.bytesSent();
      failed += c.sendsFailed();
      callbackFailures += c.callbackFailures();
    }
    return CountersBuilder.of()
        .received(received, bytesReceived)
        .truncated(truncated)
        .dropped(dropsKnown ? OptionalLong.of(dropped) : OptionalLong.empty())
        .sent(sent, bytesSent)
        .sendsFailed(failed)
        .callbackFailures(callbackFailures)
        .build();
  }

  /**
   * The snapshot.
   *
   * @param port see {@link UdpServerGroupInfo#port()}
   * @param steered see {@link UdpServerGroupInfo#steered()}
   * @param members see {@link UdpServerGroupInfo#members()}
   * @param counters see {@link UdpServerGroupInfo#counters()}
   */
  record GroupInfo(int port, boolean steered, List<UdpSocketInfo> members, UdpCounters counters) implements UdpServerGroupInfo {
    GroupInfo {
      Objects.requireNonNull(members, "members");
      Objects.requireNonNull(counters, "counters");
    }
  }
}
