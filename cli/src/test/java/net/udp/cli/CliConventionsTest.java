package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * The udp command behaves as the tools beside it (nc, socat, sockperf) do: a usage error is one
 * line plus where help is, with status 2, before anything else is printed; a runtime failure is
 * one line with status 1; addresses and ports are judged alike everywhere.
 */
class CliConventionsTest {

  /** Asserts a usage error: status 2, nothing on standard output, one line and the hint on standard error. */
  private static CliTest.Run usageError(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
    assertEquals("", r.out(), "nothing is printed before a usage error: " + String.join(" ", args));
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), "a usage error is one line and the hint: " + r.err());
    assertTrue(lines.get(1).matches("Try 'udp( \\w+)? --help' for more information\\."), lines.get(1));
    return r;
  }

  @Test
  void theTopLevelHelpGivesEachCommandAWholeSentence() {
    // picocli lists each command by the first line of its header or description: a sentence cut
    // there reads as cut in udp --help.
    for (var entry : UdpCommand.commandLine().getSubcommands().entrySet()) {
      var usage = entry.getValue().getCommandSpec().usageMessage();
      String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
      assertTrue(lines.length > 0 && lines[0].endsWith("."), entry.getKey() + "'s summary: " + (lines.length > 0 ? lines[0] : "(none)"));
    }
  }

  @Test
  void valuesOutOfRangeAreUsageErrors() {
    assertTrue(usageError("pingpong", "--rounds", "-1").err().contains("must be at least 1: -1"));
    assertTrue(usageError("pingpong", "--rounds", "0").err().contains("must be at least 1: 0"));
    assertTrue(usageError("listen", "9", "--count", "0").err().contains("must be at least 1: 0"));
    assertTrue(usageError("bench", "--seconds", "0").err().contains("must be longer than 0: 0"));
    assertTrue(usageError("bench", "--size", "70000").err().contains("out of range (0 to 65507): 70000"));
    assertTrue(usageError("pingpong", "--port", "70000").err().contains("port out of range (0 to 65535): 70000"));
    assertTrue(usageError("broadcast", "--listeners", "0").err().contains("must be at least 1: 0"));
    assertTrue(usageError("echo", "9", "--timeout", "0").err().contains("must be longer than 0: 0"));
  }

  @Test
  void portsAreJudgedAlikeWhereverTheyAreGiven() {
    for (String[] args : new String[][] {{"listen", "-1"}, {"listen", "70000"}, {"listen", "127.0.0.1:70000"},
        {"send", "127.0.0.1:70000", "x"}, {"send", "127.0.0.1:-1", "x"}, {"pingpong", "--port", "70000"}}) {
      String err = usageError(args).err();
      assertTrue(err.contains("port out of range (0 to 65535): "), String.join(" ", args) + ": " + err);
    }
    assertTrue(usageError("send", "127.0.0.1:x", "hi").err().contains("not a port number: x"));
    assertTrue(usageError("send", "localhost", "hi").err().contains("not HOST:PORT: localhost (the port is missing)"));
    assertTrue(usageError("send", "1.2.3:9", "hi").err().contains("1.2.3 is neither an IP address nor a host name"));
  }

  @Test
  void anIPv6AddressWithoutBracketsGetsAHint() {
    String err = usageError("send", "::1:9", "hi").err();
    assertTrue(err.contains("an IPv6 address goes in brackets: [::1]:9"), err);
  }

  @Test
  void unknownOptionsAndSubcommandsAreUsageErrors() {
    assertTrue(usageError("frobnicate").err().startsWith("udp: "));
    assertTrue(usageError("listen", "9", "--nosuch").err().startsWith("udp listen: Unknown option: '--nosuch'"));
    assertTrue(usageError("send").err().startsWith("udp send: Missing required parameter"));
    assertTrue(usageError("send", "-x", "127.0.0.1:9", "4"). err().contains("not hex bytes"));
    assertTrue(usageError("listen", "9", "--raw", "--hex").err().contains("--raw and --hex exclude each other"));
  }

  @Test
  void aRefusedBroadcastIsOneLineWithAHintAtTheFlag() {
    CliTest.Run r = CliTest.run("send", "127.255.255.255:9", "hi");
    assertEquals(1, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), "a runtime failure is one line: " + r.err());
    String failure = r.err().strip();
    assertTrue(failure.contains("127.255.255.255:9") && failure.contains("add --broadcast"), failure);
  }

  @Test
  void listenRawWritesTheBytesAndSendHexSendsThem() throws Exception {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    CommandLine cl = UdpCommand.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    ((ListenCommand) java.util.Objects.requireNonNull(cl.getSubcommands().get("listen")).getCommand()).rawOut = raw;
    CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> cl.execute("listen", "-r", "-c", "2", "-w", "10s", "127.0.0.1:0"),
        task -> Thread.ofPlatform().daemon().name("udp listen").start(task));
    int port = port(err, listening);
    assertEquals(0, CliTest.run("send", "-x", "127.0.0.1:" + port, "00 ff 0a").status());
    assertEquals(0, CliTest.run("send", "127.0.0.1:" + port, "ok").status());
    assertEquals(0, listening.get(15, TimeUnit.SECONDS), err.toString());
    assertArrayEquals(new byte[] {0, (byte) 0xff, '\n', 'o', 'k'}, raw.toByteArray());
  }

  @Test
  void shortOptionsWorkAsTheLongOnes() {
    CliTest.Run r = CliTest.run("pingpong", "-c", "2", "-i", "0");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("2 rounds: round trip"), r.out());
    CliTest.Run b = CliTest.run("broadcast", "-n", "2", "-m", "hey");
    assertEquals(0, b.status(), b.err());
    assertTrue(b.out().contains("listener 2 received \"hey\""), b.out());
  }

  private static int port(StringWriter err, CompletableFuture<Integer> command) throws InterruptedException {
    java.util.regex.Pattern bound = java.util.regex.Pattern.compile("listening on (\\S+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      java.util.regex.Matcher m = bound.matcher(err.toString());
      if (m.find()) {
        return net.udp.Udp.parseAddress(m.group(1)).orElseThrow().getPort();
      }
      if (command.isDone()) {
        throw new AssertionError("the command ended before it listened: " + err);
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no listening line within 10 s: " + err);
  }
}
