package net.udp.testkit.plain;

import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;

/**
 * A provider written without the provider kit, on the public API alone: blocking channels, a few
 * threads a socket, one lock. Simple rather than fast. It keeps the rules honest about what they
 * ask of any provider, rather than of one built like ours.
 */
public final class PlainProvider extends UdpProvider {
  /** Its name. */
  static final String NAME = "plain";

  /** Made by the tests. */
  public PlainProvider() {}

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
    return new PlainSocket(callback);
  }
}
