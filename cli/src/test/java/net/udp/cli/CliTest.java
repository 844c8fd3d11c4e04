package net.udp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** Every subcommand, end to end on loopback, in this JVM. */
class CliTest {
  private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

  /** What a run printed and returned. */
  record Run(int status, String out, String err) {
    int count(String text) {
      return (int) Pattern.compile(Pattern.quote(text)).matcher(out).results().count();
    }
  }

  static Run run(String... args) {
    return run(new byte[0], args);
  }

  static Run run(byte[] stdin, String... args) {
    return run(new ByteArrayInputStream(stdin), args);
  }

  static Run run(java.io.InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = UdpCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    CommandLine send = java.util.Objects.requireNonNull(cl.getSubcommands().get("send"));
    ((SendCommand) send.getCommand()).input = stdin;
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  /** A command running in the background, whose standard error can be read as it comes. */
  static final class Background {
    private static final Pattern BOUND = Pattern.compile("(?:listening|echoing) on (\\S+)");
    final StringWriter err = new StringWriter();
    final StringWriter out = new StringWriter();
    final CompletableFuture<Run> result;

    Background(String... args) {
      CommandLine cl = UdpCommand.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      // A thread of its own: the common pool may have one thread only, and two commands wait on each other.
      result = CompletableFuture.supplyAsync(() -> new Run(cl.execute(args), out.toString(), err.toString()),
          task -> Thread.ofPlatform().daemon().name("udp " + args[0]).start(task));
    }

    /** The port the command says it bound (it binds port 0, and prints where it listens). */
    int port() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        Matcher m = BOUND.matcher(err.toString());
        if (m.find()) {
          return net.udp.Udp.parseAddress(m.group(1)).orElseThrow().getPort();
        }
        if (result.isDone()) {
          throw new AssertionError("the command ended before it listened: " + result.join());
        }
        Thread.sleep(5);
      }
      throw new AssertionError("the command did not say where it listens within 10 s: " + err);
    }

    Run get() throws Exception {
      return result.get(15, TimeUnit.SECONDS);
    }
  }

  @Test
  void pingpongRunsTheSeedsExchangeToCompletion() {
    Run r = run("pingpong", "--rounds", "3", "--interval", "0");
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals(3, r.count("server got \"ping\""), r.out());
    assertEquals(3, r.count("client got \"pong\""), r.out());
    assertTrue(r.out().contains("3 rounds: round trip min "), r.out());
    assertTrue(r.out().startsWith("provider: " + net.udp.Udp.provider().name() + "\n"), r.out());
  }

  @Test
  void broadcastReachesAllThreeListeners() {
    Run r = run("broadcast");
    assertEquals(0, r.status(), r.out() + r.err());
    for (int i = 1; i <= 3; i++) {
      assertEquals(1, r.count("listener " + i + " received \"hello!\" from 127.0.0.1:"), r.out());
    }
    assertTrue(r.out().contains("every listener received the broadcast once"));
  }

  @Test
  void listenPrintsWhatSendSends() throws Exception {
    Background listening = new Background("listen", "127.0.0.1:0", "--count", "2", "--timeout", "10s");
    int port = listening.port();
    assertEquals(0, run("send", "127.0.0.1:" + port, "hello", "world").status());
    assertEquals(0, run("send", "localhost:" + port, "second").status());
    Run r = listening.get();
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().matches("(?s)127\\.0\\.0\\.1:\\d+ 11 bytes: hello world\n127\\.0\\.0\\.1:\\d+ 6 bytes: second\n"), r.out());
  }

  @Test
  void listenShowsWhatTheKernelTellsOfEachDatagram() throws Exception {
    Background listening = new Background("--provider", "epoll", "listen", "0", "--meta", "--count", "1", "--timeout", "10s");
    int port = listening.port();
    assertEquals(0, run("send", "127.0.0.2:" + port, "hi").status());
    Run r = listening.get();
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().matches("127\\.0\\.0\\.1:\\d+ to 127\\.0\\.0\\.2 on lo, ECN not-ECT, TTL \\d+, waited \\d+ µs 2 bytes: hi\n"), r.out());
  }

  @Test
  void listenSaysWhenTheProviderTellsNoMetadata() throws Exception {
    Background listening = new Background("--provider", "nio", "listen", "127.0.0.1:0", "--meta", "--count", "1", "--timeout", "10s");
    int port = listening.port();
    assertEquals(0, run("send", "127.0.0.1:" + port, "hi").status());
    Run r = listening.get();
    assertTrue(r.err().contains("the nio provider tells nothing more of a datagram than its sender"), r.err());
    assertTrue(r.out().matches("127\\.0\\.0\\.1:\\d+ 2 bytes: hi\n"), r.out());
  }

  @Test
  void listenPrintsHexAndAcceptsAPortAlone() throws Exception {
    Background listening = new Background("listen", "0", "--hex", "--count", "1", "--timeout", "10s");
    int port = listening.port();
    run("send", "127.0.0.1:" + port, "AB");
    Run r = listening.get();
    assertTrue(r.out().contains("2 bytes: 41 42"), r.out());
  }

  @Test
  void listenFailsWhenFewerThanCountArriveInTime() throws Exception {
    Run r = run("listen", "127.0.0.1:0", "--count", "1", "--timeout", "300ms");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("0 of 1 datagrams arrived"), r.err());
  }

  @Test
  void sendReadsStandardInputOneDatagramPerLineWithItsEndingOrWhole() throws Exception {
    Background listening = new Background("listen", "127.0.0.1:0", "--count", "6", "--timeout", "10s");
    int port = listening.port();
    byte[] input = "one\r\ntwo\nlast".getBytes(StandardCharsets.UTF_8);
    assertEquals(0, run(input, "send", "127.0.0.1:" + port).status());
    assertEquals(0, run(input, "send", "--whole", "127.0.0.1:" + port).status());
    assertEquals(0, run("one\ntwo\r\n".getBytes(StandardCharsets.UTF_8), "send", "--strip-newlines", "127.0.0.1:" + port).status());
    Run r = listening.get();
    assertEquals(List.of("5 bytes: one\\x0d\\n", "4 bytes: two\\n", "4 bytes: last", "13 bytes: one\\x0d\\ntwo\\nlast", "3 bytes: one", "3 bytes: two"),
        r.out().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList(), r.out());
  }

  @Test
  void sendSendsEachLineAsItIsReadNotAtTheEndOfTheInput() throws Exception {
    Background listening = new Background("listen", "127.0.0.1:0", "--count", "2", "--timeout", "10s");
    int port = listening.port();
    java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
    java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing);
    CompletableFuture<Run> sending = CompletableFuture.supplyAsync(() -> run(stdin, "send", "127.0.0.1:" + port),
        task -> Thread.ofPlatform().daemon().name("udp send").start(task));
    typing.write("first\n".getBytes(StandardCharsets.UTF_8));
    typing.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening.out.toString().contains("first")) {
      assertTrue(System.nanoTime() < deadline, "the first line was not sent while the input stayed open: " + listening.out);
      Thread.sleep(5);
    }
    typing.write("second\n".getBytes(StandardCharsets.UTF_8));
    typing.close();
    assertEquals(0, sending.get(15, TimeUnit.SECONDS).status());
    assertTrue(listening.get().out().contains("7 bytes: second\\n"));
  }

  @Test
  void echoSendsEveryDatagramBack() throws Exception {
    Background echoing = new Background("echo", "127.0.0.1:0", "--count", "2", "--timeout", "10s");
    int port = echoing.port();
    try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
      client.connect(new InetSocketAddress(LOOPBACK, port));
      for (String text : new String[] {"marco", "polo"}) {
        client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer reply = ByteBuffer.allocate(100);
        client.read(reply);
        assertEquals(text, new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8));
      }
    }
    Run r = echoing.get();
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("echoed 2 datagrams"), r.err());
  }

  @Test
  void benchPrintsATableForEachProvider() {
    Run r = run("bench", "--seconds", "0.3");
    assertTrue(r.out().indexOf('\r') < 0 && r.err().indexOf('\r') < 0, "no progress where no one watches: " + r.out());
    assertEquals(0, r.status(), r.out() + r.err());
    boolean first = true;
    for (net.udp.spi.UdpProvider provider : net.udp.Udp.providers()) {
      Matcher row = Pattern.compile("(?m)^" + provider.name() + " +([\\d,]+) +([\\d,]+) +([\\d,]+) +\\d+ +(\\d+\\.\\d\\d)$").matcher(r.out());
      assertTrue(row.find(), provider.name() + " has no row: " + r.out());
      assertTrue(Long.parseLong(row.group(2).replace(",", "")) > 0, "received nothing: " + r.out());
      if (first) {
        assertEquals("1.00", row.group(4), "ratios are relative to the first provider");
        first = false;
      }
    }
  }

  @Test
  void verbosePrintsInfoWithTheSeedsKeys() {
    Run r = run("pingpong", "--rounds", "1", "--interval", "0", "-v");
    assertTrue(r.out().contains("server info() [" + net.udp.Udp.provider().name() + "]:"), r.out());
    assertTrue(r.out().contains("localAddress_IPv4"), r.out());
    assertTrue(r.out().contains("received                           1 datagrams"), r.out());
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : new String[] {"pingpong", "broadcast", "listen", "send", "echo", "bench"}) {
      Run r = run(sub, "--help");
      assertEquals(0, r.status(), sub);
      assertTrue(r.out().startsWith("Usage: udp " + sub), r.out());
    }
    assertTrue(run("--help").out().contains("Exit status:"));
  }

  @Test
  void exitStatusesAreThoseDocumented() {
    assertEquals(2, run("listen", "not-a-port").status(), "bad usage");
    assertEquals(2, run("frobnicate").status(), "unknown subcommand");
    Run missing = run("--provider", "nosuch", "pingpong", "--rounds", "1", "--interval", "0");
    assertEquals(3, missing.status());
    assertTrue(missing.err().contains("no UDP provider named \"nosuch\""), missing.err());
    Run refused = run("send", "127.255.255.255:9", "no broadcast flag");
    assertEquals(1, refused.status(), "a send the OS refuses");
    assertTrue(refused.err().contains("127.255.255.255:9"), refused.err());
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    Io.DurationConverter c = new Io.DurationConverter();
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofMillis(1500), c.convert("1.5"));
    assertEquals(Duration.ofSeconds(2), c.convert("2s"));
    assertEquals(Duration.ofMinutes(1), c.convert("1m"));
  }

  /**
   * listen --join and send --interface, in the network namespace this module's tests run in
   * (scripts/netns-java): datagrams leave by mc0 and arrive at mc1, and nowhere else.
   */
  @Test
  void listenJoinsAGroupThatSendReaches() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(System.getenv("NET_UDP_IN_NETNS")), "not in the tests' network namespace (scripts/netns-java)");
    Background any = new Background("listen", "--join", "239.1.2.3", "--interface", "mc1", "-c", "1", "-w", "10s", "0");
    Background one = new Background("listen", "-j", "232.1.2.3@10.9.0.1", "-I", "mc1", "-c", "1", "-w", "10s", "0");
    int anyPort = any.port();
    int onePort = one.port();
    assertEquals(0, run("send", "--interface", "mc0", "--ttl", "1", "239.1.2.3:" + anyPort, "to the group").status());
    assertEquals(0, run("send", "-I", "mc0", "232.1.2.3:" + onePort, "from the one source").status());
    Run a = any.get();
    Run o = one.get();
    assertEquals(0, a.status(), a.err());
    assertTrue(a.err().contains("joined 239.1.2.3 on mc1"), a.err());
    assertTrue(a.out().contains("bytes: to the group"), a.out());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.err().contains("joined 232.1.2.3 on mc1 from 10.9.0.1"), o.err());
    assertTrue(o.out().startsWith("10.9.0.1:"), o.out());
  }
}
