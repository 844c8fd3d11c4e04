package net.udp.provider.socket;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import net.udp.ErrorListener;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * A socket's configuration, and the validation of each value: what the caller set, whether or not
 * the socket is open. Applying a value to an open operating-system socket, and refusing a change
 * that must come before binding, are the socket's business, not this class's. Every field is
 * volatile: set by any thread, read by any thread, no lock.
 */
final class Settings {
  private volatile boolean broadcast;
  private volatile boolean reusePort;
  private volatile boolean ipv4Enabled = true;
  private volatile boolean ipv6Enabled = true;
  private volatile int preferred;
  private volatile int maxIPv4 = UdpSocket.DEFAULT_BUFFER_SIZE;
  private volatile int maxIPv6 = UdpSocket.DEFAULT_BUFFER_SIZE;
  private volatile int socketReceiveBuffer;
  private volatile int socketSendBuffer;
  private volatile boolean receiveOffload;
  private volatile Set<UdpMetadata> receiveMetadata = Set.of();
  private volatile boolean dontFragment;
  private volatile boolean concurrentCallbacks;
  private volatile int sendQueueCapacity = UdpSocket.DEFAULT_SEND_QUEUE_CAPACITY;
  private volatile @Nullable Duration timeout;
  private volatile @Nullable ReceiveCallback callback;
  private volatile @Nullable ErrorListener errorListener;
  private volatile @Nullable Object userData;

  /** The defaults of a new socket, with the module-wide default timeout. */
  Settings() {
    timeout = Udp.defaultTimeout().orElse(null);
  }

  boolean broadcast() {
    return broadcast;
  }

  void broadcast(boolean enabled) {
    broadcast = enabled;
  }

  boolean concurrentCallbacks() {
    return concurrentCallbacks;
  }

  void concurrentCallbacks(boolean enabled) {
    concurrentCallbacks = enabled;
  }

  boolean receiveOffload() {
    return receiveOffload;
  }

  void receiveOffload(boolean enabled) {
    receiveOffload = enabled;
  }

  boolean dontFragment() {
    return dontFragment;
  }

  void dontFragment(boolean enabled) {
    dontFragment = enabled;
  }

  Set<UdpMetadata> receiveMetadata() {
    return receiveMetadata;
  }

  void receiveMetadata(Set<UdpMetadata> what) {
    receiveMetadata = what.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(what));
  }

  boolean reusePort() {
    return reusePort;
  }

  void reusePort(boolean enabled) {
    reusePort = enabled;
  }

  boolean ipv4Enabled() {
    return ipv4Enabled;
  }

  boolean ipv6Enabled() {
    return ipv6Enabled;
  }

  /**
   * Enables or disables an IP version.
   *
   * @throws IllegalArgumentException if the version is neither 4 nor 6, or this would disable both
   */
  void enableIPv(int version, boolean enabled) {
    checkVersion(version);
    boolean other = version == 4 ? ipv6Enabled : ipv4Enabled;
    if (!enabled && !other) {
      throw new IllegalArgumentException(
          "enableIPv(" + version + ", false): IPv" + (version == 4 ? 6 : 4) + " is disabled already, and a socket needs one of them");
    }
    if (version == 4) {
      ipv4Enabled = enabled;
    } else {
      ipv6Enabled = enabled;
    }
  }

  /** 4 or 6 for the preferred version, 0 for neutral. */
  int preferred() {
    return preferred;
  }

  void preferIPv(int version) {
    preferred = version == 4 || version == 6 ? version : 0;
  }

  /** The largest datagram delivered from a sender of one version. */
  int maxDatagram(boolean ipv4) {
    return ipv4 ? maxIPv4 : maxIPv6;
  }

  /**
   * Sets the largest datagram delivered.
   *
   * @param version 4 or 6 for one version, anything else for both
   * @throws IllegalArgumentException if the size is outside 1..65535
   */
  void bufferSize(int size, int version) {
    if (size < 1 || size > 65_535) {
      throw new IllegalArgumentException("setBufferSize: size must be 1 to 65535 bytes, not " + size);
    }
    if (version != 6) {
      maxIPv4 = size;
    }
    if (version != 4) {
      maxIPv6 = size;
    }
  }

  /** {@code SO_RCVBUF} asked for, or 0 for the system's default. */
  int socketReceiveBuffer() {
    return socketReceiveBuffer;
  }

  void socketReceiveBuffer(int bytes) {
    socketReceiveBuffer = atLeastOne("setSocketReceiveBuffer: size", bytes);
  }

  /** {@code SO_SNDBUF} asked for, or 0 for the system's default. */
  int socketSendBuffer() {
    return socketSendBuffer;
  }

  void socketSendBuffer(int bytes) {
    socketSendBuffer = atLeastOne("setSocketSendBuffer: size", bytes);
  }

  int sendQueueCapacity() {
    return sendQueueCapacity;
  }

  void sendQueueCapacity(int datagrams) {
    sendQueueCapacity = atLeastOne("setSendQueueCapacity: capacity", datagrams);
  }

  @Nullable Duration timeout() {
    return timeout;
  }

  void timeout(@Nullable Duration value) {
    timeout = value == null || value.isNegative() ? null : value;
  }

  /**
   * The timeout for messages: {@code 2 s}, {@code 1.5 s}, {@code 250 ms}, or {@code no timeout}.
   * (The api's {@code SocketInfo.text} writes durations alike for {@code info()}; the kit cannot
   * reach it, as {@code net.udp.internal} is not exported.)
   */
  String timeoutText() {
    Duration t = timeout;
    if (t == null) {
      return "no timeout";
    }
    long ms = t.toMillis();
    if (ms < 1_000 || t.toNanos() % 1_000_000 != 0) {
      return ms < 1 ? t.toNanos() / 1_000 + " µs" : ms + " ms";
    }
    return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s"; // 1 s, 1.5 s, 90 s
  }

  /**
   * The deadline of a send made now, on the {@link System#nanoTime()} scale.
   *
   * @return the deadline, or {@link Long#MAX_VALUE} for none
   */
  long deadline() {
    Duration t = timeout;
    if (t == null) {
      return Long.MAX_VALUE;
    }
    long nanos;
    try {
      nanos = t.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    long now = System.nanoTime();
    return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
  }

  @Nullable ReceiveCallback callback() {
    return callback;
  }

  void callback(@Nullable ReceiveCallback value) {
    callback = value;
  }

  @Nullable ErrorListener errorListener() {
    return errorListener;
  }

  void errorListener(@Nullable ErrorListener value) {
    errorListener = value;
  }

  @Nullable Object userData() {
    return userData;
  }

  void userData(@Nullable Object value) {
    userData = value;
  }

  /** The versions a name may resolve to before binding, and the preference among them. */
  Names.Choice choice() {
    return new Names.Choice(ipv4Enabled, ipv6Enabled, preferred);
  }

  static void checkVersion(int version) {
    if (version != 4 && version != 6) {
      throw new IllegalArgumentException("enableIPv: version must be 4 or 6, not " + version);
    }
  }

  static void checkPort(String operation, int port, int min) {
    if (port < min || port > 65_535) {
      throw new IllegalArgumentException(operation + ": port must be " + min + " to 65535, not " + port);
    }
  }

  static void checkHost(String operation, String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException(operation + ": host is empty");
    }
  }

  private static int atLeastOne(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, not " + value);
    }
    return value;
  }
}
