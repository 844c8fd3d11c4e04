package net.udp.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** Joins paths as a module path or class path. */
  static String path(List<Path> entries) {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }
}
