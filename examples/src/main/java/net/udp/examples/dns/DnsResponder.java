package net.udp.examples.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.Udp;
import net.udp.UdpSocket;

/**
 * A small authoritative DNS server on net.udp: it answers A and AAAA queries for the names it is
 * given, NXDOMAIN for any other name, NOTIMP for anything but a standard query, and ignores what
 * it cannot read. {@code dig @127.0.0.1 -p PORT example.test} asks it.
 *
 * {@snippet :
 * try (DnsResponder dns = DnsResponder.start(5353, Map.of("example.test", List.of(InetAddress.getByName("192.0.2.1"))))) {
 *   dns.closeFuture().join();
 * }
 * }
 */
public final class DnsResponder implements AutoCloseable {
  private static final int TTL = 60;

  private final UdpSocket socket;
  private final Map<String, List<InetAddress>> records;
  private final AtomicLong answered = new AtomicLong();

  private DnsResponder(Map<String, List<InetAddress>> records, int port) {
    this.records = Map.copyOf(normalized(records));
    socket = Udp.server(port, (s, query, from) -> answer(s, query, from)).receive();
  }

  /**
   * Starts answering on a port.
   *
   * @param port the port (0 for a free one, which {@link #port()} then tells)
   * @param records the addresses of each name
   * @return the responder, answering
   */
  public static DnsResponder start(int port, Map<String, List<InetAddress>> records) {
    return new DnsResponder(records, port);
  }

  /**
   * The port it answers on.
   *
   * @return the port
   */
  public int port() {
    return socket.info().localPort();
  }

  /**
   * How many queries it answered.
   *
   * @return the count
   */
  public long answered() {
    return answered.get();
  }

  /**
   * Completes when the responder is closed.
   *
   * @return the socket's close future
   */
  public CompletableFuture<Void> closeFuture() {
    return socket.closeFuture();
  }

  /** Stops answering; the port is free when this returns. */
  @Override
  public void close() {
    socket.close();
  }

  private void answer(UdpSocket s, ByteBuffer query, InetSocketAddress from) {
    DnsMessage.Question q;
    try {
      q = DnsMessage.question(query);
    } catch (DnsMessage.MalformedException e) {
      return; // not a query this server can read: a reply could feed a reflection attack
    }
    byte[] reply;
    if (q.opcode() != 0) {
      reply = DnsMessage.response(q, DnsMessage.NOTIMP, List.of(), TTL);
    } else {
      List<InetAddress> known = records.get(q.name());
      reply = DnsMessage.response(q, known == null ? DnsMessage.NXDOMAIN : DnsMessage.NOERROR, known == null ? List.of() : known, TTL);
    }
    s.send(ByteBuffer.wrap(reply), from); // from the callback: gathered with the others of this turn
    answered.incrementAndGet();
  }

  private static Map<String, List<InetAddress>> normalized(Map<String, List<InetAddress>> records) {
    Map<String, List<InetAddress>> out = new LinkedHashMap<>();
    records.forEach((name, addresses) -> out.merge(DnsMessage.normalize(name), List.copyOf(addresses), (a, b) -> {
      List<InetAddress> both = new ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    }));
    return out;
  }

  /**
   * Runs a responder until it is stopped (Ctrl-C): {@code DnsResponder PORT NAME=ADDRESS...}.
   *
   * @param args the port, then a name and an address for each record
   * @throws UnknownHostException if an address is not an IP literal
   */
  public static void main(String[] args) throws UnknownHostException {
    if (args.length < 2) {
      System.err.println("usage: DnsResponder PORT NAME=ADDRESS... (PORT 0 for a free one)");
      System.exit(2);
    }
    Map<String, List<InetAddress>> records = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        System.err.println("not NAME=ADDRESS: " + args[i]);
        System.exit(2);
      }
      String literal = args[i].substring(eq + 1);
      InetAddress address = Udp.parseAddress(literal, 0).filter(a -> !a.isUnresolved())
          .orElseThrow(() -> new UnknownHostException("not an IP address: " + literal)).getAddress();
      records.merge(args[i].substring(0, eq), List.of(address), (a, b) -> {
        List<InetAddress> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
      });
    }
    DnsResponder dns = start(Integer.parseInt(args[0]), records);
    System.out.println("answering on port " + dns.port());
    Runtime.getRuntime().addShutdownHook(new Thread(dns::close));
    dns.closeFuture().join(); // the event loop's threads do not keep the JVM running
  }
}
