package net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message may be a ByteBuffer, a byte[] or a String, as the README says: every way to send
 * (to a host and port, to an address, to the connected peer; plain, with tag and callback, as a
 * future) takes each of them.
 */
class OverloadsTest {
  private static final List<Class<?>> MESSAGES = List.of(ByteBuffer.class, byte[].class, String.class);

  @Test
  void everyFormOfSendTakesEveryKindOfMessage() {
    List<String> missing = new ArrayList<>();
    for (Class<?> m : MESSAGES) {
      expect(missing, "send", m, String.class, int.class);
      expect(missing, "send", m, String.class, int.class, long.class, SendCallback.class);
      expect(missing, "send", m, InetSocketAddress.class);
      expect(missing, "send", m, InetSocketAddress.class, long.class, SendCallback.class);
      expect(missing, "write", m);
      expect(missing, "write", m, long.class, SendCallback.class);
      expect(missing, "sendAsync", m, String.class, int.class);
      expect(missing, "sendAsync", m, InetSocketAddress.class);
      expect(missing, "writeAsync", m);
    }
    assertEquals(List.of(), missing, "UdpSocket lacks these forms");
  }

  private static void expect(List<String> missing, String name, Class<?>... parameters) {
    try {
      UdpSocket.class.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      List<String> types = new ArrayList<>();
      for (Class<?> p : parameters) {
        types.add(p.getSimpleName());
      }
      missing.add(name + "(" + String.join(", ", types) + ")");
    }
  }
}
