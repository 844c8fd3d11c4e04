package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What publishing needs that no compiler checks: a license in the repository, and a BOM that
 * names every published artifact at the project's version with the project's metadata (it has
 * no parent, so nothing else keeps the two in step).
 */
class PublishingTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");

  /** The modules that are not published: this one, the benchmarks, and the BOM itself. */
  private static final List<String> UNPUBLISHED = List.of("examples", "benchmarks", "bom");

  @Test
  void theRepositoryCarriesItsLicense() throws Exception {
    String license = Files.readString(ROOT.resolve("LICENSE"));
    assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"), "LICENSE is the Apache License 2.0");
    assertTrue(Files.readString(ROOT.resolve("NOTICE")).contains("Apache License, Version 2.0"));
    assertTrue(Files.readString(ROOT.resolve("pom.xml")).contains("<name>Apache-2.0</name>"), "the parent POM names the license");
  }

  @Test
  void theBomListsEveryPublishedArtifactAtTheProjectsVersion() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    assertEquals(first(parent, "<version>([^<]+)</version>"), first(bom, "<version>([^<]+)</version>"), "the BOM's version");
    assertEquals(first(parent, "<project.home>([^<]+)</project.home>"), first(bom, "<url>([^<]+)</url>"), "the BOM's url");
    TreeSet<String> published = new TreeSet<>();
    for (String module : all(parent, "<module>([^<]+)</module>")) {
      if (!UNPUBLISHED.contains(module)) {
        published.add(first(Files.readString(ROOT.resolve(module).resolve("pom.xml")), "</parent>\\s*<artifactId>([^<]+)</artifactId>"));
      }
    }
    TreeSet<String> listed = new TreeSet<>(all(bom, "<artifactId>(udp-[^<]+)</artifactId>"));
    listed.remove("udp-bom");
    assertEquals(published, listed, "the artifacts the BOM lists");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no " + regex);
    return m.group(1);
  }

  private static List<String> all(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
