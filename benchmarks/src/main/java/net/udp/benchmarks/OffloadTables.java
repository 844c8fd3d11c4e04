package net.udp.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.udp.benchmarks.Results.Row;

/**
 * The report's tables for sending and receiving in segments: bulk transfer per datagram, batched
 * and segmented; the drain of a segmented send with and without receive offload.
 */
final class OffloadTables {
  private OffloadTables() {}

  static void bulk(StringBuilder out, List<Row> rows, Map<String, Map<String, String>> c) {
    List<Row> bulk = rows.stream().filter(r -> r.benchmark().endsWith("BulkSendBenchmark.transfer")).toList();
    if (bulk.isEmpty()) {
      return;
    }
    out.append("### Bulk send: 16 MiB in 1200-byte datagrams from one thread, to a sink that never reads\n\n");
    out.append("| contender | datagrams/s | × epoll (one call per datagram) | bytes allocated/datagram |\n| --- | ---: | ---: | ---: |\n");
    double epoll = bulk.stream().filter(r -> r.param("contender").equals("epoll")).mapToDouble(Row::score).findFirst().orElse(Double.NaN);
    for (String mode : new String[] {"sendto", "sendmmsg", "gso"}) {
      Map<String, String> m = c.get("bulk-" + mode);
      if (m != null) {
        double perSecond = 1e9 / Double.parseDouble(m.get("median_ns"));
        out.append(String.format(Locale.ROOT, "| C %s | %,.0f | %.2f | 0 |%n", mode.equals("gso") ? "sendmsg with UDP_SEGMENT" : mode, perSecond, perSecond / epoll));
      }
    }
    for (Row r : bulk) {
      Row alloc = Results.secondary(rows, r, "gc.alloc.rate.norm");
      out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s |%n", r.param("contender"), r.score(), r.score() / epoll,
          alloc == null ? "" : String.format(Locale.ROOT, "%.3f", alloc.score())));
    }
    out.append('\n');
  }

  static void receiveOffload(StringBuilder out, List<Row> rows) {
    List<Row> drains = rows.stream()
        .filter(r -> r.benchmark().endsWith("DrainBenchmark.drain") && r.param("fill").equals("segments")).toList();
    if (drains.isEmpty()) {
      return;
    }
    out.append("### Receive offload: draining what segmented sends queued, ns per datagram\n\n");
    out.append("| contender | payload | ns/datagram | datagrams/s | × epoll without GRO | bytes allocated/datagram (filler included) |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : drains) {
      int count = Integer.parseInt(r.param("count"));
      double ns = r.score() / count;
      double plain = drains.stream()
          .filter(p -> p.param("contender").equals("epoll") && p.param("payload").equals(r.param("payload")))
          .mapToDouble(p -> p.score() / count).findFirst().orElse(Double.NaN);
      Row alloc = Results.secondary(rows, r, "gc.alloc.rate.norm");
      out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %,.0f | %.2f | %s |%n", r.param("contender"), r.param("payload"), ns,
          1e9 / ns, plain / ns, alloc == null ? "" : String.format(Locale.ROOT, "%.3f", alloc.score() / count)));
    }
    out.append('\n');
  }
}
