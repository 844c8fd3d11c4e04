package net.udp.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The results the report reads: JMH's CSV files, and the "NAME key=value ..." lines of the C reference and the ping-pong harness. */
final class Results {
  private Results() {}

  /** One JMH result row. */
  record Row(String benchmark, Map<String, String> params, double score, String unit) {
    String param(String name) {
      return params.getOrDefault(name, "");
    }
  }

  static @Nullable Row secondary(List<Row> rows, Row primary, String metric) {
    for (Row r : rows) {
      if (r.benchmark().equals(primary.benchmark() + ":" + metric) && r.params().equals(primary.params())) {
        return r;
      }
    }
    return null;
  }

  static List<Row> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> header = fields(lines.get(0));
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = fields(line);
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < f.size(); i++) {
        if (header.get(i).startsWith("Param: ") && !f.get(i).isEmpty()) {
          params.put(header.get(i).substring(7), f.get(i));
        }
      }
      rows.add(new Row(f.get(header.indexOf("Benchmark")), params,
          Double.parseDouble(f.get(header.indexOf("Score"))), f.get(header.indexOf("Unit"))));
    }
    return rows;
  }

  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** Lines "NAME key=value ...", as benchmarks/run records the C reference's output. */
  static Map<String, Map<String, String>> readC(Path file) throws IOException {
    Map<String, Map<String, String>> results = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return results;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      List<String> words = new ArrayList<>();
      for (String word : line.trim().split("\\s+", -1)) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      if (words.size() < 2) {
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (String word : words.subList(1, words.size())) {
        int eq = word.indexOf('=');
        if (eq > 0) {
          values.put(word.substring(0, eq), word.substring(eq + 1));
        }
      }
      results.put(words.get(0), values);
    }
    return results;
  }
}
