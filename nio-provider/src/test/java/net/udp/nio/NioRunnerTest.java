package net.udp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The nio provider passes every rule through the testkit's command-line runner too: a separate
 * JVM, the modules on its module path, as the testkit's README shows.
 */
class NioRunnerTest {
  private static final Pattern RULE_LINE = Pattern.compile("^UDP-\\d+\\.\\d+ +(passed|skipped|FAILED) .*");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theRunnerPassesEveryRule() throws IOException, InterruptedException {
    String modules = System.getProperty("net.udp.test.runnerModules");
    assertTrue(modules != null && !modules.isBlank(), "the build passes net.udp.test.runnerModules");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file", ""),
                "-p", modules + File.pathSeparator + System.getProperty("net.udp.test.providerModule"),
                "-m", "net.udp.testkit/net.udp.testkit.runner.ConformanceRunner",
                "--provider", "nio")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(4, TimeUnit.MINUTES), "the runner did not end");
    List<String> lines = output.lines().toList();
    long ruleLines = lines.stream().filter(l -> RULE_LINE.matcher(l).matches()).count();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertEquals(0, process.exitValue(), output);
    assertEquals(66, ruleLines, output);
    assertTrue(last.matches("66 passed, 0 failed"), "summary line: " + last);
  }
}
