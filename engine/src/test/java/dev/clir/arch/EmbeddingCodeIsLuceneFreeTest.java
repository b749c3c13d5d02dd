package dev.clir.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Solr module runs on Solr's Lucene 9 and reuses the embedding code, so that code must not reference
 * Lucene, directly or through another clir package that does. Checked on the compiled classes with the
 * JDK's own dependency analyser (jdeps), so it cannot drift from what actually ships.
 */
class EmbeddingCodeIsLuceneFreeTest {
  /** Packages the Solr module (and any non-Lucene caller) may use. */
  static final Set<String> LUCENE_FREE = Set.of("dev.clir.embed", "dev.clir.model", "dev.clir.chunk", "dev.clir.corpus", "dev.clir.eval");

  @Test
  void luceneFreePackagesReferenceNoLuceneAndNoLuceneBoundClirPackage() {
    Path classes = Path.of("target/classes");
    assertThat(classes).isDirectory();
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
    StringWriter out = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-e", "org\\.apache\\.lucene\\..*|dev\\.clir\\..*",
        classes.toString());
    assertThat(rc).as(out.toString()).isZero();

    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (String line : out.toString().split("\n")) {
      String[] parts = line.trim().split("\\s+->\\s+|\\s+");
      if (parts.length < 2 || !line.contains("->")) {
        continue;
      }
      String from = parts[0];
      String to = parts[1];
      if (!LUCENE_FREE.contains(packageOf(from))) {
        continue;
      }
      checked++;
      if (to.startsWith("org.apache.lucene.") || (to.startsWith("dev.clir.") && !LUCENE_FREE.contains(packageOf(to)))) {
        violations.add(from + " -> " + to);
      }
    }
    assertThat(checked).as("jdeps saw dependencies of the embedding code").isPositive();
    assertThat(violations).as("Lucene-free packages %s must not reach Lucene", LUCENE_FREE).isEmpty();
  }

  @Test
  void theEmbeddingPackagesExist() {
    assertThat(Files.isDirectory(Path.of("target/classes/dev/clir/embed"))).isTrue();
    assertThat(Files.isDirectory(Path.of("target/classes/dev/clir/model"))).isTrue();
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }
}
