package net.udp.testkit.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.spi.UdpProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs the conformance rules against a provider from the command line:
 *
 * <pre>
 * java -p MODULES -m net.udp.testkit/net.udp.testkit.runner.ConformanceRunner --provider nio [--rules UDP-3]
 * </pre>
 *
 * Prints one line per rule (its id, outcome and title, and the reason of a failure or skip), then
 * {@code N passed, N failed} ({@code , N skipped} after it when rules were skipped). Exits 0 when
 * no rule failed, 1 when one did, 2 on bad usage or when the provider cannot be found.
 */
public final class ConformanceRunner {
  private static final Pattern RULE_ID = Pattern.compile("^(UDP-\\d+\\.\\d+) (.*)$");

  private ConformanceRunner() {}

  /**
   * Runs the rules and exits with the status described above.
   *
   * @param args {@code --provider NAME}, optionally {@code --rules UDP-N[.M]}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the rules.
   *
   * @param args the command line
   * @param out where to print
   * @return the exit status: 0 passed, 1 failed, 2 bad usage
   */
  public static int run(String[] args, PrintStream out) {
    String provider = null;
    String rules = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--provider" -> provider = i + 1 < args.length ? args[++i] : null;
        case "--rules" -> rules = i + 1 < args.length ? args[++i] : "";
        case "-h", "--help" -> {
          usage(out);
          return 0;
        }
        default -> {
          out.println("unknown argument: " + args[i]);
          usage(out);
          return 2;
        }
      }
    }
    if (provider == null) {
      usage(out);
      return 2;
    }
    try {
      UdpProvider found = Udp.provider(provider);
      out.println("net.udp conformance rules against provider " + found);
    } catch (UdpException e) {
      out.println(e.getMessage());
      return 2;
    }
    System.setProperty(NamedProviderConformance.PROPERTY, provider);
    String methodPrefix = rules.isEmpty() ? "udp_" : rules.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(NamedProviderConformance.class))
            .filters(org.junit.platform.launcher.MethodFilter.includeMethodNamePatterns(".*#" + Pattern.quote(methodPrefix) + ".*"))
            .configurationParameter("junit.jupiter.execution.timeout.default", "120 s")
            .build();
    Report report = new Report(out);
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(request, report, summary);
    if (report.passed + report.failed + report.skipped == 0) {
      out.println("no rule matches " + (rules.isEmpty() ? "(all)" : rules));
      return 2;
    }
    out.println(report.passed + " passed, " + report.failed + " failed" + (report.skipped > 0 ? ", " + report.skipped + " skipped" : ""));
    return report.failed > 0 ? 1 : 0;
  }

  private static void usage(PrintStream out) {
    out.println("usage: ConformanceRunner --provider NAME [--rules UDP-N[.M]]");
    out.println("  runs the net.udp conformance rules against the provider named NAME");
    List<String> names = new ArrayList<>();
    Udp.providers().forEach(p -> names.add(p.toString()));
    out.println("  providers found: " + (names.isEmpty() ? "none" : String.join(", ", names)));
  }

  /** Prints a line per rule as it ends, and counts. */
  private static final class Report implements TestExecutionListener {
    private final PrintStream out;
    int passed;
    int failed;
    int skipped;

    Report(PrintStream out) {
      this.out = out;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      if (test.isTest()) {
        skipped++;
        out.println(line(test, "skipped") + " (" + reason + ")");
      }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest()) {
        return;
      }
      Optional<Throwable> cause = result.getThrowable();
      switch (result.getStatus()) {
        case SUCCESSFUL -> {
          passed++;
          out.println(line(test, "passed"));
        }
        case ABORTED -> {
          skipped++;
          out.println(line(test, "skipped") + " (" + cause.map(Throwable::getMessage).orElse("aborted") + ")");
        }
        case FAILED -> {
          failed++;
          out.println(line(test, "FAILED"));
          cause.ifPresent(t -> out.println("    " + String.valueOf(t).replace("\n", "\n    ")));
        }
      }
    }

    private static String line(TestIdentifier test, String outcome) {
      var m = RULE_ID.matcher(test.getDisplayName());
      String id = m.matches() ? m.group(1) : "?";
      String title = m.matches() ? m.group(2) : test.getDisplayName();
      return String.format(Locale.ROOT, "%-8s %-7s %s", id, outcome, title);
    }
  }
}
