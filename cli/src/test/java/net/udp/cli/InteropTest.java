package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  @Test
  void listenReceivesWhatSocatSends() throws Exception {
    assumeInstalled("socat");
    int port = CliTest.freePort();
    CompletableFuture<CliTest.Run> listening = CliTest.background("listen", "127.0.0.1:" + port, "--count", "1", "--timeout", "15s");
    CliTest.awaitListening(port);
    Process socat = start("socat", "-u", "EXEC:echo hello from socat", "UDP-SENDTO:127.0.0.1:" + port);
    finish(socat);
    CliTest.Run r = listening.get(20, TimeUnit.SECONDS);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("bytes: hello from socat\\n"), r.out());
  }

  @Test
  void listenReceivesWhatNcSends() throws Exception {
    assumeInstalled("nc");
    int port = CliTest.freePort();
    CompletableFuture<CliTest.Run> listening = CliTest.background("listen", "127.0.0.1:" + port, "--count", "1", "--timeout", "15s");
    CliTest.awaitListening(port);
    Process nc = new ProcessBuilder("nc", "-u", "-w", "1", "127.0.0.1", Integer.toString(port)).redirectErrorStream(true).start();
    nc.getOutputStream().write("hello from nc\n".getBytes(StandardCharsets.UTF_8));
    nc.getOutputStream().close();
    finish(nc);
    CliTest.Run r = listening.get(20, TimeUnit.SECONDS);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("bytes: hello from nc\\n"), r.out());
  }

  @Test
  void sendReachesASocatListener() throws Exception {
    assumeInstalled("socat");
    int port = CliTest.freePort();
    Process socat = start("socat", "-u", "UDP-RECV:" + port + ",bind=127.0.0.1", "STDOUT");
    CliTest.awaitListening(port);
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
    int port = CliTest.freePort();
    CompletableFuture<CliTest.Run> echoing = CliTest.background("echo", "127.0.0.1:" + port, "--sockperf", "--timeout", "4s");
    CliTest.awaitListening(port);
    String report = finish(start("sockperf", "ping-pong", "-i", "127.0.0.1", "-p", Integer.toString(port), "-t", "1"));
    assertTrue(report.contains("Summary: Latency is"), report);
    CliTest.Run r = echoing.get(20, TimeUnit.SECONDS);
    assertEquals(0, r.status(), r.err());
  }
}
