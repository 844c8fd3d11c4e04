package net.udp.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.udp.UdpException;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import org.junit.jupiter.api.Test;

/**
 * How {@link ServerGroups#open} binds and cleans up, with sockets that only record what is asked of
 * them: the rules see a real provider, where a failure after the first member cannot be made to
 * happen at will.
 */
class ServerGroupsTest {

  /** What one fake socket was asked. */
  private static final class Fake {
    final List<String> calls = new ArrayList<>();
    int port;
    boolean closed;
  }

  private final List<Fake> made = new ArrayList<>();

  /** A socket that binds the port it is given (port 0: 40000 + its number), or refuses {@code refused}. */
  private UdpSocket socket(int refused) {
    Fake fake = new Fake();
    made.add(fake);
    return (UdpSocket) Proxy.newProxyInstance(UdpSocket.class.getClassLoader(), new Class<?>[] {UdpSocket.class}, (proxy, method, args) -> {
      fake.calls.add(method.getName() + (args == null ? "" : List.of(args)));
      return switch (method.getName()) {
        case "reusePort" -> proxy;
        case "listen" -> {
          int port = (Integer) args[0];
          if (port == refused) {
            throw new UdpException("listen [::]:" + port + ": Address already in use");
          }
          fake.port = port == 0 ? 40_000 + made.size() : port;
          yield proxy;
        }
        case "info" -> SocketInfoBuilder.of("fake").localAddresses(new InetSocketAddress(fake.port), null, null).build();
        case "close" -> {
          fake.closed = true;
          yield null;
        }
        default -> throw new UnsupportedOperationException(method.getName());
      };
    });
  }

  @Test
  void membersBindInOrderToThePortThatNoSocketHeld() {
    UdpServerGroup group = ServerGroups.open(0, 3, i -> socket(-1), members -> false);
    assertEquals(4, made.size(), "a finder and three members");
    assertTrue(made.get(0).closed, "the socket that found the port is closed");
    assertEquals(List.of("listen[0]", "info", "close"), made.get(0).calls, "it found the port without reusePort");
    int port = made.get(0).port;
    assertEquals(port, group.port());
    for (Fake member : made.subList(1, 4)) {
      assertEquals(List.of("reusePort", "listen[" + port + "]"), member.calls);
      assertFalse(member.closed);
    }
  }

  @Test
  void aMemberRefusedClosesEveryMemberMade() {
    assertThrows(UdpException.class, () -> ServerGroups.open(5000, 3, i -> i < 2 ? socket(-1) : socket(5000), members -> false));
    assertEquals(3, made.size());
    assertTrue(made.stream().allMatch(f -> f.closed), "every member made is closed");
  }

  @Test
  void aSteeringFailureClosesEveryMember() {
    assertThrows(IllegalStateException.class, () -> ServerGroups.open(5000, 2, i -> socket(-1), members -> {
      throw new IllegalStateException("steering refused");
    }));
    assertEquals(2, made.size());
    assertTrue(made.stream().allMatch(f -> f.closed), "every member made is closed");
  }

  @Test
  void port0IsTriedAgainWhenAnotherSocketTakesItFirst() {
    int[] tries = {0};
    UdpServerGroup group = ServerGroups.open(0, 1, i -> {
      // the first port found is taken by the time the member binds it; the second is not
      tries[0]++;
      return socket(tries[0] == 2 ? 40_001 : -1);
    }, members -> false);
    assertEquals(40_003, group.port(), "the port found by the second finder");
    assertTrue(made.get(1).closed, "the member that was refused is closed");
  }
}
