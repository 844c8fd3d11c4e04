package net.udp.nio;

import java.util.List;
import net.udp.testkit.runner.RunnerProcess;
import org.junit.jupiter.api.Test;

/** The nio provider passes every rule through the testkit's command-line runner too. */
class NioRunnerTest {
  @Test
  void theRunnerPassesEveryRule() throws Exception {
    RunnerProcess.assertEveryRulePasses(
        "nio",
        // the testkit's modules, then the provider's: its own classes and the provider kit
        RunnerProcess.modulePath(System.getProperty("net.udp.test.runnerModules"), System.getProperty("net.udp.test.providerModule")),
        List.of("-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file")));
  }
}
