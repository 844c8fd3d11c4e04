package net.udp.epoll;

import java.util.List;
import net.udp.testkit.runner.RunnerProcess;
import org.junit.jupiter.api.Test;

/** The epoll provider passes every rule through the testkit's command-line runner too. */
class EpollRunnerTest {
  @Test
  void theRunnerPassesEveryRule() throws Exception {
    RunnerProcess.assertEveryRulePasses(
        "epoll",
        // the testkit's modules, then the provider's: its own classes and the provider kit
        RunnerProcess.modulePath(System.getProperty("net.udp.test.runnerModules"), System.getProperty("net.udp.test.providerModule")),
        List.of("--enable-native-access=net.udp.epoll", "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file")));
  }
}
