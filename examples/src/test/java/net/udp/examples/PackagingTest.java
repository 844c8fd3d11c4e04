package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import net.udp.examples.dns.DnsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways the README gives to ship an application, tried with the DNS responder: a runnable
 * jar whose manifest names its libraries and enables native access for the epoll provider, and a
 * jlink image with a launcher. Each must answer a query, and print no warning about native access.
 */
class PackagingTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern ANSWERING = Pattern.compile("answering on port (\\d+)");

  /** The libraries of the application, each as a jar (a reactor build gives class folders). */
  private static List<Path> libraries(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> jars = new ArrayList<>();
    String[][] wanted = {{"udp-api", "api"}, {"udp-nio", "nio-provider"}, {"udp-provider-kit", "provider-kit"}, {"udp-epoll", "epoll-provider"}};
    for (String[] w : wanted) {
      Path entry = Artifacts.one(w[0], w[1]);
      Path jar = dir.resolve(w[0] + ".jar");
      if (Files.isDirectory(entry)) {
        tool("jar", "--create", "--file", jar.toString(), "-C", entry.toString(), ".");
      } else {
        Files.copy(entry, jar);
      }
      jars.add(jar);
    }
    return jars;
  }

  private static void tool(String name, String... args) {
    ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new AssertionError("no " + name + " tool in this JDK"));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.PrintWriter print = new java.io.PrintWriter(out);
    int status = tool.run(print, print, args);
    print.flush();
    assertEquals(0, status, name + " " + String.join(" ", args) + ": " + out);
  }

  /** Starts the responder as the command says, asks it, and checks the answer and the output. */
  private static void answers(List<String> command) throws Exception {
    try (Child.Running dns = Child.start(command)) {
      String first = dns.nextLine(PATIENCE);
      Matcher m = ANSWERING.matcher(first);
      assertTrue(m.find(), "the responder's first line: " + first);
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)));
      DnsMessage.Answer a = DnsTest.ask(at, DnsMessage.query(4242, "example.test", DnsMessage.A));
      assertEquals(4242, a.id());
      assertEquals("192.0.2.1", a.addresses().get(0).getHostAddress());
      assertFalse(dns.printed().contains("WARNING"), "a warning (native access?): " + dns.printed());
    }
  }

  @Test
  void aRunnableJarWithItsLibrariesBesideItAnswers(@TempDir Path dir) throws Exception {
    List<Path> libs = libraries(dir.resolve("lib"));
    Path manifest = dir.resolve("manifest.txt");
    Files.writeString(manifest, "Main-Class: net.udp.examples.dns.DnsResponder\n"
        + "Class-Path: " + String.join(" ", libs.stream().map(p -> "lib/" + p.getFileName()).toList()) + "\n"
        + "Enable-Native-Access: ALL-UNNAMED\n");
    Path app = dir.resolve("dns.jar");
    tool("jar", "--create", "--file", app.toString(), "--manifest", manifest.toString(), "-C", Artifacts.application().toString(), ".");
    answers(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", app.toString(), "0", "example.test=192.0.2.1"));
  }

  @Test
  void aJlinkImageWithALauncherAnswers(@TempDir Path dir) throws Exception {
    List<Path> modules = new ArrayList<>(libraries(dir.resolve("lib")));
    modules.add(Artifacts.application());
    Path image = dir.resolve("image");
    // In a JVM of its own: this one runs patched by the test's module options, which jlink refuses.
    Child.Result jlink = Child.run("jlink", PATIENCE, List.of("--module-path", Child.path(modules), "--add-modules",
        "net.udp.examples,net.udp.nio,net.udp.epoll", "--add-options=--enable-native-access=net.udp.epoll", "--launcher",
        "dns=net.udp.examples/net.udp.examples.dns.DnsResponder", "--no-header-files", "--no-man-pages", "--strip-debug",
        "--output", image.toString()));
    assertEquals(0, jlink.exit(), "jlink: " + jlink.output());
    answers(List.of(image.resolve("bin").resolve("dns").toString(), "0", "example.test=192.0.2.1"));
  }
}
