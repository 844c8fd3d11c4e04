package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The udp command in a pipe whose reader goes away, as {@code udp listen 9000 | head -1}: it
 * notices at its next line and ends with status 0, as nc does, instead of listening on for no one.
 */
class PipeTest {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*");

  @Test
  void listenEndsWithStatusZeroOnceTheReaderOfItsOutputIsGone() throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        ProviderSelectionTest.classPath(), UdpCommand.class.getName(), "listen", "127.0.0.1:0");
    Process listener = new ProcessBuilder(command).start();
    try {
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread errors = new Thread(() -> {
        try (BufferedReader err = listener.errorReader(StandardCharsets.UTF_8)) {
          for (String line = err.readLine(); line != null; line = err.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          }
        } catch (IOException e) {
          port.completeExceptionally(e);
        }
        port.completeExceptionally(new AssertionError("the listener ended before it said where it listens"));
      }, "listener-stderr");
      errors.setDaemon(true);
      errors.start();
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port.get(60, TimeUnit.SECONDS));
      BufferedReader out = listener.inputReader(StandardCharsets.UTF_8);
      try (DatagramChannel sender = DatagramChannel.open()) {
        sender.send(ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8)), to);
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
          try {
            return String.valueOf(out.readLine());
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        }, task -> Thread.ofPlatform().daemon().name("listener-stdout").start(task));
        String first = line.get(60, TimeUnit.SECONDS);
        assertTrue(first.endsWith("5 bytes: first"), first);
        out.close(); // as head -1 does once it has its line
        for (int i = 0; i < 3000 && listener.isAlive(); i++) {
          sender.send(ByteBuffer.wrap("more".getBytes(StandardCharsets.UTF_8)), to);
          Thread.sleep(10);
        }
      }
      assertTrue(listener.waitFor(10, TimeUnit.SECONDS), "the listener kept running with no one reading its output");
      assertEquals(0, listener.exitValue());
    } finally {
      listener.destroyForcibly();
    }
  }
}
