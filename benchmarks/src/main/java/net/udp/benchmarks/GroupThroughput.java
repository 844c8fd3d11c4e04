package net.udp.benchmarks;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import net.udp.Udp;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;

/**
 * A server group against one socket: SENDERS flooders, flooder {@code k} pinned to CPU {@code k}
 * (modulo the CPUs), flood one port served by a group of MEMBERS sockets, and the datagrams the
 * group receives per second are counted, in total and per member. Run it with one member and with
 * one per core, on the same machine:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Dnet.udp.epoll.pin=true -Dnet.udp.epoll.loops=CORES \
 *     -cp benchmarks.jar net.udp.benchmarks.GroupThroughput epoll MEMBERS SENDERS SECONDS
 * </pre>
 *
 * prints {@code members=... senders=... steered=... received_per_s=... sent_per_s=...
 * per_member=[...]}. On loopback a datagram is received on its sender's CPU, so a steered group
 * reads each flooder's datagrams on the flooder's own CPU, which also runs the kernel's delivery:
 * with one flooder per core, every core sends, delivers and reads its share, where one socket
 * reads everything on one core.
 */
public final class GroupThroughput {
  private GroupThroughput() {}

  /**
   * Measures and prints.
   *
   * @param args the provider, the members, the senders and the seconds
   * @throws Exception when the provider fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: GroupThroughput epoll|nio MEMBERS SENDERS SECONDS");
      System.exit(2);
    }
    int members = Integer.parseInt(args[1]);
    int senders = Integer.parseInt(args[2]);
    long nanos = Long.parseLong(args[3]) * 1_000_000_000L;
    AtomicLongArray received = new AtomicLongArray(members);
    List<UdpSocket> order = new CopyOnWriteArrayList<>(); // read by the loops, filled before they receive
    try (UdpServerGroup group = Udp.provider(args[0]).serverGroup(0, members, (socket, payload, from) -> received.incrementAndGet(order.indexOf(socket)))) {
      order.addAll(group.members());
      group.receive();
      InetSocketAddress to = new InetSocketAddress(PingPong.LOOPBACK, group.port());
      List<Flooder> flooders = new ArrayList<>();
      int cpus = Runtime.getRuntime().availableProcessors();
      try {
        for (int k = 0; k < senders; k++) {
          Flooder f = new Flooder(to, 64);
          flooders.add(f);
          f.start(k % cpus);
        }
        Thread.sleep(1_000); // the JIT settles, the flooders reach their pace
        long[] before = snapshot(received);
        long sentBefore = sent(flooders);
        long start = System.nanoTime();
        Thread.sleep(nanos / 1_000_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] after = snapshot(received);
        long sent = sent(flooders) - sentBefore;
        long total = 0;
        StringBuilder perMember = new StringBuilder();
        for (int i = 0; i < members; i++) {
          long n = after[i] - before[i];
          total += n;
          perMember.append(i == 0 ? "" : ",").append(Math.round(n / seconds));
        }
        System.out.printf(Locale.ROOT, "members=%d senders=%d steered=%b received_per_s=%d sent_per_s=%d per_member=[%s]%n",
            members, senders, group.steered(), Math.round(total / seconds), Math.round(sent / seconds), perMember);
      } finally {
        flooders.forEach(Flooder::close);
      }
    }
  }

  private static long[] snapshot(AtomicLongArray counts) {
    long[] copy = new long[counts.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  private static long sent(List<Flooder> flooders) {
    long sum = 0;
    for (Flooder f : flooders) {
      sum += f.sent();
    }
    return sum;
  }
}
