package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.model;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.testing.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clir-index check}, and what users see of a damaged or locked index: exit 5 or 6, the file or holder named. */
class CheckCommandTest {
  @TempDir Path tmp;

  private Path indexThreeDocs() {
    Path idx = tmp.resolve("idx");
    index(idx, write(tmp.resolve("docs.jsonl"), Inputs.THREE_DOCS)).expectExit(ExitCodes.OK);
    return idx;
  }

  private static Path largestFile(Path idx) throws Exception {
    try (Stream<Path> files = Files.list(idx)) {
      return files.filter(f -> f.getFileName().toString().startsWith("_"))
          .max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    }
  }

  @Test
  void aSoundIndexPasses() throws Exception {
    Path idx = indexThreeDocs();

    assertThat(index("check", "--index", idx.toString()).expectExit(ExitCodes.OK).out())
        .contains("is sound: 3 documents").contains("checksum");
    JsonNode json = new ObjectMapper().readTree(index("check", "--index", idx.toString(), "--model", model(), "--json")
        .expectExit(ExitCodes.OK).out());
    assertThat(json.get("clean").asBoolean()).isTrue();
    assertThat(json.get("modelChecked").asBoolean()).isTrue();
    assertThat(json.get("documents").asLong()).isEqualTo(3);
  }

  @Test
  void damageThatQuestionsDoNotNoticeIsExit5NamingTheFile() throws Exception {
    Path idx = indexThreeDocs();
    Path file = largestFile(idx);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x21;
    Files.write(file, bytes);

    var result = index("check", "--index", idx.toString()).expectExit(ExitCodes.INDEX);

    assertThat(result.err()).contains(file.getFileName().toString()).contains("is damaged")
        .contains("Restore the index from a backup").doesNotContain("\tat ");
  }

  @Test
  void aMissingFileStopsIndexingWithExit5NamingIt() throws Exception {
    Path idx = indexThreeDocs();
    Path file = largestFile(idx);
    Files.delete(file);

    var result = index(idx, write(tmp.resolve("more.jsonl"), Inputs.doc("d4", "Another article.") + "\n"))
        .expectExit(ExitCodes.INDEX);

    assertThat(result.err()).contains(file.getFileName().toString()).contains("clir-index check").doesNotContain("\tat ");
  }

  @Test
  void aSecondWriterGetsExit6NamingTheProcessThatHoldsTheIndex() throws Exception {
    Path idx = tmp.resolve("idx");
    Path kb = TestModel.projectRoot().resolve("testdata/kb.jsonl"); // about a minute of work: long enough to meet it
    Process holder = ChildJvm.inherit().start(tmp.resolve("holder.log"), "--index", idx.toString(), "--input",
        kb.toString(), "--model", model());
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.exists(idx.resolve("clir-writer.txt")) && System.nanoTime() < deadline && holder.isAlive()) {
        Thread.sleep(20);
      }
      assertThat(holder.isAlive()).as(Files.readString(tmp.resolve("holder.log"))).isTrue();

      ChildJvm.Result second = ChildJvm.inherit().run("--index", idx.toString(), "--input", kb.toString(), "--model", model());

      assertThat(second.exitCode()).as(second.output()).isEqualTo(ExitCodes.LOCKED);
      assertThat(second.output()).contains("is locked by another writer").contains("pid " + holder.pid())
          .doesNotContain("\tat ");
      assertThat(index("check", "--index", idx.toString()).exitCode()).isEqualTo(ExitCodes.LOCKED);
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
