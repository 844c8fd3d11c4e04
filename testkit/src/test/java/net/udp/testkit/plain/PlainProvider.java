package net.udp.testkit.plain;

import java.util.Set;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import net.udp.testkit.Capability;
import org.jspecify.annotations.Nullable;

/**
 * A provider written without the provider kit, on the public API alone: blocking channels, a few
 * threads a socket, one lock. Simple rather than fast. It keeps the rules honest about what they
 * ask of any provider, rather than of one built like ours.
 */
public final class PlainProvider extends UdpProvider {
  /** Its name. */
  static final String NAME = "plain";

  private final boolean kernelConnects;
  private final boolean queuesEverySend;

  /** Made by the tests. */
  public PlainProvider() {
    this(true, false);
  }

  private PlainProvider(boolean kernelConnects, boolean queuesEverySend) {
    this.kernelConnects = kernelConnects;
    this.queuesEverySend = queuesEverySend;
  }

  /**
   * A variant whose sends made outside its callbacks always wait in the send queue for its
   * sender thread, instead of going out from the caller's thread, which blocks while the kernel's
   * buffer is full: its queue fills, so it shows the back-pressure rule catching its faults.
   *
   * @return the variant
   */
  public static PlainProvider queuingEverySend() {
    return new PlainProvider(true, true);
  }

  /**
   * A variant whose connected sockets leave the channel unconnected and keep to their peer by
   * themselves. A connected JDK channel cannot send an empty datagram; this variant can, so it
   * shows the rule on empty datagrams catching its fault. It hears of no ICMP error, so it is not
   * a correct provider otherwise.
   *
   * @return the variant
   */
  public static PlainProvider connectingInUserSpace() {
    return new PlainProvider(false, false);
  }

  /**
   * What the plain provider lacks: a connected JDK channel sends no empty datagram, and kernel
   * drop counts come from {@code /proc}, on Linux only.
   *
   * @return the capabilities it lacks here
   */
  public static Set<Capability> lacks() {
    return PlainDrops.available() ? Set.of(Capability.EMPTY_WHEN_CONNECTED, Capability.RECEIVE_METADATA, Capability.PATH_MTU,
        Capability.SEND_ECN, Capability.SEND_SOURCE)
        : Set.of(Capability.EMPTY_WHEN_CONNECTED, Capability.KERNEL_DROPS, Capability.RECEIVE_METADATA, Capability.PATH_MTU,
        Capability.SEND_ECN, Capability.SEND_SOURCE);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String apiVersion() {
    return API_VERSION;
  }

  @Override
  public Availability availability() {
    return Availability.ok();
  }

  @Override
  public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
    return new PlainSocket(callback, kernelConnects, queuesEverySend);
  }
}
