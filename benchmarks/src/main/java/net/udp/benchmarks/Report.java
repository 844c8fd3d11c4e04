package net.udp.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import net.udp.benchmarks.Results.Row;
import org.jspecify.annotations.Nullable;

/**
 * Writes the benchmark report: one Markdown table per benchmark, each contender's figure with its
 * ratio to the C reference and to our epoll provider. Reads JMH's CSV results and the C
 * reference's output, as benchmarks/run leaves them.
 *
 * <pre>java -cp benchmarks.jar net.udp.benchmarks.Report C_RESULTS JMH_CSV...</pre>
 */
public final class Report {
  private static final List<String> CONTENDERS = List.of("epoll", "epoll-loop", "nio", "jdk", "netty-nio", "netty-epoll");

  private Report() {}

  /**
   * Prints the report.
   *
   * @param args the C reference's results file, then JMH's CSV files (one per JMH run: each has
   *     its own parameter columns)
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Report C_RESULTS JMH_CSV...");
      System.exit(2);
    }
    Map<String, Map<String, String>> c = Results.readC(Path.of(args[0]));
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      rows.addAll(Results.readCsv(Path.of(args[i])));
    }
    System.out.print(render(rows, c));
  }

  private static String render(List<Row> rows, Map<String, Map<String, String>> c) {
    StringBuilder out = new StringBuilder();
    drain(out, rows, c);
    throughput(out, rows);
    latency(out, rows, c);
    send(out, rows);
    OffloadTables.bulk(out, rows, c);
    OffloadTables.receiveOffload(out, rows);
    PlacementTables.asyncPingPong(out, c);
    return out.toString();
  }

  private static void drain(StringBuilder out, List<Row> rows, Map<String, Map<String, String>> c) {
    TreeSet<Integer> payloads = new TreeSet<>();
    rows.stream().filter(Report::plainDrain).forEach(r -> payloads.add(Integer.parseInt(r.param("payload"))));
    if (payloads.isEmpty()) {
      return;
    }
    out.append("### Receive drain: ns per datagram to deliver a full kernel queue\n\n");
    for (int payload : payloads) {
      Map<String, String> cm = c.get("drain-recvmmsg-" + payload);
      double cRecvmmsg = cm == null ? Double.NaN : Double.parseDouble(cm.get("median_ns"));
      Double epoll = null;
      for (Row r : rows) {
        if (plainDrain(r) && r.param("contender").equals("epoll")
            && Integer.parseInt(r.param("payload")) == payload && r.param("batch").equals("64")) {
          epoll = r.score() / Integer.parseInt(r.param("count"));
        }
      }
      out.append(String.format(Locale.ROOT, "%d-byte datagrams:%n%n", payload));
      out.append("| contender | ns/datagram | × C recvmmsg | × epoll | bytes allocated/datagram |\n| --- | ---: | ---: | ---: | ---: |\n");
      for (String name : new String[] {"recvmmsg", "recvfrom", "recvmmsg-same"}) {
        Map<String, String> m = c.get("drain-" + name + "-" + payload);
        if (m != null) {
          double ns = Double.parseDouble(m.get("median_ns"));
          String label = name.equals("recvmmsg-same") ? "C recvmmsg, drained on the filling core" : "C " + name;
          out.append(line(label, ns, cRecvmmsg, epoll, "0"));
        }
      }
      for (String contender : CONTENDERS) {
        for (Row r : rows) {
          if (!plainDrain(r) || !r.param("contender").equals(contender)
              || Integer.parseInt(r.param("payload")) != payload) {
            continue;
          }
          int count = Integer.parseInt(r.param("count"));
          double ns = r.score() / count;
          Row alloc = Results.secondary(rows, r, "gc.alloc.rate.norm");
          String bytes = alloc == null ? "" : String.format(Locale.ROOT, "%.3f", alloc.score() / count);
          String label = contender.equals("epoll") && !r.param("batch").equals("64") ? "epoll, batch " + r.param("batch") : contender;
          out.append(line(label, ns, cRecvmmsg, epoll, bytes));
        }
      }
      out.append('\n');
    }
  }

  /** A drain of datagrams queued one by one (those queued by a segmented send are OffloadTables'). */
  private static boolean plainDrain(Row r) {
    return r.benchmark().endsWith("DrainBenchmark.drain") && !r.param("fill").equals("segments");
  }

  private static String line(String label, double ns, double c, @Nullable Double epoll, String bytes) {
    return String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %s |%n",
        label, ns, Double.isNaN(c) ? "" : String.format(Locale.ROOT, "%.2f", ns / c),
        epoll == null ? "" : String.format(Locale.ROOT, "%.2f", ns / epoll), bytes);
  }

  private static void throughput(StringBuilder out, List<Row> rows) {
    List<Row> received = rows.stream().filter(r -> r.benchmark().endsWith("ThroughputBenchmark.interval:received")).toList();
    if (received.isEmpty()) {
      return;
    }
    out.append("### Receive throughput: a sender flooding the contender's socket (")
        .append(Flooder.method()).append(")\n\n");
    out.append("| contender | received/s | sent/s | dropped | × epoll |\n| --- | ---: | ---: | ---: | ---: |\n");
    double epoll = received.stream().filter(r -> r.param("contender").equals("epoll")).mapToDouble(Row::score).findFirst().orElse(Double.NaN);
    for (Row r : received) {
      Row sent = rows.stream()
          .filter(s -> s.benchmark().endsWith("ThroughputBenchmark.interval:sent") && s.params().equals(r.params()))
          .findFirst().orElse(null);
      double sentRate = sent == null ? Double.NaN : sent.score();
      out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f%% | %.2f |%n", r.param("contender"), r.score(), sentRate,
          100 * Math.max(0, 1 - r.score() / sentRate), r.score() / epoll));
    }
    out.append('\n');
  }

  private static void latency(StringBuilder out, List<Row> rows, Map<String, Map<String, String>> c) {
    List<Row> medians = rows.stream().filter(r -> r.benchmark().endsWith("LatencyBenchmark.roundTrip:p0.50")).toList();
    if (medians.isEmpty()) {
      return;
    }
    out.append("### Ping-pong: round trip of one 64-byte datagram, µs\n\n");
    out.append("| contender | median | 99th percentile |\n| --- | ---: | ---: |\n");
    Map<String, String> cp = c.get("pingpong");
    if (cp != null) {
      out.append(String.format(Locale.ROOT, "| C (blocking recv, echo thread) | %.1f | %.1f |%n",
          Double.parseDouble(cp.get("median_ns")) / 1000, Double.parseDouble(cp.get("p99_ns")) / 1000));
    }
    for (Row r : medians) {
      Row p99 = rows.stream()
          .filter(s -> s.benchmark().endsWith("LatencyBenchmark.roundTrip:p0.99") && s.params().equals(r.params()))
          .findFirst().orElse(null);
      out.append(String.format(Locale.ROOT, "| %s | %.1f | %s |%n", r.param("contender"), r.score(),
          p99 == null ? "" : String.format(Locale.ROOT, "%.1f", p99.score())));
    }
    out.append('\n');
  }

  private static void send(StringBuilder out, List<Row> rows) {
    List<Row> sends = rows.stream().filter(r -> r.benchmark().endsWith("SendBenchmark.burst")).toList();
    if (sends.isEmpty()) {
      return;
    }
    out.append("### Send: bursts of 4096 64-byte datagrams from one thread\n\n");
    out.append("| contender | datagrams/s | × jdk | bytes allocated/datagram |\n| --- | ---: | ---: | ---: |\n");
    double jdk = sends.stream().filter(r -> r.param("contender").equals("jdk")).mapToDouble(Row::score).findFirst().orElse(Double.NaN);
    for (Row r : sends) {
      Row alloc = Results.secondary(rows, r, "gc.alloc.rate.norm"); // per datagram: a burst counts as its datagrams
      out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s |%n", r.param("contender"), r.score(), r.score() / jdk,
          alloc == null ? "" : String.format(Locale.ROOT, "%.3f", alloc.score())));
    }
    out.append('\n');
  }
}
