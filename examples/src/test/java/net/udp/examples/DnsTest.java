package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.udp.examples.dns.DnsMessage;
import net.udp.examples.dns.DnsResolver;
import net.udp.examples.dns.DnsResponder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The DNS example answers its own resolver and dig, on loopback. */
class DnsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal); // a literal: no lookup
  }

  private static Map<String, List<InetAddress>> records() throws UnknownHostException {
    return Map.of("example.test", List.of(ip("192.0.2.1"), ip("2001:db8::1")), "Two.Test.", List.of(ip("192.0.2.2"), ip("192.0.2.3")));
  }

  private static List<String> texts(List<InetAddress> addresses) {
    return addresses.stream().map(InetAddress::getHostAddress).toList();
  }

  @Test
  void theResolverGetsTheRespondersAnswers() throws Exception {
    try (DnsResponder dns = DnsResponder.start(0, records());
        DnsResolver resolver = new DnsResolver(new InetSocketAddress(LOOPBACK, dns.port()), Duration.ofSeconds(2), 3)) {
      assertEquals(List.of("192.0.2.1"), texts(resolver.resolve("example.test", DnsMessage.A).get(30, TimeUnit.SECONDS)));
      assertEquals(List.of("2001:db8:0:0:0:0:0:1"), texts(resolver.resolve("EXAMPLE.test.", DnsMessage.AAAA).get(30, TimeUnit.SECONDS)));
      assertEquals(List.of("192.0.2.2", "192.0.2.3"), texts(resolver.resolve("two.test", DnsMessage.A).get(30, TimeUnit.SECONDS)));
      assertEquals(List.of(), resolver.resolve("two.test", DnsMessage.AAAA).get(30, TimeUnit.SECONDS), "a known name without records of the type");
      ExecutionException unknown = assertThrows(ExecutionException.class, () -> resolver.resolve("nosuch.test", DnsMessage.A).get(30, TimeUnit.SECONDS));
      assertInstanceOf(UnknownHostException.class, unknown.getCause());
      List<CompletableFuture<List<InetAddress>>> many = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        many.add(resolver.resolve(i % 2 == 0 ? "example.test" : "two.test", DnsMessage.A)); // open at once, each matched by its id
      }
      for (int i = 0; i < many.size(); i++) {
        assertEquals(i % 2 == 0 ? 1 : 2, many.get(i).get(30, TimeUnit.SECONDS).size());
      }
    }
  }

  @Test
  void theResolverAsksAgainWhenAnAnswerIsLostAndGivesUpAfterItsAttempts() throws Exception {
    try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      server.configureBlocking(false);
      InetSocketAddress at = (InetSocketAddress) server.getLocalAddress();
      try (DnsResolver resolver = new DnsResolver(at, Duration.ofMillis(300), 3)) {
        CompletableFuture<List<InetAddress>> answer = resolver.resolve("late.test", DnsMessage.A);
        ByteBuffer query = ByteBuffer.allocate(512);
        receive(server, query); // the first attempt: lost, as far as the resolver knows
        query.clear();
        InetSocketAddress from = receive(server, query); // the second, after the timeout
        DnsMessage.Question q = DnsMessage.question(query.flip());
        server.send(ByteBuffer.wrap(DnsMessage.response(q, DnsMessage.NOERROR, List.of(ip("192.0.2.9")), 60)), from);
        assertEquals(List.of("192.0.2.9"), texts(answer.get(30, TimeUnit.SECONDS)));

        CompletableFuture<List<InetAddress>> never = resolver.resolve("silent.test", DnsMessage.A);
        ExecutionException e = assertThrows(ExecutionException.class, () -> never.get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("after 3 attempts"), e.getCause().getMessage());
      }
    }
  }

  @Test
  void theResponderIgnoresWhatItCannotReadAndRefusesOtherKindsOfQuery() throws Exception {
    try (DnsResponder dns = DnsResponder.start(0, records()); DatagramChannel client = DatagramChannel.open()) {
      client.connect(new InetSocketAddress(LOOPBACK, dns.port()));
      client.configureBlocking(false);
      client.write(ByteBuffer.wrap("not dns".getBytes(StandardCharsets.US_ASCII)));
      byte[] inverse = DnsMessage.query(7, "example.test", DnsMessage.A);
      inverse[2] |= 0x08; // opcode 1: an inverse query, which this server does not answer
      client.write(ByteBuffer.wrap(inverse));
      DnsMessage.Answer a = answer(client);
      assertEquals(7, a.id(), "the one reply is to the query it could read");
      assertEquals(DnsMessage.NOTIMP, a.rcode());
      ByteBuffer reply = ByteBuffer.allocate(512);
      Thread.sleep(200);
      assertEquals(0, client.read(reply), "the garbage got a reply");
      assertEquals(1, dns.answered());
    }
  }

  @Test
  void digGetsItsAnswersFromTheResponder() throws Exception {
    Assumptions.assumeTrue(installed("dig"), "dig is not installed (Debian: bind9-dnsutils; .ci/run installs it)");
    try (DnsResponder dns = DnsResponder.start(0, records())) {
      String port = Integer.toString(dns.port());
      assertEquals("192.0.2.1", dig("@127.0.0.1", "-p", port, "example.test", "A", "+short").strip());
      assertEquals("2001:db8::1", dig("@127.0.0.1", "-p", port, "example.test", "AAAA", "+short").strip());
      String unknown = dig("@127.0.0.1", "-p", port, "nosuch.test", "A");
      assertTrue(unknown.contains("status: NXDOMAIN"), unknown);
      assertTrue(unknown.contains("flags: qr aa"), "an authoritative answer: " + unknown);
    }
  }

  /** Sends a query from a channel of its own and gives the answer, waited for at most the patience. */
  static DnsMessage.Answer ask(InetSocketAddress server, byte[] query) throws Exception {
    try (DatagramChannel client = DatagramChannel.open()) {
      client.connect(server);
      client.configureBlocking(false);
      client.write(ByteBuffer.wrap(query));
      return answer(client);
    }
  }

  /** The next reply on a connected, non-blocking channel, waited for at most the patience. */
  private static DnsMessage.Answer answer(DatagramChannel client) throws Exception {
    ByteBuffer reply = ByteBuffer.allocate(512);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (client.read(reply) == 0) {
      assertTrue(System.nanoTime() < deadline, "no answer within " + PATIENCE);
      Thread.sleep(1);
    }
    return DnsMessage.answer(reply.flip());
  }

  /** The next datagram, waited for at most the patience. */
  private static InetSocketAddress receive(DatagramChannel channel, ByteBuffer into) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      InetSocketAddress from = (InetSocketAddress) channel.receive(into);
      if (from != null) {
        return from;
      }
      assertTrue(System.nanoTime() < deadline, "no query within " + PATIENCE);
      Thread.sleep(1);
    }
  }

  private static boolean installed(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs dig once (no retry, five seconds), reading its output as it comes. */
  private static String dig(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dig", "+tries=1", "+time=5"));
    command.addAll(List.of(args));
    Child.Result run = Child.run(command, PATIENCE);
    assertEquals(0, run.exit(), run.output());
    return run.output();
  }
}
