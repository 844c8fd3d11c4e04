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

  /** Made by the tests. */
  public PlainProvider() {
    this(true);
  }

  private PlainProvider(boolean kernelConnects) {
    this.kernelConnects = kernelConnects;
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
    return new PlainProvider(false);
  }

  /**
   * What the plain provider lacks: a connected JDK channel sends no empty datagram, and kernel
   * drop counts come from {@code /proc}, on Linux only.
   *
   * @return the capabilities it lacks here
   */
  public static Set<Capability> lacks() {
    return PlainDrops.available() ? Set.of(Capability.EMPTY_WHEN_CONNECTED) : Set.of(Capability.EMPTY_WHEN_CONNECTED, Capability.KERNEL_DROPS);
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
    return new PlainSocket(callback, kernelConnects);
  }
}
