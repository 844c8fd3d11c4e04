package net.udp.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.ReceivedMetadata;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.SocketInfoBuilder;
import net.udp.spi.UdpProvider;
import net.udp.testkit.UdpConformance;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The rules UDP-18.2 to 18.6, 18.9 and 19.2, UDP-15.1's ECN-marked sends and UDP-14.3's truncated
 * coalesced reads can only be broken by a provider that collects metadata, marks what it sends,
 * coalesces reads or knows the path MTU, so their planted faults live here, on the epoll
 * provider, rather than in the testkit's self-test (whose base provider does none of it): each
 * fault bends what the epoll provider hands a callback, what its info() says, or what it is asked
 * to send, as a bug in talking to the kernel would, and its rule must fail.
 */
class EpollFaultsTest {

  /** How a fault bends the metadata of a datagram, which may depend on its sender and the socket it reached. */
  @FunctionalInterface
  interface Bend {
    /** Bends nothing. */
    Bend NONE = (m, from, socket) -> m;

    ReceivedMetadata apply(ReceivedMetadata metadata, InetSocketAddress from, UdpSocket socket);
  }

  /** A planted fault: the rule that must catch it, what it does, and what the failure says. */
  record Fault(String rule, String does, Bend bend, UnaryOperator<UdpSocketInfo> misreport, UnaryOperator<Datagram> strip, String message) {
    Fault(String rule, String does, UnaryOperator<ReceivedMetadata> bend, String message) {
      this(rule, does, (m, from, socket) -> bend.apply(m), UnaryOperator.identity(), UnaryOperator.identity(), message);
    }

    static Fault sending(String rule, String does, UnaryOperator<Datagram> strip, String message) {
      return new Fault(rule, does, Bend.NONE, UnaryOperator.identity(), strip, message);
    }

    static Fault seeing(String rule, String does, Bend bend, String message) {
      return new Fault(rule, does, bend, UnaryOperator.identity(), UnaryOperator.identity(), message);
    }

    @Override
    public String toString() {
      return rule + ": " + does;
    }
  }

  static final List<Fault> FAULTS = List.of(
      new Fault("udp_18_2", "reports the address the socket is bound to (the wildcard) as the destination",
          m -> bent(m, anyLocal(), m.ecn(), m.receiveTimeNanos()),
          "the destination of a datagram sent to"),
      new Fault("udp_18_2", "reports the local address that took a broadcast as its destination, as reading IP_PKTINFO's ipi_spec_dst for ipi_addr would",
          m -> bent(m, broadcastAsLocal(m.destination()), m.ecn(), m.receiveTimeNanos()),
          "the destination of a datagram sent to 127.255.255.255"),
      new Fault("udp_18_3", "swaps ECT(0) and ECT(1), as reading the codepoint's bits in the wrong order would",
          m -> bent(m, m.destination(), m.ecn() == 1 ? 2 : m.ecn() == 2 ? 1 : m.ecn(), m.receiveTimeNanos()),
          "the ECN codepoint of a datagram sent with TOS"),
      new Fault("udp_18_4", "stamps a datagram with the time its callback runs, not the kernel's",
          m -> bent(m, m.destination(), m.ecn(), now()), "was stamped when it arrived"),
      new Fault("udp_19_2", "reports the interface's MTU (loopback's) as the path MTU, not the route's",
          Bend.NONE, i -> i.pathMtu() > 0 ? SocketInfoBuilder.from(i).pathMtu(65_536).build() : i, UnaryOperator.identity(),
          "pathMtu() of a socket connected over the narrow route"),
      new Fault("udp_18_9", "tells -1 as the segment size of every datagram, as a provider that ignored UDP_GRO would",
          m -> segmented(m, -1), "segmentSize() of datagram"),
      new Fault("udp_18_9", "tells a segment size for datagrams read alone too, as one left over from the last read would",
          m -> segmented(m, m.segmentSize() > 0 ? m.segmentSize() : 7), "segmentSize() of a datagram sent alone"),
      new Fault("udp_18_9", "says receive offload is in effect after it was turned off, as an option read back from the wrong place would",
          Bend.NONE, i -> i.closed() ? i : SocketInfoBuilder.from(i).receiveOffload(true).build(), UnaryOperator.identity(),
          "receiveOffload() after setReceiveOffload(false)"),
      Fault.seeing("udp_18_4", "tells no hop limit for IPv4 senders on a dual-stack socket, as one that asked for IPV6_RECVHOPLIMIT but not IP_RECVTTL would",
          (m, from, socket) -> from.getAddress() instanceof java.net.Inet4Address && socket.info().ipv6() ? hops(m, -1) : m,
          "the hop limit of a datagram from 127.0.0.1 to a dual-stack socket"),
      new Fault("udp_14_3", "tells every datagram of a coalesced read truncated, the short last one too, as one that took the read's MSG_TRUNC for each would",
          m -> m.segmentSize() > 0 ? cut(m) : m, "truncated() of datagram 9 of"),
      Fault.sending("udp_18_5", "sends ECT(0) (2) for every codepoint, as a socket-wide TOS set once would",
          d -> d.ecn() > 0 ? copy(d).ecn(2) : d, "the ECN codepoint of a datagram sent with"),
      Fault.sending("udp_18_5", "sends an unmarked datagram made on the loop with the last mark made there, as a reused send slot would",
          EpollFaultsTest::lastLoopMark, "sent from a callback with -1"),
      Fault.sending("udp_18_6", "sends a datagram from the system's choice of address, whatever its source",
          d -> copy(d).from(null), "the sender of a datagram sent from 127.0.0.2"),
      Fault.sending("udp_15_1", "loses ECN-marked datagrams and calls them sent, as a sendmsg path that took \"nothing sent\" for sent would",
          d -> d.ecn() >= 0 && d.target() != null ? copy(d).to(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)) : d,
          "was reported as sent"));

  @TestFactory
  Stream<DynamicTest> eachMetadataFaultIsCaughtByItsRule() {
    return FAULTS.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
      Method rule = Arrays.stream(UdpConformance.class.getMethods()).filter(m -> m.getName().startsWith(f.rule() + "_")).findFirst().orElseThrow();
      Faulty.bend = Bend.NONE;
      Faulty.misreport = UnaryOperator.identity();
      Faulty.strip = UnaryOperator.identity();
      assertEquals(List.of(), run(rule), "the epoll provider itself must pass " + f.rule());
      Faulty.bend = f.bend();
      Faulty.misreport = f.misreport();
      Faulty.strip = f.strip();
      try {
        List<String> failures = run(rule);
        assertEquals(1, failures.size(), "the rule did not catch a provider that " + f.does());
        assertTrue(failures.get(0).contains(f.message()), () -> f.rule() + " failed, but not with \"" + f.message() + "\": " + failures);
      } finally {
        Faulty.bend = Bend.NONE;
        Faulty.misreport = UnaryOperator.identity();
        Faulty.strip = UnaryOperator.identity();
      }
    }));
  }

  /** The rules against the epoll provider with {@link #bend} planted in every receive callback. */
  static class Faulty implements UdpConformance {
    static volatile Bend bend = Bend.NONE;
    static volatile UnaryOperator<UdpSocketInfo> misreport = UnaryOperator.identity();
    static volatile UnaryOperator<Datagram> strip = UnaryOperator.identity();

    @Override
    public UdpProvider provider() {
      return new BentProvider();
    }
  }

  /** The epoll provider, its sockets behind a proxy that bends the metadata their callbacks see. */
  static final class BentProvider extends UdpProvider {
    private final EpollProvider epoll = new EpollProvider();

    @Override
    public String name() {
      return "epoll-bent";
    }

    @Override
    public int priority() {
      return 0;
    }

    @Override
    public String apiVersion() {
      return epoll.apiVersion();
    }

    @Override
    public Availability availability() {
      return epoll.availability();
    }

    @Override
    public UdpSocket newSocket(@Nullable ReceiveCallback callback) {
      UdpSocket[] proxy = new UdpSocket[1];
      UdpSocket real = epoll.newSocket(callback == null ? null : bent(callback, () -> proxy[0]));
      InvocationHandler handler = (self, method, args) -> {
        Object[] a = args == null ? new Object[0] : args.clone();
        for (int i = 0; i < a.length; i++) {
          if (a[i] instanceof ReceiveCallback c) {
            a[i] = bent(c, () -> proxy[0]);
          } else if (a[i] instanceof Datagram d) {
            a[i] = Faulty.strip.apply(d);
          }
        }
        try {
          Object result = method.invoke(real, a);
          if (result instanceof UdpSocketInfo info) {
            return Faulty.misreport.apply(info);
          }
          return result instanceof UdpSocket s && s.equals(real) ? self : result; // a chained call goes on through the proxy
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      };
      proxy[0] = (UdpSocket) Proxy.newProxyInstance(UdpSocket.class.getClassLoader(), new Class<?>[] {UdpSocket.class}, handler);
      return proxy[0];
    }

    private static ReceiveCallback bent(ReceiveCallback callback, java.util.function.Supplier<UdpSocket> socket) {
      return new ReceiveCallback() {
        @Override
        public void onReceive(UdpSocket s, ByteBuffer payload, InetSocketAddress sender) {
          callback.onReceive(socket.get(), payload, sender);
        }

        @Override
        public void onReceive(UdpSocket s, ByteBuffer payload, InetSocketAddress sender, ReceivedMetadata metadata) {
          callback.onReceive(socket.get(), payload, sender, Faulty.bend.apply(metadata, sender, socket.get()));
        }
      };
    }
  }

  private static ReceivedMetadata bent(ReceivedMetadata m, @Nullable InetAddress destination, int ecn, long receiveTime) {
    return bent(m, destination, ecn, receiveTime, m.segmentSize());
  }

  private static ReceivedMetadata segmented(ReceivedMetadata m, int segment) {
    return bent(m, m.destination(), m.ecn(), m.receiveTimeNanos(), segment);
  }

  private static ReceivedMetadata bent(ReceivedMetadata m, @Nullable InetAddress destination, int ecn, long receiveTime, int segment) {
    return bent(m, destination, ecn, receiveTime, segment, m.hopLimit(), m.truncated());
  }

  private static ReceivedMetadata hops(ReceivedMetadata m, int hops) {
    return bent(m, m.destination(), m.ecn(), m.receiveTimeNanos(), m.segmentSize(), hops, m.truncated());
  }

  private static ReceivedMetadata cut(ReceivedMetadata m) {
    return bent(m, m.destination(), m.ecn(), m.receiveTimeNanos(), m.segmentSize(), m.hopLimit(), true);
  }

  private static ReceivedMetadata bent(ReceivedMetadata m, @Nullable InetAddress destination, int ecn, long receiveTime, int segment, int hops,
      boolean cut) {
    int index = m.interfaceIndex();
    return new ReceivedMetadata() {
      @Override
      public boolean truncated() {
        return cut;
      }

      @Override
      public int segmentSize() {
        return segment;
      }

      @Override
      public @Nullable InetAddress destination() {
        return destination;
      }

      @Override
      public int interfaceIndex() {
        return index;
      }

      @Override
      public int ecn() {
        return ecn;
      }

      @Override
      public int hopLimit() {
        return hops;
      }

      @Override
      public long receiveTimeNanos() {
        return receiveTime;
      }
    };
  }

  /** A copy of a datagram, for a fault to change: the caller's own stays as it was. */
  private static Datagram copy(Datagram d) {
    InetSocketAddress to = d.target();
    Datagram c = Datagram.of(d.payload()).tag(d.tag()).segments(d.segmentSize()).ecn(d.ecn()).from(d.source());
    return to == null ? c : c.to(to);
  }

  /** 127.255.255.255 as 127.0.0.1; any other address as it is. */
  private static @Nullable InetAddress broadcastAsLocal(@Nullable InetAddress destination) {
    return destination != null && destination.equals(InetAddress.ofLiteral("127.255.255.255")) ? InetAddress.getLoopbackAddress() : destination;
  }

  private static final java.util.concurrent.atomic.AtomicInteger LOOP_MARK = new java.util.concurrent.atomic.AtomicInteger(-1);

  /** On a loop thread, a datagram with no codepoint takes the last one sent there. */
  private static Datagram lastLoopMark(Datagram d) {
    if (!Thread.currentThread().getName().startsWith("net.udp-epoll-")) {
      return d;
    }
    if (d.ecn() > 0) {
      LOOP_MARK.set(d.ecn());
      return d;
    }
    int mark = LOOP_MARK.get();
    return d.ecn() < 0 && mark > 0 ? copy(d).ecn(mark) : d;
  }

  private static InetAddress anyLocal() {
    try {
      return InetAddress.getByAddress(new byte[16]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static long now() {
    Instant at = Instant.now();
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** Runs one rule of {@link Faulty}, and returns the failures' messages. */
  private static List<String> run(Method rule) {
    List<String> failures = new ArrayList<>();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(Faulty.class, rule)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
              failures.add(result.getThrowable().map(String::valueOf).orElse(result.getStatus().toString()));
            }
          }
        });
    return failures;
  }
}
