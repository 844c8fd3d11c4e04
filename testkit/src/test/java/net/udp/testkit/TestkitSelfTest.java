package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import net.udp.testkit.property.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The testkit tested: a correct provider written without the provider kit, on the public API
 * alone, passes every rule, and for each group of rules that provider with one fault of that
 * group's kind fails the rules that should catch it.
 */
class TestkitSelfTest {

  /** What the plain provider lacks: a blocking DatagramChannel cannot do these. */
  static final Set<Capability> PLAIN_LACKS = Set.of(Capability.EMPTY_WHEN_CONNECTED, Capability.KERNEL_DROPS);

  /** The rules against the faulty provider of the case being run. */
  static class Faulty implements UdpConformance {
    static volatile @Nullable UdpProvider current;

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
      return PLAIN_LACKS;
    }
  }

  /**
   * A fault, the group whose rules must catch it, and the rules that do.
   *
   * @param fault what is broken
   * @param inject how to break a socket
   * @param group the rule group
   * @param rules the rules (method names) that must fail
   */
  record Case(String fault, UnaryOperator<UdpSocket> inject, Class<?> group, List<String> rules) {
    @Override
    public String toString() {
      return fault + " is caught by " + group.getSimpleName();
    }
  }

  static Stream<Case> faults() {
    return Stream.of(
        new Case("drops every hundredth datagram", Faults::dropsEveryHundredth, DeliveryRules.class,
            List.of("udp_1_4_oneSendersDatagramsArriveInOrder")),
        new Case("does not count truncation", Faults::uncountedTruncation, SizeRules.class,
            List.of("udp_2_1_longDatagramsAreTruncatedAndCounted")),
        new Case("receiveOne receives continuously", Faults::receiveOneIsContinuous, ModeRules.class,
            List.of("udp_3_2_receiveOneDeliversOnePerCall", "udp_3_4_anySequenceOfModesLosesNothing")),
        new Case("calls send callbacks twice", Faults::callsBackTwice, SendRules.class,
            List.of("udp_4_1_everyCallbackOnceInOrder")),
        new Case("ignores connect's filter", Faults::ignoresConnect, ConnectRules.class,
            List.of("udp_5_1_connectedSocketsHearOnlyTheirPeer")),
        new Case("inverts the broadcast flag", Faults::broadcastFlagInverted, BroadcastRules.class,
            List.of("udp_6_1_seedBroadcastReachesEveryListener", "udp_6_2_broadcastFlagMeansWhatItSays")),
        new Case("ignores enableIPv", Faults::ignoresEnableIPv, VersionRules.class,
            List.of("udp_7_3_ipv4OnlySockets", "udp_7_6_infoReportsEveryCombination")),
        new Case("says closed when open", Faults::infoAlwaysClosed, InfoRules.class,
            List.of("udp_8_2_listeningSocketInfo")),
        new Case("calls back after close", Faults::callsBackAfterClose, LifeCycleRules.class,
            List.of("udp_9_1_closeWhileDatagramsFlow", "udp_9_2_closeInsideACallback")),
        new Case("accepts ports out of range", Faults::acceptsAnyPort, BadInputRules.class,
            List.of("udp_10_1_portsOutOfRange")),
        new Case("drops every hundredth datagram under load", Faults::dropsEveryHundredth, LoadRules.class,
            List.of("udp_11_1_sustainedStreamLosesNothing")),
        new Case("counts no failing callback", Faults::uncountedCallbackFailures, RobustnessRules.class,
            List.of("udp_12_7_callbackFailuresAreCounted")));
  }

  /** The rules against a provider written without the provider kit, on the public API alone. */
  static class WithoutTheKit implements UdpConformance {
    @Override
    public UdpProvider provider() {
      return new net.udp.testkit.plain.PlainProvider();
    }

    @Override
    public Set<Capability> lacks() {
      return PLAIN_LACKS; // a blocking DatagramChannel too
    }
  }

  @Test
  void aProviderWrittenWithoutTheKitPassesEveryRule() {
    Results results = run(selectClass(WithoutTheKit.class));
    assertEquals(List.of(), results.failed, "rules failed for the provider written without the kit:" + results.reasons);
    assertEquals(net.udp.testkit.runner.RunnerProcess.ruleCount(), results.passed + results.skipped);
  }

  @TestFactory
  @ResourceLock(Property.SHRINK_RUNS_PROPERTY)
  Stream<DynamicTest> eachFaultIsCaughtByTheRulesOfItsGroup() {
    return faults().map(c -> DynamicTest.dynamicTest(c.toString(), () -> caught(c)));
  }

  private static void caught(Case c) throws NoSuchMethodException {
    Faulty.current = new Faults.FaultyProvider(c.fault(), new net.udp.testkit.plain.PlainProvider(), c.inject());
    System.setProperty(Property.SHRINK_RUNS_PROPERTY, "3"); // a failure is all this needs to see
    try {
      DiscoverySelector[] selectors = new DiscoverySelector[c.rules().size()];
      for (int i = 0; i < selectors.length; i++) {
        Method rule = c.group().getMethod(c.rules().get(i), Rig.class);
        selectors[i] = selectMethod(Faulty.class, rule);
      }
      Set<String> failed = new TreeSet<>(run(selectors).failed);
      Set<String> expected = c.rules().stream().map(TestkitSelfTest::id).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(expected, failed, "the rules that caught \"" + c.fault() + "\"");
    } finally {
      System.clearProperty(Property.SHRINK_RUNS_PROPERTY);
      Faulty.current = null;
    }
  }

  @Test
  void everyGroupHasAFaultThatItCatches() {
    Set<Class<?>> covered = faults().map(Case::group).collect(Collectors.toSet());
    Set<Class<?>> groups = Set.of(UdpConformance.class.getInterfaces());
    assertEquals(groups, covered);
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
                .configurationParameter("junit.jupiter.execution.timeout.default", "120 s")
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
