package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.udp.Udp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which provider an application gets with both on its path: epoll on Linux when native access
 * is allowed, nio when the JVM denies it (the epoll provider then says why it is unavailable),
 * and epoll with the JVM's warning when native access was not mentioned at all.
 */
class ProviderSelectionTest {

  private static void assumeLinux() {
    Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"), "not Linux");
  }

  @Test
  void onLinuxWithNativeAccessTheDefaultIsEpoll() {
    assumeLinux();
    assertEquals("epoll", Udp.provider().name());
    assertEquals(List.of("epoll", "nio"), Udp.providers().stream().map(p -> p.name()).toList());
  }

  @Test
  void whenTheJvmDeniesNativeAccessTheDefaultIsNioAndEpollSaysWhy() throws Exception {
    assumeLinux();
    String version = child("--illegal-native-access=deny", "--version");
    assertTrue(version.contains("epoll (priority 20, unavailable: native access is denied (--illegal-native-access=deny): run with --enable-native-access="), version);
    assertTrue(version.contains("nio (priority 10, available)"), version);
    String pingpong = child("--illegal-native-access=deny", "pingpong", "--rounds", "1", "--interval", "0");
    assertTrue(pingpong.startsWith("provider: nio\n"), pingpong);
    assertTrue(pingpong.contains("1 rounds: round trip"), pingpong);
  }

  @Test
  void withoutAnyNativeAccessFlagEpollRunsAndTheJvmWarns() throws Exception {
    assumeLinux();
    String pingpong = child(null, "pingpong", "--rounds", "1", "--interval", "0");
    assertTrue(pingpong.contains("WARNING: A restricted method in java.lang.foreign.Linker has been called"), pingpong);
    assertTrue(pingpong.contains("provider: epoll\n"), pingpong);
  }

  /** The discovery demo makes its own network namespace and runs there, as a user runs it. */
  @Test
  void discoveryRunsInANamespaceOfItsOwn() throws Exception {
    assumeLinux();
    String run = child(null, "discovery", "--namespace");
    assertTrue(run.contains("3 listeners joined 239.255.0.1 on lo"), run);
    for (int i = 1; i <= 3; i++) {
      String heard = "listener " + i + " heard \"service at 10.0.0.7:8080\" from 127.0.0.1:";
      assertEquals(1, run.lines().filter(l -> l.startsWith(heard)).count(), "listener " + i + " hears the announcement once: " + run);
    }
    assertTrue(run.contains("every listener heard the announcement once"), run);
  }

  /** Runs the udp command in a child JVM, on the class path, with one JVM option. */
  private static String child(@Nullable String jvmOption, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jvmOption != null) {
      command.add(jvmOption);
    }
    command.add("-cp");
    command.add(classPath());
    command.add(UdpCommand.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // as it comes, until the child ends
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    });
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the child JVM did not end within 60 s: " + output.getNow("(nothing yet)"));
    }
    try {
      return output.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the child's output could not be read", e);
    }
  }

  /** This test's own modules and libraries, as one class path. */
  static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      for (String entry : System.getProperty(property, "").split(File.pathSeparator, -1)) {
        if (!entry.isBlank() && !entry.contains("junit") && !entry.contains("opentest4j") && !entry.contains("apiguardian")) {
          entries.add(entry);
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
