package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The artifacts this module's tests were given by Maven, as a user's build would resolve them: the
 * api with what its POM declares, and each provider with what its POM declares. Picked from the
 * test's own path by artifact name, so that nothing is listed by hand but the names asked for.
 */
final class Artifacts {
  private Artifacts() {}

  /** Every entry of the test's module path and class path. */
  static List<Path> all() {
    List<Path> entries = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      for (String entry : System.getProperty(property, "").split(File.pathSeparator, -1)) {
        if (!entry.isBlank()) {
          entries.add(Path.of(entry));
        }
      }
    }
    return entries;
  }

  /** This module's own classes: the application. */
  static Path application() {
    return Path.of(System.getProperty("basedir", "."), "target", "classes");
  }

  /**
   * The entries that are a given artifact: its jar ({@code NAME-VERSION.jar}), or, in a reactor
   * build, the classes folder of the module that makes it.
   *
   * @param artifact such as {@code udp-api}
   * @param folder the module's folder in this repository, such as {@code api}
   */
  static Path one(String artifact, String folder) {
    List<Path> found = new ArrayList<>();
    for (Path entry : all()) {
      String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
      String unix = entry.toString().replace('\\', '/');
      if ((name.startsWith(artifact + "-") && name.endsWith(".jar")) || unix.endsWith("/" + folder + "/target/classes")) {
        found.add(entry);
      }
    }
    assertTrue(found.size() == 1, artifact + " on the test path: " + found + " in " + all());
    return found.get(0);
  }

  /** The entries whose file name starts with a prefix, such as {@code jspecify}. */
  static List<Path> named(String prefix) {
    return all().stream().filter(e -> e.getFileName() != null && e.getFileName().toString().toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
  }
}
