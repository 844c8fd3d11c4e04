package net.udp.testkit.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.spi.UdpProvider;
import net.udp.testkit.Capability;
import net.udp.testkit.MulticastNet;
import net.udp.testkit.Rig;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the conformance rules against a provider from the command line, with nothing but the
 * runner's jar, the provider's jars and a JDK:
 *
 * <pre>
 * java -jar udp-testkit-VERSION-runner.jar --provider NAME --path PROVIDER.jar [--rules UDP-3,UDP-4.2] [--report DIR]
 * </pre>
 *
 * Prints one line per rule (its id, outcome and title, and the reason of a failure or skip) on
 * standard output, then {@code N passed, N failed} ({@code , N skipped} after it when rules were
 * skipped); the provider's own log output goes to standard error, or to {@code --log FILE}. Exits
 * 0 when no rule failed, 1 when one did, 2 on bad usage or when the provider cannot be found.
 */
public final class ConformanceRunner {
  private static final Pattern RULE_ID = Pattern.compile("^(UDP-\\d+\\.\\d+) (.*)$");

  private ConformanceRunner() {}

  /**
   * Runs the rules and exits with the status described above.
   *
   * @param args the command line; see the class documentation
   * @throws IOException when the report or the log cannot be written
   */
  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the rules.
   *
   * @param args the command line
   * @param out where the verdicts go
   * @return the exit status: 0 passed, 1 failed, 2 bad usage
   * @throws IOException when the report or the log cannot be written
   */
  public static int run(String[] args, PrintStream out) throws IOException {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(RunnerOptions.USAGE.formatted(RunnerOptions.ids()));
      return 0;
    }
    if (args.length == 1 && (args[0].equals("--readme") || args[0].equals("--netns-setup"))) {
      String name = args[0].equals("--readme") ? "README.md" : MulticastNet.SETUP;
      try (java.io.InputStream text = MulticastNet.class.getResourceAsStream(name)) {
        if (text == null) {
          out.println("ConformanceRunner: this build carries no " + name);
          return 2;
        }
        out.print(new String(text.readAllBytes(), StandardCharsets.UTF_8));
        out.flush();
        return 0;
      }
    }
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args);
    } catch (RunnerOptions.UsageException e) {
      out.println("ConformanceRunner: " + e.getMessage() + " (--help says more)");
      return 2;
    }
    if (options.namespace() && !InNamespace.inside()) {
      return InNamespace.rerun(args, out);
    }
    if (options.patience() != null) {
      System.setProperty(Rig.PATIENCE_PROPERTY, options.patience());
    }
    ClassLoader loader = loader(options.path());
    Thread.currentThread().setContextClassLoader(loader);
    UdpProvider found;
    try {
      found = Udp.provider(options.provider());
    } catch (UdpException e) {
      out.println(e.getMessage());
      return 2;
    }
    out.println("net.udp conformance rules against provider " + found
        + (options.lacks().isEmpty() ? "" : ", which lacks " + options.lacks().stream().map(Capability::id).collect(Collectors.joining(", "))));
    System.setProperty(NamedProviderConformance.PROPERTY, options.provider());
    System.setProperty(NamedProviderConformance.LACKS_PROPERTY, options.lacks().stream().map(Capability::id).collect(Collectors.joining(",")));
    Path logFile = options.log();
    if (logFile == null) {
      return execute(options, out);
    }
    PrintStream err = System.err;
    try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
      System.setErr(log);
      return execute(options, out);
    } finally {
      System.setErr(err);
    }
  }

  private static int execute(RunnerOptions options, PrintStream out) throws IOException {
    String[] patterns = options.methodPrefixes().stream().map(p -> ".*#" + Pattern.quote(p) + ".*").toArray(String[]::new);
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(NamedProviderConformance.class))
            .filters(MethodFilter.includeMethodNamePatterns(patterns))
            .build();
    Report report = new Report(out);
    List<TestExecutionListener> listeners = new ArrayList<>(List.of(report));
    if (options.report() != null) {
      Files.createDirectories(options.report());
      listeners.add(new LegacyXmlReportGeneratingListener(options.report(), new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)));
    }
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, listeners.toArray(TestExecutionListener[]::new));
    if (report.passed + report.failed + report.skipped == 0) {
      out.println("no rule matches " + (options.rules().isEmpty() ? "(all)" : String.join(",", options.rules())));
      return 2;
    }
    out.println(report.passed + " passed, " + report.failed + " failed" + (report.skipped > 0 ? ", " + report.skipped + " skipped" : ""));
    return report.failed > 0 ? 1 : 0;
  }

  private static ClassLoader loader(List<Path> path) throws MalformedURLException {
    ClassLoader parent = ConformanceRunner.class.getClassLoader();
    if (path.isEmpty()) {
      return parent == null ? ClassLoader.getSystemClassLoader() : parent;
    }
    URL[] urls = new URL[path.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = path.get(i).toUri().toURL();
    }
    return new URLClassLoader("net.udp.testkit.provider", urls, parent);
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
          cause.ifPresent(t -> {
            out.println("    " + String.valueOf(t).replace("\n", "\n    "));
            step(t).ifPresent(at -> out.println("    failed at " + at));
            if (unsupported(t)) {
              out.println("    the provider does not support something this rule uses: if it lacks a capability on purpose, declare it with --lacks CAPABILITY ("
                  + RunnerOptions.ids() + ")");
            }
          });
        }
      }
    }

    /** The step of the rule that failed: the first line of a rule group's source in the trace. */
    private static Optional<String> step(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().startsWith("net.udp.testkit.") && frame.getClassName().endsWith("Rules") && !frame.getClassName().equals("net.udp.testkit.Rules")
              && frame.getFileName() != null) {
            return Optional.of(frame.getFileName() + ":" + frame.getLineNumber());
          }
        }
      }
      return Optional.empty();
    }

    private static boolean unsupported(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof UnsupportedOperationException) {
          return true;
        }
      }
      return false;
    }

    private static String line(TestIdentifier test, String outcome) {
      var m = RULE_ID.matcher(test.getDisplayName());
      String id = m.matches() ? m.group(1) : "?";
      String title = m.matches() ? m.group(2) : test.getDisplayName();
      return String.format(Locale.ROOT, "%-8s %-7s %s", id, outcome, title);
    }
  }
}
