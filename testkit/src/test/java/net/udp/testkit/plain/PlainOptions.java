package net.udp.testkit.plain;

import java.time.Duration;
import net.udp.ErrorListener;
import net.udp.Udp;
import net.udp.UdpSocket;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/** The settings of a {@link PlainSocket}, kept across its opens. Guarded by the socket's lock. */
final class PlainOptions {
  boolean broadcast;
  boolean reusePort;
  int maxIPv4 = UdpSocket.DEFAULT_BUFFER_SIZE;
  int maxIPv6 = UdpSocket.DEFAULT_BUFFER_SIZE;
  int socketReceiveBuffer; // 0: the kernel's default
  int socketSendBuffer; // 0: the kernel's default
  boolean dontFragment;
  int capacity = UdpSocket.DEFAULT_SEND_QUEUE_CAPACITY;
  @Nullable Duration timeout = Udp.defaultTimeout().orElse(null);
  @Nullable ErrorListener errorListener;
  @Nullable Object userData;

  void bufferSize(int size, int version) {
    if (size < 1 || size > 65_535) {
      throw new IllegalArgumentException("setBufferSize: size must be 1 to 65535, not " + size);
    }
    maxIPv4 = version == 6 ? maxIPv4 : size;
    maxIPv6 = version == 4 ? maxIPv6 : size;
  }

  void timeout(@Nullable Duration sendTimeout) {
    timeout = sendTimeout == null || sendTimeout.isNegative() ? null : sendTimeout;
  }

  static int atLeastOne(String operation, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(operation + ": must be at least 1, not " + value);
    }
    return value;
  }

  void describe(SocketInfoBuilder b) {
    b.bufferSizes(maxIPv4, maxIPv6).timeout(timeout).userData(userData).broadcast(broadcast).reusePort(reusePort).dontFragment(dontFragment);
  }
}
