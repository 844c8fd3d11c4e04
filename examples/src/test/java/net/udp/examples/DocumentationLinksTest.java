package net.udp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stands alone in a clone: every relative link of every Markdown file resolves
 * to a file or folder of the repository, and nothing points outside it. Web links are not
 * followed (tests do not leave the machine).
 */
class DocumentationLinksTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..").normalize();
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

  private static List<Path> markdown() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> ROOT.relativize(p).toString().chars().noneMatch(c -> c == '\\'))
          .filter(p -> !ROOT.relativize(p).toString().matches("(.*/)?(target|\\.git|\\.mvn)/.*"))
          .toList();
    }
  }

  @Test
  void everyRelativeLinkResolvesInTheRepository() throws IOException {
    List<Path> documents = markdown();
    assertTrue(documents.contains(ROOT.resolve("README.md")), "the README was found: " + documents);
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      Matcher m = LINK.matcher(Files.readString(document));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
          continue; // a web link, or an anchor in the same page
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          broken.add(ROOT.relativize(document) + ": " + target);
        }
      }
    }
    assertEquals(List.of(), broken, "links that do not resolve in a clone");
  }

  @Test
  void nothingPointsOutsideTheRepository() throws IOException {
    List<String> outside = new ArrayList<>();
    for (Path document : markdown()) {
      if (Files.readString(document).contains("../shared")) {
        outside.add(ROOT.relativize(document).toString());
      }
    }
    assertEquals(List.of(), outside, "documents that name ../shared, which no clone has");
  }
}
