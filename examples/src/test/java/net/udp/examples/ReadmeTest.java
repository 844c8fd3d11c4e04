package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's programs compile as shown and run, as a user who copies them would: the server
 * (echoes, and ends once closed), and the first program with
 * {@code javac} and {@code java} on the class path, and as a module, with the README's {@code
 * module-info.java}, on the module path. It is compiled against the api and what the api's POM
 * declares, and run with the nio provider and what its POM declares.
 */
class ReadmeTest {
  private static final Pattern FIRST_PROGRAM = Pattern.compile("(?s)## A first program.*?```java\n(.*?)```");
  private static final Pattern MODULE_INFO = Pattern.compile("(?s)## A first program.*?```java\n.*?```.*?```java\n(module .*?)```");
  private static final Pattern SERVER = Pattern.compile("(?s)## A server.*?```java\n(.*?)```");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static String readme() throws IOException {
    return Files.readString(Path.of(System.getProperty("basedir", "."), "..", "README.md"));
  }

  private static String block(Pattern pattern, String what) throws IOException {
    Matcher m = pattern.matcher(readme());
    assertTrue(m.find(), "README.md has " + what + " under ## A first program");
    return m.group(1);
  }

  /** What compiling against the api needs: the api, and what its POM brings (JSpecify). */
  private static List<Path> compilePath() {
    List<Path> path = new ArrayList<>();
    path.add(Artifacts.one("udp-api", "api"));
    path.addAll(Artifacts.named("jspecify"));
    return path;
  }

  /** What running needs: the api, and the nio provider with what its POM brings (the kit). */
  private static List<Path> runPath() {
    return List.of(Artifacts.one("udp-api", "api"), Artifacts.one("udp-nio", "nio-provider"), Artifacts.one("udp-provider-kit", "provider-kit"));
  }

  /** Compiles a README program as class {@code demo.NAME}; gives the class path that runs it with the nio provider. */
  private static List<Path> compiledOnTheClassPath(Path dir, String name, String program) throws Exception {
    Path source = dir.resolve("src/demo/" + name + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, program);
    Path out = dir.resolve("out");
    Child.Result javac = Child.run("javac", PATIENCE, List.of("-cp", Child.path(compilePath()), "-d", out.toString(), source.toString()));
    assertEquals(0, javac.exit(), "javac: " + javac.output());
    List<Path> classPath = new ArrayList<>(List.of(out));
    classPath.addAll(runPath());
    return classPath;
  }

  private static void assertPingsAndPongs(Child.Result run) {
    assertEquals(0, run.exit(), run.output());
    assertEquals(List.of("ping", "pong", "ping", "pong", "ping", "pong"), run.output().lines().limit(6).toList(), run.output());
  }

  @Test
  void theFirstProgramCompilesAndRunsOnTheClassPath(@TempDir Path dir) throws Exception {
    List<Path> classPath = compiledOnTheClassPath(dir, "PingPong", block(FIRST_PROGRAM, "a java block"));
    assertPingsAndPongs(Child.run("java", PATIENCE, List.of("-cp", Child.path(classPath), "demo.PingPong")));
  }

  @Test
  void theFirstProgramCompilesAndRunsAsAModule(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src");
    Path source = src.resolve("demo/PingPong.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, block(FIRST_PROGRAM, "a java block"));
    String moduleInfo = block(MODULE_INFO, "a module-info.java block after the program");
    assertTrue(moduleInfo.matches("(?s)module demo \\{\\s*requires net\\.udp\\.api;\\s*}\\s*"), moduleInfo);
    Files.writeString(src.resolve("module-info.java"), moduleInfo);
    Path out = dir.resolve("out");
    Child.Result javac = Child.run("javac", PATIENCE,
        List.of("-p", Child.path(compilePath()), "-d", out.toString(), src.resolve("module-info.java").toString(), source.toString()));
    assertEquals(0, javac.exit(), "javac: " + javac.output());
    List<Path> modulePath = new ArrayList<>(List.of(out));
    modulePath.addAll(runPath());
    assertPingsAndPongs(Child.run("java", PATIENCE, List.of("-p", Child.path(modulePath), "-m", "demo/demo.PingPong")));
  }

  @Test
  void theServerEchoesUntilToldToStopAndItsMainWaitsOnTheCloseFuture(@TempDir Path dir) throws Exception {
    List<Path> classPath = compiledOnTheClassPath(dir, "Echo", block(SERVER, "a java block under ## A server"));
    try (Child.Running server = Child.start("java", List.of("-cp", Child.path(classPath), "demo.Echo", "0"))) {
      String first = server.nextLine(PATIENCE);
      Matcher port = Pattern.compile("echoing on port (\\d+)").matcher(first);
      assertTrue(port.matches(), first);
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)));
      try (DatagramChannel client = DatagramChannel.open()) {
        client.configureBlocking(false);
        client.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), to);
        ByteBuffer echo = ByteBuffer.allocate(100);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (client.receive(echo) == null) {
          assertTrue(System.nanoTime() < deadline, "no echo within " + PATIENCE);
          Thread.sleep(1);
        }
        assertEquals("hello", new String(echo.array(), 0, echo.flip().remaining(), StandardCharsets.UTF_8));
        client.send(ByteBuffer.wrap("stop".getBytes(StandardCharsets.UTF_8)), to);
      }
      assertEquals(0, server.exit(PATIENCE), "the server did not end once its socket was closed");
      assertEquals("closed", server.nextLine(PATIENCE));
    }
  }
}
