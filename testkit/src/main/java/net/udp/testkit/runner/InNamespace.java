package net.udp.testkit.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import net.udp.testkit.MulticastNet;

/**
 * {@code --namespace}: the runner starts itself again inside a network namespace of its own (made
 * with {@code unshare}, set up by {@link MulticastNet#SETUP}), where the multicast rules can run
 * and nothing can leave the machine. The child is marked, so that it does not start another.
 */
final class InNamespace {
  private InNamespace() {}

  /** Set in the child's environment: it is inside already. */
  static final String MARK = "NET_UDP_IN_NETNS";

  static boolean inside() {
    return "1".equals(System.getenv(MARK));
  }

  /**
   * Runs this same command again inside a namespace, without {@code --namespace}.
   *
   * @param args the runner's arguments
   * @param out where to say why it cannot
   * @return the child's exit status, or 2 when no namespace can be made here
   */
  static int rerun(String[] args, PrintStream out) throws IOException {
    List<String> unshare = unshare();
    if (unshare.isEmpty()) {
      out.println("ConformanceRunner: --namespace: no network namespace can be made here (it needs unshare and ip,"
          + " and root or user namespaces); run without --namespace, and the multicast rules are skipped with the reason");
      return 2;
    }
    ProcessHandle.Info self = ProcessHandle.current().info();
    String[] jvmArgs = self.arguments().orElse(new String[0]);
    if (self.command().isEmpty() || jvmArgs.length < args.length) {
      out.println("ConformanceRunner: --namespace: this system does not say how the runner was started, so it cannot start it again");
      return 2;
    }
    Path setup = Files.createTempFile("net-udp-netns-", ".sh");
    try (InputStream script = Objects.requireNonNull(MulticastNet.class.getResourceAsStream(MulticastNet.SETUP), MulticastNet.SETUP)) {
      Files.copy(script, setup, StandardCopyOption.REPLACE_EXISTING);
      List<String> command = new ArrayList<>(unshare);
      command.addAll(List.of("sh", "-c", "sh \"$1\" >&2 && shift && exec \"$@\"", "netns", setup.toString(), self.command().get()));
      command.addAll(Arrays.asList(jvmArgs).subList(0, jvmArgs.length - args.length)); // the JVM's own options, -jar or -cp
      for (String arg : args) {
        if (!arg.equals("--namespace")) {
          command.add(arg);
        }
      }
      ProcessBuilder child = new ProcessBuilder(command).inheritIO();
      child.environment().put(MARK, "1");
      return child.start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    } finally {
      Files.deleteIfExists(setup);
    }
  }

  /** The unshare command that works here: a network namespace alone as root, else with a user namespace; none where neither works. */
  private static List<String> unshare() {
    for (List<String> candidate : List.of(List.of("unshare", "--net"), List.of("unshare", "--map-root-user", "--net"))) {
      List<String> probe = new ArrayList<>(candidate);
      probe.add("true");
      try {
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
        p.destroyForcibly();
      } catch (IOException e) {
        return List.of(); // no unshare at all
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
    return List.of();
  }
}
