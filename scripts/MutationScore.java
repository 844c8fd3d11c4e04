import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The score line of scripts/mutation, from PIT's mutations.xml and the reviewed exclusions:
 * {@code java scripts/MutationScore.java MODULE MUTATIONS.xml[:MUTATIONS.xml...] EXCLUSIONS.tsv SECONDS [SURVIVORS.tsv]};
 * with several reports (runs of the same mutants under different rules), a mutant counts as killed
 * when any run killed it. SURVIVORS.tsv, when given, receives every survivor the exclusions did
 * not take (class, method, line, description), the list a reviewer works through.
 *
 * <p>Killed counts PIT's KILLED, TIMED_OUT, MEMORY_ERROR and RUN_ERROR (a rule noticed: it failed,
 * hung or crashed); NON_VIABLE mutants (which do not load) and excluded ones are left out. An
 * exclusion is a line "CLASS TAB METHOD TAB DESCRIPTION TAB KIND TAB REASON" of the tsv (# starts a
 * comment); it matches every mutant of that class and method with PIT's description, at any line,
 * so that edits elsewhere in the file do not lose it. It takes survivors only: a killed mutant it
 * matches still counts as killed, and one no rule reached as without coverage, so that a line
 * written for one equivalent survivor cannot hide a mutant of the same kind nearby. A line that
 * takes no survivor of a class this run mutated is stale, and said so on standard error.
 */
public class MutationScore {
  record Exclusion(String type, String method, String description) {}

  public static void main(String[] args) throws Exception {
    String module = args[0];
    List<Exclusion> exclusions = new ArrayList<>();
    Path tsv = Path.of(args[2]);
    if (Files.exists(tsv)) {
      for (String line : Files.readAllLines(tsv)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length < 5 || f[4].isBlank()) {
          throw new IllegalArgumentException(tsv + ": an exclusion needs class, method, description, kind and reason: " + line);
        }
        exclusions.add(new Exclusion(f[0], f[1], f[2]));
      }
    }
    // One status a mutant, the best over the runs: killed by any, else survived where any covered it.
    Map<String, String> best = new LinkedHashMap<>();
    Map<String, Exclusion> keys = new LinkedHashMap<>();
    java.util.Set<String> mutated = new java.util.HashSet<>();
    for (String file : args[1].split(":", -1)) {
      NodeList mutations = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of(file).toFile()).getElementsByTagName("mutation");
      for (int i = 0; i < mutations.getLength(); i++) {
        Element m = (Element) mutations.item(i);
        String id = String.join("|", text(m, "mutatedClass"), text(m, "mutatedMethod"), text(m, "methodDescription"), text(m, "lineNumber"),
            text(m, "mutator"), text(m, "indexes"), text(m, "description"));
        keys.put(id, new Exclusion(text(m, "mutatedClass"), text(m, "mutatedMethod"), text(m, "description")));
        mutated.add(text(m, "mutatedClass"));
        best.merge(id, m.getAttribute("status"), (a, b) -> rank(a) >= rank(b) ? a : b);
      }
    }
    int total = 0, killed = 0, survived = 0, noCoverage = 0, excluded = 0;
    java.util.Set<Exclusion> used = new java.util.HashSet<>();
    List<String> survivors = new ArrayList<>();
    for (Map.Entry<String, String> e : best.entrySet()) {
      String status = e.getValue();
      if (status.equals("NON_VIABLE")) {
        continue;
      }
      if (rank(status) == 2 && exclusions.contains(keys.get(e.getKey()))) {
        used.add(keys.get(e.getKey()));
        excluded++;
        continue;
      }
      total++;
      switch (rank(status)) {
        case 3 -> killed++;
        case 1 -> noCoverage++;
        default -> {
          survived++;
          String[] f = e.getKey().split("\\|", -1); // class, method, descriptor, line, mutator, indexes, description
          survivors.add(String.join("\t", f[0], f[1], f[3], f[6]));
        }
      }
    }
    for (Exclusion x : exclusions) {
      if (mutated.contains(x.type()) && !used.contains(x)) {
        System.err.println(module + ": stale exclusion, no survivor matches it: " + x.type() + " " + x.method() + " " + x.description());
      }
    }
    if (args.length > 4) {
      Files.write(Path.of(args[4]), survivors);
    }
    int covered = total - noCoverage;
    System.out.printf(Locale.ROOT, "%s: mutation score %d%% (killed %d of %d, survived %d, no coverage %d); of covered %d%%; %d excluded; %s s%n",
        module, percent(killed, total), killed, total, survived, noCoverage, percent(killed, covered), excluded, args[3]);
  }

  /** How far a status got: no coverage, then survived, then noticed by a rule. */
  private static int rank(String status) {
    return switch (status) {
      case "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR" -> 3;
      case "SURVIVED" -> 2;
      case "NO_COVERAGE" -> 1;
      default -> 0;
    };
  }

  private static int percent(int part, int whole) {
    return whole == 0 ? 100 : (int) Math.floor(100.0 * part / whole);
  }

  private static String text(Element m, String tag) {
    NodeList n = m.getElementsByTagName(tag);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
  }
}
