package net.udp.examples;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK tool or a JVM run as a child process: its output read as it comes, its wait bounded. */
final class Child {
  private Child() {}

  /** What a child printed (standard output and error together) and its exit status. */
  record Result(int exit, String output) {
    List<String> lines() {
      return output.lines().toList();
    }
  }

  /** Runs a tool of this JVM's JDK ({@code java}, {@code javac}) with arguments. */
  static Result run(String tool, Duration timeout, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
    command.addAll(args);
    return run(command, timeout);
  }

  /** Runs a command (a program and its arguments), waiting at most {@code timeout} for it to end. */
  static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    String tool = command.get(0);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(tool + " did not end within " + timeout + ": " + command + "\n" + printed.getNow("(nothing yet)"));
    }
    try {
      return new Result(process.exitValue(), printed.get(10, TimeUnit.SECONDS));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the output of " + tool + " could not be read", e);
    }
  }

  /**
   * Starts a tool of this JVM's JDK, for a test that talks to it while it runs: its output
   * (standard output and error together) is read line by line as it comes.
   */
  static Running start(String tool, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
    command.addAll(args);
    return start(command);
  }

  /** Starts a command (a program and its arguments), its output read as {@link #start(String, List)} reads it. */
  static Running start(List<String> command) throws IOException {
    return new Running(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** A child that runs: its lines as they come, its exit waited for with a bound; closing kills it. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder(); // guarded by itself

    Running(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (seen) {
              seen.append(line).append('\n');
            }
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(output unreadable: " + e + ")");
        }
      }, "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line the child prints, waited for at most {@code timeout}. */
    String nextLine(Duration timeout) throws InterruptedException {
      String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new AssertionError("no line from the child within " + timeout + "; it printed:\n" + printed());
      }
      return line;
    }

    /** Waits at most {@code timeout} for the child to end, and gives its exit status. */
    int exit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the child did not end within " + timeout + "; it printed:\n" + printed());
      }
      return process.exitValue();
    }

    /** What the child printed so far. */
    String printed() {
      synchronized (seen) {
        return seen.toString();
      }
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly); // a launcher script's JVM too
      process.destroyForcibly();
    }
  }

  /** Joins paths as a module path or class path. */
  static String path(List<Path> entries) {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }
}
