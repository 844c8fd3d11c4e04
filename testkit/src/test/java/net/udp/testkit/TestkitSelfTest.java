package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.udp.spi.UdpProvider;
import net.udp.testkit.faults.FaultCatalog;
import net.udp.testkit.plain.PlainProvider;
import net.udp.testkit.property.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The testkit tested: a correct provider written without the provider kit, on the public API
 * alone, passes every rule; for every rule, that provider with one realistic fault fails it, with
 * the words the catalog expects; and the README states the rules as the code does.
 */
class TestkitSelfTest {

  /** The rules against the faulty provider of the case being run. */
  static class Faulty implements UdpConformance {
    static volatile @Nullable UdpProvider current;
    static volatile Set<Capability> currentLacks = Set.of();

    @Override
    public UdpProvider provider() {
      UdpProvider p = current;
      if (p == null) {
        throw new IllegalStateException("no faulty provider set");
      }
      return p;
    }

    @Override
    public Set<Capability> lacks() {
      return currentLacks;
    }
  }

  /** The rules against a provider written without the provider kit, on the public API alone. */
  static class WithoutTheKit implements UdpConformance {
    @Override
    public UdpProvider provider() {
      return new PlainProvider();
    }

    @Override
    public Set<Capability> lacks() {
      return PlainProvider.lacks();
    }
  }

  /**
   * Every rule against the plain provider. No fixed JUnit timeout may cut it short on a slow
   * machine: each rule is bounded by {@link RuleBound} (a multiple of the patience), so the whole
   * run is bounded by their sum; the annotation only lifts this module's one-minute default
   * above that sum at the default patience (about 130 rules of two minutes each).
   */
  @Test
  @Timeout(value = 6, unit = TimeUnit.HOURS)
  void aProviderWrittenWithoutTheKitPassesEveryRule() {
    Results results = run(selectClass(WithoutTheKit.class));
    assertEquals(List.of(), results.failed, "rules failed for the provider written without the kit:" + results.reasons);
    assertEquals(net.udp.testkit.runner.RunnerProcess.ruleCount(), results.passed + results.skipped);
  }

  /**
   * The patience of a rule run against a faulty provider: a fault that makes a rule wait in vain
   * costs this much instead of the full patience. A correct part of a rule that ran out of it
   * would fail with other words than the catalog's, so the words keep this honest.
   */
  private static final java.time.Duration FAULT_PATIENCE = java.time.Duration.ofMillis(1500);

  @TestFactory
  @Timeout(value = 6, unit = TimeUnit.HOURS) // as above; each case is one rule, bounded by RuleBound
  @ResourceLock(Property.SHRINK_RUNS_PROPERTY)
  Stream<DynamicTest> eachFaultIsCaughtByItsRule() {
    // To look at some cases only: -Dnet.udp.testkit.selftest.only=UDP-5.8,UDP-5.9
    List<String> only = Arrays.stream(System.getProperty("net.udp.testkit.selftest.only", "").split(",", -1)).filter(s -> !s.isBlank()).toList();
    return FaultCatalog.all().stream()
        .filter(c -> only.isEmpty() || only.contains(c.rule()))
        .map(c -> DynamicTest.dynamicTest(c.toString(), () -> caught(c)));
  }

  private static void caught(FaultCatalog.Case c) {
    Method rule = rules().get(c.rule());
    assertNotNull(rule, "no rule " + c.rule());
    System.setProperty(Property.SHRINK_RUNS_PROPERTY, "3"); // a failure is all this needs to see
    Rig.overridePatience(FAULT_PATIENCE);
    try {
      if (c.specialBase()) {
        Results control = runAgainst(c.base().get(), c.lacks(), rule);
        assertEquals(List.of(), control.failed, "the base of \"" + c + "\" must pass the rule itself:" + control.reasons);
      }
      Results results = runAgainst(c.provider(), c.lacks(), rule);
      assertEquals(List.of(c.rule()), results.failed,
          "the rules that caught a provider that " + c.fault() + " (" + results.passed + " passed, " + results.skipped + " skipped" + results.reasons + ")");
      String reason = results.reasons.toString();
      assertTrue(reason.contains(c.message()), c.rule() + " failed, but not with \"" + c.message() + "\":" + reason);
    } finally {
      Rig.overridePatience(null);
      System.clearProperty(Property.SHRINK_RUNS_PROPERTY);
      Faulty.current = null;
      FaultCatalog.cleanUp();
    }
  }

  private static Results runAgainst(UdpProvider provider, Set<Capability> lacks, Method rule) {
    Faulty.current = provider;
    Faulty.currentLacks = lacks;
    return run(selectMethod(Faulty.class, rule));
  }

  @Test
  void everyRuleHasAFaultThatItCatches() {
    Set<String> covered = FaultCatalog.all().stream().map(FaultCatalog.Case::rule).collect(Collectors.toCollection(TreeSet::new));
    Set<String> uncovered = new TreeSet<>(rules().keySet());
    uncovered.removeAll(covered);
    // Only a provider that collects metadata, marks what it sends or knows the path MTU can bend
    // them, and the self-test's base does none of it: these rules' faults are planted in the epoll provider's
    // EpollFaultsTest.
    uncovered.removeAll(Set.of("UDP-18.2", "UDP-18.3", "UDP-18.4", "UDP-18.5", "UDP-18.6", "UDP-18.9", "UDP-19.2"));
    assertEquals(Set.of(), uncovered, "rules that no fault in the self-test exercises");
    assertTrue(rules().keySet().containsAll(covered), "faults for rules that do not exist: " + covered);
  }

  /** Every rule method, by rule id. */
  private static java.util.Map<String, Method> rules() {
    return Arrays.stream(UdpConformance.class.getInterfaces())
        .flatMap(group -> Arrays.stream(group.getDeclaredMethods()))
        .filter(m -> m.getName().startsWith("udp_"))
        .collect(Collectors.toMap(m -> id(m.getName()), m -> m, (a, b) -> a, java.util.TreeMap::new));
  }

  /** What a run of rules gave: the ids of the failed rules, and counts. */
  private static final class Results implements TestExecutionListener {
    final List<String> failed = new java.util.ArrayList<>();
    final StringBuilder reasons = new StringBuilder();
    int passed;
    int skipped;

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      if (test.isTest()) {
        skipped++;
      }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest()) {
        return;
      }
      switch (result.getStatus()) {
        case SUCCESSFUL -> passed++;
        case ABORTED -> skipped++;
        case FAILED -> {
          failed.add(firstWord(test.getDisplayName()));
          reasons.append('\n').append(test.getDisplayName()).append(": ")
              .append(result.getThrowable().map(String::valueOf).orElse("?"));
        }
      }
    }
  }

  private static Results run(DiscoverySelector... selectors) {
    Results results = new Results();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .build(),
            results);
    return results;
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  private static final Pattern METHOD = Pattern.compile("udp_(\\d+)_(\\d+)_.*");

  private static String id(String method) {
    Matcher m = METHOD.matcher(method);
    if (!m.matches()) {
      throw new AssertionError("not a rule method name: " + method);
    }
    return "UDP-" + m.group(1) + "." + m.group(2);
  }

  @Test
  void theReadmeTableStatesEveryRuleAsTheCodeDoes() throws java.io.IOException {
    java.nio.file.Path readme = java.nio.file.Path.of(System.getProperty("basedir", "."), "README.md");
    Pattern row = Pattern.compile("^\\| (UDP-\\d+\\.\\d+) \\| (.*) \\|$");
    java.util.Map<String, String> documented = new java.util.TreeMap<>();
    for (String line : java.nio.file.Files.readAllLines(readme)) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        documented.put(m.group(1), m.group(2));
      }
    }
    java.util.Map<String, String> coded = new java.util.TreeMap<>();
    Arrays.stream(UdpConformance.class.getInterfaces())
        .flatMap(group -> Arrays.stream(group.getDeclaredMethods()))
        .filter(m -> m.getName().startsWith("udp_"))
        .forEach(m -> {
          String display = m.getAnnotation(org.junit.jupiter.api.DisplayName.class).value();
          coded.put(firstWord(display), display.substring(display.indexOf(' ') + 1));
        });
    assertEquals(coded, documented, "the rules table in testkit/README.md");
  }

  @Test
  void everyRuleIdIsUniqueAndMatchesItsMethodName() {
    List<Method> rules = Arrays.stream(UdpConformance.class.getInterfaces())
        .flatMap(group -> Arrays.stream(group.getDeclaredMethods()))
        .filter(m -> m.getName().startsWith("udp_"))
        .toList();
    Set<String> ids = new TreeSet<>();
    for (Method rule : rules) {
      String display = rule.getAnnotation(org.junit.jupiter.api.DisplayName.class).value();
      String id = firstWord(display);
      assertEquals(id(rule.getName()), id, rule.getName());
      assertTrue(ids.add(id), "duplicate rule id " + id);
    }
  }

  @Test
  void theReadmeListsTheRulesThatNeedEachCapability() throws java.io.IOException {
    java.nio.file.Path readme = java.nio.file.Path.of(System.getProperty("basedir", "."), "README.md");
    Pattern row = Pattern.compile("^\\| `([a-z0-9-]+)` \\| .* \\| (.*) \\|$");
    java.util.Map<String, String> documented = new java.util.TreeMap<>();
    for (String line : java.nio.file.Files.readAllLines(readme)) {
      Matcher m = row.matcher(line);
      if (m.matches() && Capability.byId(m.group(1)).isPresent()) {
        documented.put(m.group(1), m.group(2).strip());
      }
    }
    java.util.Map<String, java.util.List<String>> needs = new java.util.TreeMap<>();
    for (Capability c : Capability.values()) {
      needs.put(c.id(), new java.util.ArrayList<>());
    }
    Arrays.stream(UdpConformance.class.getInterfaces())
        .flatMap(group -> Arrays.stream(group.getDeclaredMethods()))
        .filter(m -> m.getName().startsWith("udp_") && m.isAnnotationPresent(Requires.class))
        .sorted(java.util.Comparator.comparing((Method m) -> id(m.getName()), java.util.Comparator.comparingLong(TestkitSelfTest::rank)))
        .forEach(m -> Arrays.stream(m.getAnnotation(Requires.class).value()).forEach(c -> needs.computeIfAbsent(c.id(), k -> new java.util.ArrayList<>()).add(id(m.getName()))));
    java.util.Map<String, String> coded = new java.util.TreeMap<>();
    needs.forEach((c, rules) -> coded.put(c, String.join(", ", rules)));
    assertEquals(coded, documented, "the capabilities table in testkit/README.md");
  }

  private static long rank(String id) {
    String[] parts = id.substring(4).split("\\.", -1);
    return Long.parseLong(parts[0]) * 1000 + Long.parseLong(parts[1]);
  }
}
