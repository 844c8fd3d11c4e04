package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The udp command against tools nobody here wrote: socat, nc and sockperf. Each test is skipped,
 * with the reason, where its tool is not installed (.ci/run installs them).
 */
class InteropTest {

  private static void assumeInstalled(String tool) {
    boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    Assumptions.assumeTrue(found, tool + " is not installed");
  }

  private static Process start(String... command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String finish(Process process) throws IOException, InterruptedException {
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the tool did not end: " + process.info().commandLine().orElse("?"));
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The port a child bound: it binds port 0, and socat does not print where it listens, so its
   * socket is looked up by inode in the kernel's table (no port is probed by binding it).
   */
  private static int boundPort(Process child) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    java.nio.file.Path fds = java.nio.file.Path.of("/proc", Long.toString(child.pid()), "fd");
    while (System.nanoTime() < deadline && child.isAlive()) {
      java.util.Set<String> inodes = new java.util.HashSet<>();
      try (java.util.stream.Stream<java.nio.file.Path> links = java.nio.file.Files.list(fds)) {
        for (java.nio.file.Path link : links.toList()) {
          try {
            String target = java.nio.file.Files.readSymbolicLink(link).toString();
            if (target.startsWith("socket:[")) {
              inodes.add(target.substring(8, target.length() - 1));
            }
          } catch (IOException e) {
            // closed meanwhile
          }
        }
      }
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp"))) {
        String[] f = line.strip().split("\\s+", -1);
        if (f.length > 9 && inodes.contains(f[9])) {
          return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the child bound no UDP socket within 10 s");
  }

  @Test
  void listenReceivesWhatSocatSends() throws Exception {
    assumeInstalled("socat");
    CliTest.Background listening = new CliTest.Background("listen", "127.0.0.1:0", "--count", "1", "--timeout", "15s");
    int port = listening.port();
    Process socat = start("socat", "-u", "EXEC:echo hello from socat", "UDP-SENDTO:127.0.0.1:" + port);
    finish(socat);
    CliTest.Run r = listening.get();
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("bytes: hello from socat\\n"), r.out());
  }

  @Test
  void listenReceivesWhatNcSends() throws Exception {
    assumeInstalled("nc");
    CliTest.Background listening = new CliTest.Background("listen", "127.0.0.1:0", "--count", "1", "--timeout", "15s");
    int port = listening.port();
    Process nc = new ProcessBuilder("nc", "-u", "-w", "1", "127.0.0.1", Integer.toString(port)).redirectErrorStream(true).start();
    nc.getOutputStream().write("hello from nc\n".getBytes(StandardCharsets.UTF_8));
    nc.getOutputStream().close();
    finish(nc);
    CliTest.Run r = listening.get();
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("bytes: hello from nc\\n"), r.out());
  }

  @Test
  void sendReachesASocatListener() throws Exception {
    assumeInstalled("socat");
    Process socat = start("socat", "-u", "UDP-RECV:0,bind=127.0.0.1", "STDOUT");
    int port = boundPort(socat);
    CliTest.Run sent = CliTest.run("send", "127.0.0.1:" + port, "hello socat");
    assertEquals(0, sent.status(), sent.err());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    StringBuilder got = new StringBuilder();
    while (got.indexOf("hello socat") < 0 && System.nanoTime() < deadline) {
      int available = socat.getInputStream().available();
      if (available > 0) {
        got.append(new String(socat.getInputStream().readNBytes(available), StandardCharsets.UTF_8));
      } else {
        Thread.sleep(10);
      }
    }
    socat.destroy();
    assertTrue(got.toString().contains("hello socat"), "socat printed: " + got);
  }

  @Test
  void echoAnswersSockperfPingPong() throws Exception {
    assumeInstalled("sockperf");
    CliTest.Background echoing = new CliTest.Background("echo", "127.0.0.1:0", "--sockperf", "--timeout", "4s");
    int port = echoing.port();
    String report = finish(start("sockperf", "ping-pong", "-i", "127.0.0.1", "-p", Integer.toString(port), "-t", "1"));
    assertTrue(report.contains("Summary: Latency is"), report);
    CliTest.Run r = echoing.get();
    assertEquals(0, r.status(), r.err());
  }
}
