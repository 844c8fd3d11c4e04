package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first program compiles as shown and runs: javac and java on it, with the api and
 * the nio provider on the class path, as a user who copies it would.
 */
class ReadmeTest {
  private static final Pattern FIRST_PROGRAM =
      Pattern.compile("(?s)## A first program.*?```java\n(.*?)```");

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theFirstProgramCompilesAndRuns(@TempDir Path dir) throws IOException, InterruptedException {
    String readme = Files.readString(Path.of(System.getProperty("basedir", "."), "..", "README.md"));
    Matcher m = FIRST_PROGRAM.matcher(readme);
    assertTrue(m.find(), "README.md has a java block under ## A first program");
    Path source = dir.resolve("PingPong.java");
    Files.writeString(source, m.group(1));
    String classPath = libraries();

    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Process javac = new ProcessBuilder(bin.resolve("javac").toString(), "-cp", classPath, "-d", dir.toString(), source.toString())
        .redirectErrorStream(true)
        .start();
    String compiled = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(javac.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, javac.exitValue(), "javac: " + compiled);

    Process java = new ProcessBuilder(bin.resolve("java").toString(), "-cp", dir + File.pathSeparator + classPath, "PingPong")
        .redirectErrorStream(true)
        .start();
    assertTrue(java.waitFor(30, TimeUnit.SECONDS), "the program did not end");
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, java.exitValue(), output);
    assertEquals(List.of("ping", "pong", "ping", "pong", "ping", "pong"), output.lines().limit(6).toList(), output);
  }

  /** The api and nio provider this test runs with, whether on the module path or class path. */
  private static String libraries() {
    List<String> entries = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator, -1)) {
        if (entry.contains("udp-api") || entry.contains("udp-nio") || entry.replace('\\', '/').matches(".*/(api|nio-provider)/target/classes")) {
          entries.add(entry);
        }
      }
    }
    assertTrue(entries.size() >= 2, "api and nio on the test path: " + entries);
    return String.join(File.pathSeparator, entries);
  }
}
