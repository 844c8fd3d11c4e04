package net.udp.testkit.runner;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.udp.testkit.Capability;
import org.jspecify.annotations.Nullable;

/**
 * The runner's command line, read and checked.
 *
 * @param provider the provider's name
 * @param rules the rule ids and groups asked for ({@code UDP-3}, {@code UDP-4.2}); empty for all
 * @param lacks what the provider declares it lacks
 * @param path jars or folders to load the provider from, besides the runner's own class path
 * @param report the folder for the JUnit XML report, or {@code null} for none
 * @param log the file for the provider's log output, or {@code null} to leave it on standard error
 * @param patience the patience, as {@code --patience} gave it, or {@code null} for the default
 * @param namespace whether to run in a network namespace of its own ({@code --namespace})
 */
record RunnerOptions(
    String provider,
    List<String> rules,
    List<Capability> lacks,
    List<Path> path,
    @Nullable Path report,
    @Nullable Path log,
    @Nullable String patience,
    boolean namespace) {

  private static final Pattern RULE = Pattern.compile("UDP-\\d+(\\.\\d+)?");

  static final String USAGE =
      """
      usage: ConformanceRunner --provider NAME [--path JARS] [--rules UDP-N[.M],...] [--lacks CAPABILITY,...]
                               [--report DIR] [--log FILE] [--patience SECONDS] [--namespace]
             ConformanceRunner --readme | --netns-setup | --help
        runs the net.udp conformance rules against the provider named NAME
        --path JARS        the provider's jars (and what they need), separated by the platform's path separator,
                           when they are not on the class path or module path already
        --rules LIST       only these rules or groups, for example UDP-3,UDP-4.2
        --lacks LIST       what the provider declares it lacks; the rules that need it are skipped with the reason:
                           %s
        --report DIR       also write a JUnit XML report there (CI systems read it)
        --log FILE         write the provider's log output there instead of standard error
        --patience SECONDS how long a rule waits for what must happen (default 5; a slow machine wants more)
        --readme           print the testkit's README (what every rule checks, capabilities, how to run them) and exit
        --netns-setup      print the script that sets up the namespace of the multicast and pressure rules, and exit
        --namespace        run in a network namespace of its own (unshare, and ip, as root or with user namespaces),
                           set up as the multicast rules need; without it they are skipped with the reason
      exit status: 0 no rule failed, 1 a rule failed, 2 bad usage or no such provider""";

  /** A usage error: one line that says what is wrong. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Reads a command line. */
  static RunnerOptions parse(String[] args) throws UsageException {
    String provider = null;
    List<String> rules = new ArrayList<>();
    List<Capability> lacks = new ArrayList<>();
    List<Path> path = new ArrayList<>();
    Path report = null;
    Path log = null;
    String patience = null;
    boolean namespace = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--namespace")) {
        namespace = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--provider" -> provider = value;
        case "--rules" -> {
          for (String rule : value.split(",", -1)) {
            String id = rule.strip().toUpperCase(Locale.ROOT);
            if (!RULE.matcher(id).matches()) {
              throw new UsageException("--rules: \"" + rule + "\" is not a rule or group, such as UDP-3 or UDP-4.2");
            }
            rules.add(id);
          }
        }
        case "--lacks" -> {
          for (String id : value.split(",", -1)) {
            lacks.add(Capability.byId(id).orElseThrow(() -> new UsageException("--lacks: no capability named \"" + id + "\"; there are " + ids())));
          }
        }
        case "--path" -> {
          for (String entry : value.split(File.pathSeparator, -1)) {
            if (!entry.isBlank()) {
              Path jar = Path.of(entry);
              if (!java.nio.file.Files.exists(jar)) {
                throw new UsageException("--path: " + jar + " does not exist" + (jar.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
              }
              path.add(jar);
            }
          }
        }
        case "--report" -> report = Path.of(value);
        case "--log" -> log = Path.of(value);
        case "--patience" -> patience = value;
        default -> throw new UsageException("unknown option " + option);
      }
    }
    if (provider == null) {
      throw new UsageException("--provider NAME is required");
    }
    return new RunnerOptions(provider, List.copyOf(rules), List.copyOf(lacks), List.copyOf(path), report, log, patience, namespace);
  }

  static String ids() {
    return String.join(", ", java.util.Arrays.stream(Capability.values()).map(Capability::id).toList());
  }

  /** The method-name prefixes of the rules asked for: {@code udp_3_} for UDP-3. */
  List<String> methodPrefixes() {
    if (rules.isEmpty()) {
      return List.of("udp_");
    }
    return rules.stream().map(id -> id.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_").toList();
  }
}
