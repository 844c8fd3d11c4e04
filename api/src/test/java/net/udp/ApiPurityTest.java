package net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.junit.jupiter.api.Test;

/**
 * The api is the contract and nothing else: using it starts no thread, and its classes hold no
 * socket implementation (no threads, executors, locks or resolver), only the public types, the
 * provider interface, and the internal helpers that address text and provider lookup need.
 */
class ApiPurityTest {
  /**
   * Everything the non-exported package may hold: address text, lookup, the info records, and the
   * server group, which only holds the sockets a provider made and calls each in turn.
   */
  private static final Set<String> INTERNAL = Set.of(
      "AddressText", "SockaddrCodec", "ProviderRegistry", "ProviderRegistry$Entry",
      "SocketInfo", "SocketInfo$Builder", "Counts", "Counts$Builder", "MulticastRecord",
      "MulticastRecord$MembershipRecord", "Segments", "ReusePortGroup", "ReusePortGroup$GroupInfo", "package-info");

  private static final List<Class<?>> IMPLEMENTATION_TYPES = List.of(Thread.class, Executor.class, Lock.class);

  @Test
  void usingTheApiStartsNoThread() {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    List<String> found = new ArrayList<>();
    Udp.providers().forEach(p -> found.add(p.name()));
    assertTrue(Udp.parseAddress("127.0.0.1:9001").isPresent());
    assertTrue(Udp.parseAddress("example.com:9001").orElseThrow().isUnresolved());
    InetSocketAddress address = Udp.parseAddress("[::1]:5").orElseThrow();
    assertEquals("[::1]:5", Udp.formatAddress(address));
    Udp.setDefaultTimeout(Duration.ofSeconds(1));
    Udp.setDefaultTimeout(null);
    UdpSocketInfo info = SocketInfoBuilder.of("none").counters(CountersBuilder.of().dropped(OptionalLong.of(3)).build()).build();
    assertEquals(info, SocketInfoBuilder.from(info).build());
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    assertEquals(Set.of(), started, "threads started by using the api (providers found: " + found + ")");
  }

  @Test
  void theApiClassesHoldNoImplementation() throws IOException, ClassNotFoundException {
    Path classes = Path.of(System.getProperty("basedir", "."), "target", "classes");
    Set<String> packages = new TreeSet<>();
    Set<String> internals = new TreeSet<>();
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
        if (name.equals("module-info")) {
          continue;
        }
        String pkg = name.substring(0, name.lastIndexOf('/'));
        packages.add(pkg);
        if (pkg.equals("net/udp/internal")) {
          internals.add(name.substring(pkg.length() + 1));
        }
        names.add(name.replace('/', '.'));
      }
    }
    assertEquals(Set.of("net/udp", "net/udp/internal", "net/udp/spi"), packages);
    assertTrue(INTERNAL.containsAll(internals), "implementation in the api: " + internals);
    for (String name : names) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      for (Field field : type.getDeclaredFields()) {
        for (Class<?> forbidden : IMPLEMENTATION_TYPES) {
          assertTrue(!forbidden.isAssignableFrom(field.getType()), name + "." + field.getName() + " is a " + field.getType().getName());
        }
      }
    }
  }
}
