package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.model;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.index.IndexInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clir-index process killed with SIGKILL mid-run leaves the index at its last commit, and running it again
 * finishes the job: every document once, the committed ones unchanged.
 */
class KillAndResumeTest {
  /** Twelve short articles of testdata/kb.jsonl (about 200 model tokens each). */
  private static final List<String> IDS = List.of("kb-a006", "kb-a007", "kb-a014", "kb-a018", "kb-a019", "kb-a028",
      "kb-a045", "kb-a047", "kb-a048", "kb-a051", "kb-a062", "kb-a074");
  private static final int COMMIT_EVERY = 2;

  @TempDir Path tmp;

  @Test
  void killedRunResumesWithoutDuplicates() throws Exception {
    Path input = write(tmp.resolve("kb.jsonl"), String.join("\n", Inputs.kb(new LinkedHashSet<>(IDS))) + "\n");
    Path idx = tmp.resolve("idx");
    Path log = tmp.resolve("child.log");

    Process child = ChildJvm.inherit().start(log, "--index", idx.toString(), "--input", input.toString(), "--model", model(),
        "--commit-every", String.valueOf(COMMIT_EVERY));
    long seen;
    try {
      seen = awaitCommittedDocuments(child, idx, log);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks, no rollback
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL; log:%n%s", Files.readString(log)).isEqualTo(128 + 9);
    assertThat(idx.resolve("write.lock")).exists(); // left behind, as after a crash

    // Lucene's own consistency check (it takes the write lock: the dead process no longer holds it)
    try (Directory dir = FSDirectory.open(idx); CheckIndex check = new CheckIndex(dir)) {
      check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
      assertThat(check.checkIndex().clean).isTrue();
    }

    // The index opens at its last commit: whole commits only, and fewer than all documents.
    long committed = IndexInfo.read(idx).stats().documents();
    assertThat(committed).isGreaterThanOrEqualTo(seen).isLessThan(IDS.size());
    assertThat(committed % COMMIT_EVERY).isZero();
    Map<String, IndexContents.Doc> before = IndexContents.read(idx); // checks blocks: passages with live parents, ids once
    assertThat(new ArrayList<>(before.keySet())).containsExactlyElementsOf(IDS.subList(0, (int) committed));

    // Running again finishes: the committed documents are unchanged, the rest added, each id once.
    JsonNode summary = new ObjectMapper().readTree(index("--index", idx.toString(), "--input", input.toString(),
        "--commit-every", String.valueOf(COMMIT_EVERY), "--json").expectExit(ExitCodes.OK).out());
    assertThat(summary.get("unchanged").asLong()).isEqualTo(committed);
    assertThat(summary.get("added").asLong()).isEqualTo(IDS.size() - committed);
    assertThat(summary.get("updated").asLong()).isZero();
    assertThat(summary.get("documentsInIndex").asLong()).isEqualTo(IDS.size());

    Map<String, IndexContents.Doc> after = IndexContents.read(idx);
    assertThat(after.keySet()).containsExactlyElementsOf(IDS);
    assertThat(after.values()).allSatisfy(d -> assertThat(d.passages()).isPositive());
    assertThat(summary.get("passagesInIndex").asLong()).isEqualTo(after.values().stream().mapToLong(IndexContents.Doc::passages).sum());
  }

  /**
   * Polls the index's last commit, the way {@code clir-index info} reads it (no write lock), until it holds
   * documents; fails if the child ends first.
   */
  private static long awaitCommittedDocuments(Process child, Path idx, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("clir-index ended (exit " + child.exitValue() + ") before it could be killed:\n" + Files.readString(log));
      }
      if (Files.isDirectory(idx)) {
        try {
          long docs = IndexInfo.read(idx).stats().documents();
          if (docs > 0) {
            return docs;
          }
        } catch (RuntimeException e) {
          // no commit yet, or a commit being written: try again
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no commit with documents within three minutes:\n" + Files.readString(log));
  }
}
