package net.udp.nio;

import java.nio.file.Path;
import java.util.List;
import net.udp.testkit.runner.RunnerProcess;
import org.junit.jupiter.api.Test;

/** The nio provider passes every rule through the testkit's command-line runner too. */
class NioRunnerTest {
  @Test
  void theRunnerPassesEveryRule() throws Exception {
    RunnerProcess.assertEveryRulePasses(
        "nio",
        List.of(Path.of(System.getProperty("net.udp.test.runnerModules")), Path.of(System.getProperty("net.udp.test.providerModule"))),
        List.of("-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file")));
  }
}
