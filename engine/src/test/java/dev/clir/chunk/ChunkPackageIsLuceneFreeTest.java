package dev.clir.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** dev.clir.chunk is reused by a Solr module on Lucene 9: it must not depend on Lucene. */
class ChunkPackageIsLuceneFreeTest {
  @Test
  void noLuceneImports() throws IOException {
    Path dir = Path.of(System.getProperty("clir.projectRoot", "."), "engine/src/main/java/dev/clir/chunk");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("src/main/java/dev/clir/chunk");
    }
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path p : sources) {
      assertThat(Files.readString(p)).as(p.toString()).doesNotContain("org.apache.lucene");
    }
  }
}
