package net.udp.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous ping-pong in each placement: both ends on one CPU ({@code shared}) and on two
 * ({@code split}), every contender in the same run, so that a ratio compares code, not where the
 * scheduler put the threads. The C reference blocks in {@code recv} or spins on it; the providers
 * park at once, spin before parking, or never park ({@code -Dnet.udp.epoll.idle=park|spin|busy}).
 */
final class PlacementTables {
  /** The contenders, as {@code benchmarks/run} names their results ({@code async-PLACEMENT-NAME}). */
  static final List<String> CONTENDERS =
      List.of("epoll-park", "epoll-spin", "epoll-busy", "nio-park", "nio-spin", "jdk", "netty-epoll", "netty-nio");

  private PlacementTables() {}

  static void asyncPingPong(StringBuilder out, Map<String, Map<String, String>> results) {
    for (String placement : List.of("split", "shared")) {
      Map<String, String> block = results.get("pingpong-" + placement);
      Map<String, String> spin = results.get("pingpong-spin-" + placement);
      if (block == null && CONTENDERS.stream().noneMatch(name -> results.containsKey("async-" + placement + "-" + name))) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "### Asynchronous ping-pong, %s: the next ping leaves from the reply callback; 64 bytes, µs%n%n",
          placement.equals("split") ? "split placement (client on CPU 0, server on CPU 1)" : "shared placement (both ends on CPU 0)"));
      out.append("| contender | median | 99th percentile | 99.9th percentile | median × C blocking | median × C spinning |\n");
      out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
      double cBlock = median(block);
      double cSpin = median(spin);
      row(out, "C, blocking recv", block, cBlock, cSpin);
      row(out, "C, spinning recv", spin, cBlock, cSpin);
      for (String name : CONTENDERS) {
        row(out, name, results.get("async-" + placement + "-" + name), cBlock, cSpin);
      }
      out.append('\n');
    }
  }

  private static double median(@Nullable Map<String, String> m) {
    String median = m == null ? null : m.get("median_ns");
    return median == null ? Double.NaN : Double.parseDouble(median);
  }

  private static void row(StringBuilder out, String name, @Nullable Map<String, String> m, double cBlock, double cSpin) {
    double median = median(m);
    if (m == null || Double.isNaN(median)) {
      return;
    }
    out.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s |%n", name, median / 1000, micros(m.get("p99_ns")),
        micros(m.get("p999_ns")), ratio(median, cBlock), ratio(median, cSpin)));
  }

  private static String micros(@Nullable String nanos) {
    return nanos == null ? "" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(nanos) / 1000);
  }

  private static String ratio(double x, double y) {
    return Double.isNaN(y) ? "" : String.format(Locale.ROOT, "%.2f", x / y);
  }
}
