package net.udp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.udp.testkit.runner.RunnerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nio provider through the testkit's runnable jar, as a third party runs it: the provider's
 * classes given with --path, a few rules (every rule already runs once through Surefire), two of them multicast rules, which run because this test runs in the network namespace they need, the
 * JUnit XML report, and the provider's log kept apart from the verdicts.
 */
class NioRunnerTest {
  @Test
  void theRunnerJarRunsTheRulesAskedFor(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report");
    Path log = dir.resolve("provider.log");
    RunnerProcess.JarResult r = RunnerProcess.runJar(Path.of(System.getProperty("net.udp.test.runnerJar")),
        List.of("--provider", "nio", "--path", System.getProperty("net.udp.test.providerModule"), "--lacks", "empty-when-connected,receive-metadata,path-mtu,send-source", 
            "--rules", "UDP-1.1,UDP-5.7,UDP-9.4,UDP-12.7,UDP-13.3,UDP-13.5", "--report", report.toString(), "--log", log.toString()),
        Duration.ofMinutes(2));
    assertEquals(0, r.exitStatus(), r.verdicts() + r.log());
    assertEquals(List.of("UDP-1.1", "UDP-5.7", "UDP-9.4", "UDP-12.7", "UDP-13.3", "UDP-13.5"), r.ruleLines().stream().map(l -> l.substring(0, l.indexOf(' '))).toList(), r.verdicts());
    assertEquals("5 passed, 0 failed, 1 skipped", r.summary(), r.verdicts());
    assertTrue(Files.readString(report.resolve("TEST-junit-jupiter.xml")).contains("tests=\"6\""), "the JUnit XML report");
    assertTrue(Files.readString(log).contains("expected by rule UDP-12.7"), "the provider's log goes to --log");
    assertTrue(!r.verdicts().contains("expected by rule"), "no log line among the verdicts");
  }

  /** With --namespace the runner makes its own network namespace, where every multicast rule runs: as a third party runs them. */
  @Test
  void theRunnerMakesTheNamespaceTheMulticastRulesNeed() throws Exception {
    RunnerProcess.JarResult r = RunnerProcess.runJar(Path.of(System.getProperty("net.udp.test.runnerJar")),
        List.of("--provider", "nio", "--path", System.getProperty("net.udp.test.providerModule"), "--namespace", "--rules", "UDP-13"),
        Duration.ofMinutes(2), java.util.Map.of("NET_UDP_IN_NETNS", "")); // as if started on a host, outside any namespace
    assertEquals(0, r.exitStatus(), r.verdicts() + r.log());
    assertEquals("11 passed, 0 failed", r.summary(), r.verdicts());
  }

  /**
   * What a third party meets when something is wrong: a --path that names no file, a rule that
   * fails (here for want of patience: a thousandth of a second), and what the jar carries: the
   * README, and the setup of the namespace for a JUnit run.
   */
  @Test
  void theRunnerSaysWhatWentWrongAndWhere(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("net.udp.test.runnerJar"));
    Path missing = dir.resolve("no-such-provider.jar");
    RunnerProcess.JarResult noJar = RunnerProcess.runJar(jar, List.of("--provider", "nio", "--path", missing.toString()), Duration.ofMinutes(1));
    assertEquals(2, noJar.exitStatus(), noJar.verdicts());
    assertTrue(noJar.verdicts().contains("--path: " + missing + " does not exist"), noJar.verdicts());

    RunnerProcess.JarResult hurried = RunnerProcess.runJar(jar,
        List.of("--provider", "nio", "--path", System.getProperty("net.udp.test.providerModule"), "--rules", "UDP-1.4", "--patience", "0.001"), Duration.ofMinutes(1));
    assertEquals(1, hurried.exitStatus(), hurried.verdicts());
    assertTrue(hurried.verdicts().contains("UDP-1.4  FAILED  datagrams from one sender arrive in the order sent"), hurried.verdicts());
    assertTrue(hurried.verdicts().matches("(?s).*\n    failed at DeliveryRules\\.java:\\d+\n.*"), "the step of the rule that failed:\n" + hurried.verdicts());

    RunnerProcess.JarResult readme = RunnerProcess.runJar(jar, List.of("--readme"), Duration.ofMinutes(1));
    assertEquals(0, readme.exitStatus(), readme.log());
    assertTrue(readme.verdicts().startsWith("# net.udp testkit") && readme.verdicts().contains("| UDP-15.1 |"), readme.verdicts());

    RunnerProcess.JarResult setup = RunnerProcess.runJar(jar, List.of("--netns-setup"), Duration.ofMinutes(1));
    assertEquals(0, setup.exitStatus(), setup.log());
    assertTrue(setup.verdicts().contains("ip link add mc0 type veth peer name mc1") && setup.verdicts().contains("127.0.0.9"), setup.verdicts());
  }
}
