package net.udp.examples.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.udp.Datagram;
import net.udp.Udp;
import net.udp.UdpSocket;

/**
 * A DNS stub resolver on net.udp: it asks one server for the A or AAAA records of a name, again
 * when no answer comes within its timeout, a few times, and matches each answer to its question
 * by id and name (a datagram from anyone else, or a late answer to a question given up, is
 * dropped). Many questions may be open at once; each waits on the socket's back-pressure
 * ({@link UdpSocket#whenWritable()}) before it is sent rather than fail on a full send queue.
 *
 * {@snippet :
 * try (DnsResolver resolver = new DnsResolver(new InetSocketAddress("127.0.0.1", 5353), Duration.ofSeconds(1), 3)) {
 *   List<InetAddress> addresses = resolver.resolve("example.test", DnsMessage.A).join();
 * }
 * }
 */
public final class DnsResolver implements AutoCloseable {
  private final UdpSocket socket;
  private final Duration timeout;
  private final int attempts;
  private final SecureRandom ids = new SecureRandom(); // unpredictable ids: an off-path forger must guess
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

  /** A question waiting for its answer. */
  private record Pending(String name, int type, ByteBuffer query, CompletableFuture<List<InetAddress>> answer) {}

  /**
   * A resolver that asks one server.
   *
   * @param server the server's address
   * @param timeout how long to wait for an answer before asking again
   * @param attempts how many times to ask, at least 1
   */
  public DnsResolver(InetSocketAddress server, Duration timeout, int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
    }
    this.timeout = timeout;
    this.attempts = attempts;
    // Connected: only the server's datagrams arrive, and an ICMP error for it is reported.
    InetAddress ip = server.getAddress();
    String host = ip != null ? ip.getHostAddress() : server.getHostString();
    socket = Udp.newSocket((s, message, from) -> answered(message)).connect(host, server.getPort()).receive();
  }

  /**
   * Asks for the records of a name.
   *
   * @param name the name
   * @param type {@link DnsMessage#A} or {@link DnsMessage#AAAA}
   * @return the addresses, possibly none; or a failure: {@link UnknownHostException} when the
   *     server does not know the name, {@link TimeoutException} when no answer came after every
   *     attempt, {@link net.udp.UdpException} when the query could not be sent
   */
  public CompletableFuture<List<InetAddress>> resolve(String name, int type) {
    CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
    int id;
    Pending p;
    do {
      id = ids.nextInt(1 << 16);
      p = new Pending(DnsMessage.normalize(name), type, ByteBuffer.wrap(DnsMessage.query(id, name, type)).asReadOnlyBuffer(), answer);
    } while (pending.putIfAbsent(id, p) != null);
    int key = id;
    var unused = answer.whenComplete((addresses, failure) -> pending.remove(key));
    ask(key, p, 1);
    return answer;
  }

  private void ask(int id, Pending p, int attempt) {
    if (p.answer().isDone()) {
      return;
    }
    if (attempt > attempts) {
      p.answer().completeExceptionally(new TimeoutException("no answer about " + p.name() + " after " + attempts + " attempts of "
          + timeout.toMillis() + " ms"));
      return;
    }
    var unused = socket.whenWritable().thenRun(() -> socket.send(Datagram.of(p.query()).tag(id), (tag, failure) -> {
      if (failure != null) {
        p.answer().completeExceptionally(failure);
      }
    }));
    Executor later = CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    later.execute(() -> ask(id, p, attempt + 1));
  }

  private void answered(ByteBuffer message) {
    DnsMessage.Answer a;
    try {
      a = DnsMessage.answer(message);
    } catch (DnsMessage.MalformedException e) {
      return; // not an answer: the wait goes on, and the next attempt asks again
    }
    Pending p = pending.get(a.id());
    if (p == null || !p.name().equals(a.name()) || p.type() != a.type()) {
      return; // not to an open question of ours
    }
    if (a.rcode() == DnsMessage.NXDOMAIN) {
      p.answer().completeExceptionally(new UnknownHostException(p.name() + ": no such name (NXDOMAIN)"));
    } else if (a.rcode() != DnsMessage.NOERROR) {
      p.answer().completeExceptionally(new UnknownHostException(p.name() + ": the server answered with response code " + a.rcode()));
    } else {
      p.answer().complete(a.addresses());
    }
  }

  /** Gives up every open question and closes the socket. */
  @Override
  public void close() {
    socket.close();
    pending.values().forEach(p -> p.answer().completeExceptionally(new TimeoutException("the resolver was closed")));
  }

  /**
   * Asks a server: {@code DnsResolver HOST:PORT NAME [A|AAAA]}; prints one address a line, and
   * exits 1 when there is none or no answer.
   *
   * @param args the server, the name, and the type (A by default)
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: DnsResolver HOST:PORT NAME [A|AAAA]");
      System.exit(2);
    }
    InetSocketAddress server = Udp.parseAddress(args[0]).orElseThrow(() -> new IllegalArgumentException("not HOST:PORT: " + args[0]));
    int type = args.length > 2 && args[2].equalsIgnoreCase("AAAA") ? DnsMessage.AAAA : DnsMessage.A;
    try (DnsResolver resolver = new DnsResolver(server, Duration.ofSeconds(1), 3)) {
      List<InetAddress> addresses = resolver.resolve(args[1], type).join();
      addresses.forEach(a -> System.out.println(a.getHostAddress()));
      System.exit(addresses.isEmpty() ? 1 : 0);
    } catch (java.util.concurrent.CompletionException e) {
      System.err.println("DnsResolver: " + String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
      System.exit(1);
    }
  }
}
