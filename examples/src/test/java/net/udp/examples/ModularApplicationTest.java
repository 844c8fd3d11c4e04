package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The promise of the first line of the README: an application that requires net.udp.api and
 * nothing else runs on the module path with whichever provider jars are there, unchanged. The
 * application is this module, compiled by its own build against the api and what the api's POM
 * declares; here it runs with only the nio provider, only the epoll provider, and both. JSpecify,
 * which the api needs only to compile against, is left off every run.
 */
class ModularApplicationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static boolean linux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }

  /** The application and everything it may need at run time, without the providers left out. */
  private static List<Path> modulePath(String... leaveOut) {
    List<Path> path = new ArrayList<>();
    path.add(Artifacts.application());
    path.add(Artifacts.one("udp-api", "api"));
    for (String provider : new String[] {"nio", "epoll"}) {
      if (!List.of(leaveOut).contains(provider)) {
        path.add(Artifacts.one("udp-" + provider, provider + "-provider"));
        path.add(Artifacts.one("udp-provider-kit", "provider-kit")); // what both providers' POMs declare
      }
    }
    return path.stream().distinct().toList();
  }

  private static Child.Result run(List<Path> modulePath, String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (modulePath.stream().anyMatch(e -> e.toString().contains("epoll"))) {
      command.add("--enable-native-access=net.udp.epoll"); // what the README tells epoll's users to pass
    }
    command.addAll(List.of("-p", Child.path(modulePath), "-m", "net.udp.examples/" + mainClass));
    command.addAll(List.of(args));
    Child.Result r = Child.run("java", PATIENCE, command);
    assertEquals(0, r.exit(), r.output());
    return r;
  }

  private static void assertPingPong(Child.Result r, String provider) {
    List<String> lines = r.lines();
    assertEquals("provider: " + provider, lines.get(0), r.output());
    assertEquals(List.of("ping", "pong", "ping", "pong", "ping", "pong"), lines.subList(1, 7), r.output());
  }

  @Test
  void withOnlyTheNioProviderItRunsOnNio() throws Exception {
    assertPingPong(run(modulePath("epoll"), "net.udp.examples.PingPong", "0", "3", "0"), "nio");
  }

  @Test
  void withOnlyTheEpollProviderItRunsOnEpoll() throws Exception {
    Assumptions.assumeTrue(linux(), "the epoll provider runs on Linux only");
    assertPingPong(run(modulePath("nio"), "net.udp.examples.PingPong", "0", "3", "0"), "epoll");
  }

  @Test
  void withBothProvidersItRunsOnTheBestOne() throws Exception {
    assertPingPong(run(modulePath(), "net.udp.examples.PingPong", "0", "3", "0"), linux() ? "epoll" : "nio");
  }

  @Test
  void theSeedsBroadcastReachesEachOfThreeListenersOnce() throws Exception {
    for (String leaveOut : linux() ? new String[] {"epoll", "nio"} : new String[] {"epoll"}) {
      Child.Result r = run(modulePath(leaveOut), "net.udp.examples.Broadcast", "0");
      for (int i = 1; i <= 3; i++) {
        String heard = "listener " + i + " received data:";
        assertEquals(1, r.lines().stream().filter(heard::equals).count(), r.output());
      }
      assertEquals(3, r.lines().stream().filter(l -> l.startsWith("from host: 127.0.0.1 port: ")).count(), r.output());
      assertTrue(r.lines().stream().filter("hello!"::equals).count() == 3, r.output());
    }
  }

  /**
   * An application that chose nio must not hear from epoll: asking whether epoll could run makes
   * no downcall, so the JVM prints no restricted-method warning although native access is off.
   */
  @Test
  void choosingNioPrintsNoNativeAccessWarning() throws Exception {
    Assumptions.assumeTrue(linux(), "elsewhere epoll is unavailable before native access comes into it");
    Child.Result r = Child.run("java", PATIENCE, List.of("-Dnet.udp.provider=nio", "-p", Child.path(modulePath()), "-m",
        "net.udp.examples/net.udp.examples.PingPong", "0", "3", "0"));
    assertEquals(0, r.exit(), r.output());
    assertPingPong(r, "nio");
    assertFalse(r.output().contains("restricted method"), r.output());
  }

  /** Where native access is denied, epoll says so and the default falls back to nio, silently. */
  @Test
  void withNativeAccessDeniedTheDefaultIsNio() throws Exception {
    Assumptions.assumeTrue(linux(), "elsewhere epoll is unavailable for another reason");
    Child.Result r = Child.run("java", PATIENCE, List.of("--illegal-native-access=deny", "-p", Child.path(modulePath()), "-m",
        "net.udp.examples/net.udp.examples.PingPong", "0", "3", "0"));
    assertEquals(0, r.exit(), r.output());
    assertPingPong(r, "nio");
    assertFalse(r.output().contains("WARNING"), r.output());
  }
}
