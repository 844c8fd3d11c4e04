package net.udp.testkit.runner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs {@link ConformanceRunner} in a child JVM, as a user runs it from the command line: for a
 * provider's own test that it passes the rules that way too.
 */
public final class RunnerProcess {
  private static final Pattern RULE_LINE = Pattern.compile("^UDP-\\d+\\.\\d+ +(passed|skipped|FAILED) .*");

  private RunnerProcess() {}

  /**
   * What the runner printed and returned.
   *
   * @param exitStatus its exit status
   * @param output everything it printed
   * @param ruleLines the lines that report a rule
   * @param summary its last line, {@code N passed, N failed[, N skipped]}
   */
  public record Result(int exitStatus, String output, List<String> ruleLines, String summary) {}

  /**
   * What the runner printed, each stream on its own, and returned.
   *
   * @param exitStatus its exit status
   * @param verdicts what it printed on standard output: a line per rule and the summary
   * @param log what it printed on standard error (the provider's log output, unless {@code --log})
   */
  public record JarResult(int exitStatus, String verdicts, String log) {
    /**
     * The lines that report a rule.
     *
     * @return them, in order
     */
    public List<String> ruleLines() {
      return verdicts.lines().filter(l -> RULE_LINE.matcher(l).matches()).toList();
    }

    /**
     * The last line: {@code N passed, N failed[, N skipped]}.
     *
     * @return it, or empty text when nothing was printed
     */
    public String summary() {
      List<String> lines = verdicts.lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  /**
   * Runs the runner's jar, as a third party runs it: {@code java -jar RUNNER.jar ARGUMENTS}, with
   * this JVM's Java, reading both streams as they come, bounded in time.
   *
   * @param runnerJar the runnable jar, {@code udp-testkit-VERSION-runner.jar}
   * @param arguments its command line, such as {@code --provider nio --path nio.jar --rules UDP-1}
   * @param timeout how long to wait for it
   * @return what it printed and returned
   * @throws IOException when it cannot start
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError when it does not end in time
   */
  public static JarResult runJar(Path runnerJar, List<String> arguments, Duration timeout) throws IOException, InterruptedException {
    return runJar(runnerJar, arguments, timeout, java.util.Map.of());
  }

  /**
   * Runs the runner's jar as {@link #runJar(Path, List, Duration)} does, with some environment
   * variables changed: set to a value, or removed where the value is empty.
   *
   * @param runnerJar the runnable jar
   * @param arguments its command line
   * @param timeout how long to wait for it
   * @param environment the changes to this process's environment
   * @return what it printed and returned
   * @throws IOException when it cannot start
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError when it does not end in time
   */
  public static JarResult runJar(Path runnerJar, List<String> arguments, Duration timeout, java.util.Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(runnerJar.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.forEach((name, value) -> {
      if (value.isEmpty()) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
    Process process = builder.start();
    CompletableFuture<String> out = readAll(process.getInputStream());
    CompletableFuture<String> err = readAll(process.getErrorStream());
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not end within " + timeout + "; it printed:\n" + out.getNow("(nothing yet)"));
    }
    try {
      return new JarResult(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the runner's output could not be read", e);
    }
  }

  private static CompletableFuture<String> readAll(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    });
  }

  /**
   * Makes one module path of path lists, each a list of entries joined by the platform's path
   * separator ({@code :} on Linux), such as the testkit's modules and a provider's.
   *
   * @param pathLists the lists, in order
   * @return the entries, in order
   */
  public static List<Path> modulePath(String... pathLists) {
    List<Path> path = new ArrayList<>();
    for (String list : pathLists) {
      for (String entry : list.split(File.pathSeparator, -1)) {
        if (!entry.isBlank()) {
          path.add(Path.of(entry));
        }
      }
    }
    return path;
  }

  /**
   * How many rules the testkit has.
   *
   * @return the number of rule methods in {@link net.udp.testkit.UdpConformance}'s groups
   */
  public static long ruleCount() {
    return java.util.Arrays.stream(net.udp.testkit.UdpConformance.class.getInterfaces())
        .flatMap(group -> java.util.Arrays.stream(group.getDeclaredMethods()))
        .filter(m -> m.getName().startsWith("udp_"))
        .count();
  }

  /**
   * Runs every rule against a provider in a child JVM and checks that all passed: the runner
   * exits 0, prints a line for each rule, and ends with {@code N passed, 0 failed}.
   *
   * @param provider the provider's name
   * @param modulePath the testkit's modules and the provider's module
   * @param jvmOptions more options for the child JVM
   * @return what it printed and returned
   * @throws IOException when it cannot start
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError when a rule failed, or the runner did not end within five minutes
   */
  public static Result assertEveryRulePasses(String provider, List<Path> modulePath, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Result r = run(provider, modulePath, jvmOptions, Duration.ofMinutes(5));
    long rules = ruleCount();
    if (r.exitStatus() != 0 || r.ruleLines().size() != rules || !r.summary().startsWith(rules + " passed, 0 failed")) {
      throw new AssertionError("the runner did not pass all " + rules + " rules (exit " + r.exitStatus() + "):\n" + r.output());
    }
    return r;
  }

  /**
   * Runs every rule against a provider in a child JVM of this one's Java.
   *
   * @param provider the provider's name
   * @param modulePath the module path: the testkit's modules (its {@code target/modules}) and the
   *     provider's module
   * @param jvmOptions more options for the child JVM, such as {@code --enable-native-access=...}
   * @param timeout how long to wait for it
   * @return what it printed and returned
   * @throws IOException when it cannot start
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError when it does not end in time
   */
  public static Result run(String provider, List<Path> modulePath, List<String> jvmOptions, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-p");
    command.add(String.join(File.pathSeparator, modulePath.stream().map(Path::toString).toList()));
    command.addAll(List.of("-m", "net.udp.testkit/" + ConformanceRunner.class.getName(), "--provider", provider));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Read as it comes, on another thread, so that a runner that hangs cannot hang this one.
    CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(its output could not be read: " + e + ")";
      }
    });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not end within " + timeout + "; it printed:\n" + printed.getNow("(nothing yet)"));
    }
    String output;
    try {
      output = printed.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      output = "(its output could not be read: " + e + ")";
    }
    List<String> lines = output.lines().toList();
    List<String> rules = lines.stream().filter(l -> RULE_LINE.matcher(l).matches()).toList();
    return new Result(process.exitValue(), output, rules, lines.isEmpty() ? "" : lines.get(lines.size() - 1));
  }
}
