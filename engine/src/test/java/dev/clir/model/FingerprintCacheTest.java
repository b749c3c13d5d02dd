package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintCacheTest {
  @TempDir Path tmp;

  @Test
  void aCachedFingerprintIsTheRealOneAndAChangedFileIsHashedAgain() throws IOException {
    Path graph = Files.writeString(tmp.resolve("model.onnx"), "graph v1");
    Path tokenizer = Files.writeString(tmp.resolve("tokenizer.json"), "{}");
    FingerprintCache cache = new FingerprintCache(tmp.resolve("cache"));
    List<Path> files = List.of(graph, tokenizer);

    String first = cache.fingerprint(files);
    assertThat(first).isEqualTo(Fingerprint.of(files));
    try (var entries = Files.list(tmp.resolve("cache"))) {
      assertThat(entries.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(1);
    }
    assertThat(cache.fingerprint(files)).isEqualTo(first);

    Files.writeString(graph, "graph v2");
    Files.setLastModifiedTime(graph, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(cache.fingerprint(files)).isEqualTo(Fingerprint.of(files)).isNotEqualTo(first);
  }

  @Test
  void anUnwritableCacheOnlyCostsTime() throws IOException {
    Path graph = Files.writeString(tmp.resolve("model.onnx"), "graph");
    Path notADir = Files.writeString(tmp.resolve("cache"), "a file where the cache folder should be");
    assertThat(new FingerprintCache(notADir).fingerprint(List.of(graph))).isEqualTo(Fingerprint.of(List.of(graph)));
  }
}
