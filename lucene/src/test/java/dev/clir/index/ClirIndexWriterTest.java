package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.corpus.SourceDocument;
import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchHit;
import dev.clir.search.SearchRequest;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks, updates, deletes, commits, locking and crashes, with the real test model. */
class ClirIndexWriterTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();

  @TempDir Path dir;

  private ClirIndexWriter open(Path path) {
    return ClirIndexWriter.open(IndexConfig.builder(path)
        .chunking(ChunkingConfig.builder().maxTokens(48).overlapTokens(8).build()).build(), MODEL);
  }

  private static SourceDocument find(String id) {
    return HelpCorpus.DOCS.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void addsUpdatesAndDeletesWholeBlocks() throws IOException {
    try (ClirIndexWriter writer = open(dir.resolve("idx"))) {
      assertThat(writer.addAll(HelpCorpus.DOCS)).containsOnly(AddResult.ADDED).hasSize(12);
      writer.refresh();
      IndexStats stats = writer.stats();
      assertThat(stats.documents()).isEqualTo(12);
      long passages = stats.passages();
      assertThat(passages).isGreaterThanOrEqualTo(12);

      // unchanged content is skipped
      assertThat(writer.addAll(HelpCorpus.DOCS)).containsOnly(AddResult.UNCHANGED);

      // an update replaces the whole block: a long text (several passages), then a short one again
      SourceDocument refund = find("refund");
      String longText = refund.text() + " " + "Refunds for gift cards are not possible. ".repeat(20);
      SourceDocument longRefund = new SourceDocument("refund", refund.title(), longText, refund.url(), "en", refund.meta());
      assertThat(writer.add(longRefund)).isEqualTo(AddResult.UPDATED);
      writer.refresh();
      long longPassages = writer.stats().passages();
      assertThat(longPassages).isGreaterThan(passages + 2);
      SourceDocument shortRefund = new SourceDocument("refund", refund.title(),
          "Refunds are paid back to the original card within five days.", refund.url(), "en",
          Map.of("category", "billing", "product", "store"));
      assertThat(writer.add(shortRefund)).isEqualTo(AddResult.UPDATED);
      writer.refresh();
      assertThat(writer.stats().documents()).isEqualTo(12);
      assertThat(writer.stats().passages()).isEqualTo(passages - countPassages(writer, refund) + 1);

      // the id term is on the parent only
      IndexSearcher s = writer.searcherManager().acquire();
      try {
        assertThat(s.count(new TermQuery(new Term(IndexFields.ID, "refund")))).isEqualTo(1);
        assertThat(s.count(new TermQuery(IndexFields.blockTerm("refund")))).isEqualTo(2);
      } finally {
        writer.searcherManager().release(s);
      }

      ClirSearcher searcher = ClirSearcher.over(writer);
      SearchHit top = searcher.search(SearchRequest.builder("how do I get my money back?").k(3).build()).hits().get(0);
      assertThat(top.id()).isEqualTo("refund");
      assertThat(top.passage().text()).isEqualTo(shortRefund.text());
      assertThat(top.meta()).containsEntry("category", "billing");

      assertThat(writer.delete("vpn-setup")).isTrue();
      assertThat(writer.delete("no-such-doc")).isFalse();
      assertThat(writer.contentHash("vpn-setup")).isNull();
      writer.refresh();
      assertThat(writer.stats().documents()).isEqualTo(11);
      assertThat(searcher.search(SearchRequest.builder(HelpCorpus.QUESTIONS.get("vpn-setup")).k(11).build()).ids())
          .hasSize(11).doesNotContain("vpn-setup");
      // re-adding a deleted id is an add
      assertThat(writer.add(find("vpn-setup"))).isEqualTo(AddResult.ADDED);
    }
  }

  @Test
  void precomputedVectorsAreStoredAsGivenAndChecked() {
    try (ClirIndexWriter writer = open(dir.resolve("idx"))) {
      SourceDocument refund = find("refund");
      List<dev.clir.chunk.Passage> passages = writer.passages(refund);
      float[][] vectors = MODEL.embedPassages(passages.stream().map(dev.clir.chunk.Passage::embeddingText).toList());
      assertThat(writer.addEmbedded(refund, vectors)).isEqualTo(AddResult.ADDED);
      assertThat(writer.addEmbedded(refund, vectors)).isEqualTo(AddResult.UNCHANGED);
      // a vector that is not the document's own: the writer stores what it is given
      SourceDocument vpn = find("vpn-setup");
      float[][] borrowed = new float[writer.passages(vpn).size()][];
      java.util.Arrays.fill(borrowed, vectors[0]);
      assertThat(writer.addEmbedded(vpn, borrowed)).isEqualTo(AddResult.ADDED);
      writer.refresh();
      assertThat(writer.stats().documents()).isEqualTo(2);
      assertThat(writer.stats().passages()).isEqualTo(passages.size() + borrowed.length);
      var hits = ClirSearcher.over(writer).search(vectors[0], SearchRequest.builder("").k(2).build()).hits();
      assertThat(hits).extracting(SearchHit::id).containsExactlyInAnyOrder("refund", "vpn-setup");
      assertThat(hits.get(0).vectorScore()).isEqualTo(hits.get(1).vectorScore());

      SourceDocument other = find("battery");
      int n = writer.passages(other).size();
      assertThatThrownBy(() -> writer.addEmbedded(other, new float[n + 1][]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passages");
      float[][] wrongDimension = new float[n][];
      java.util.Arrays.fill(wrongDimension, new float[] {1f, 0f});
      assertThatThrownBy(() -> writer.addEmbedded(other, wrongDimension))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions");
      float[][] notUnit = new float[n][];
      java.util.Arrays.fill(notUnit, scaled(vectors[0], 2f));
      assertThatThrownBy(() -> writer.addEmbedded(other, notUnit))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit vectors");
    }
  }

  private static float[] scaled(float[] v, float factor) {
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }

  /** Passages of {@code doc} as first indexed, counted by splitting it again the same way. */
  private static int countPassages(ClirIndexWriter writer, SourceDocument doc) {
    return new dev.clir.chunk.PassageSplitter(MODEL.tokenizer(), writer.metadata().chunking())
        .split(doc.title(), doc.text()).size();
  }

  @Test
  void commitRecordsMetadataAndExtraUserData() {
    Path path = dir.resolve("idx");
    try (ClirIndexWriter writer = open(path)) {
      Map<String, String> data = writer.commitData();
      assertThat(data)
          .containsEntry("clir.model.id", "intfloat/e5-small-v2")
          .containsEntry("clir.model.fingerprint", MODEL.info().fingerprint())
          .containsEntry("clir.model.dimension", "384")
          .containsEntry("clir.model.similarity", "DOT_PRODUCT")
          .containsEntry("clir.model.query_prefix", "query: ")
          .containsEntry("clir.model.passage_prefix", "passage: ")
          .containsEntry("clir.model.pooling", "mean")
          .containsEntry("clir.chunk.max_tokens", "48")
          .containsEntry("clir.chunk.overlap_tokens", "8")
          .containsEntry("clir.chunk.include_title", "true")
          .containsEntry("clir.vector.format", "float32")
          .containsEntry("clir.vector.lucene_format", "Lucene99HnswVectorsFormat")
          .containsEntry("clir.vector.hnsw_m", "16")
          .containsEntry("clir.vector.hnsw_beam_width", "100")
          .containsKey("clir.version");
      writer.addAll(HelpCorpus.DOCS.subList(0, 3));
      writer.commit(Map.of("source", "help-center.jsonl"));
      writer.add(HelpCorpus.DOCS.get(3));
      writer.commit();
      assertThat(writer.commitData()).containsEntry("source", "help-center.jsonl")
          .containsEntry("clir.model.id", "intfloat/e5-small-v2");
      assertThatThrownBy(() -> writer.commit(Map.of("clir.model.id", "other")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }
    IndexInfo info = IndexInfo.read(path);
    assertThat(info.metadata().vectorFormat()).isEqualTo(VectorFormat.FLOAT32);
    assertThat(info.metadata().passageTokens()).isEqualTo(48);
    assertThat(info.stats().documents()).isEqualTo(4);
    assertThat(info.stats().sizeOnDiskBytes()).isPositive();
    assertThat(info.createdVersionMajor()).isEqualTo(10);
    assertThat(info.commitData()).containsEntry("source", "help-center.jsonl");
  }

  @Test
  void aSecondWriterGetsAClearLockError() {
    Path path = dir.resolve("idx");
    try (ClirIndexWriter first = open(path)) {
      assertThatThrownBy(() -> open(path))
          .isInstanceOf(IndexLockedException.class)
          .hasMessageContaining("is locked by another writer")
          .hasMessageContaining("write.lock")
          .hasCauseInstanceOf(org.apache.lucene.store.LockObtainFailedException.class);
      assertThat(first.add(HelpCorpus.DOCS.get(0))).isEqualTo(AddResult.ADDED);
    }
    // the lock is released on close
    try (ClirIndexWriter again = open(path)) {
      assertThat(again.metadata().modelId()).isEqualTo("intfloat/e5-small-v2");
    }
  }

  @Test
  void changesAfterTheLastCommitAreLostOnCloseAndOnCrash() throws IOException {
    Path path = dir.resolve("idx");
    Path crashImage = dir.resolve("crash-image");
    try (ClirIndexWriter writer = open(path)) {
      writer.addAll(HelpCorpus.DOCS.subList(0, 3));
      writer.commit();
      writer.addAll(HelpCorpus.DOCS.subList(3, 8));
      writer.delete(HelpCorpus.DOCS.get(0).id());
      writer.refresh(); // flushes new segment files to disk, without a commit
      assertThat(writer.stats().documents()).isEqualTo(7);
      // what a crash right now would leave on disk: all files, the newest segments_N still the last commit
      Files.createDirectories(crashImage);
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
          Files.copy(f, crashImage.resolve(f.getFileName()));
        }
      }
    } // close without commit
    for (Path p : List.of(path, crashImage)) {
      try (ClirIndexWriter reopened = open(p)) {
        IndexStats stats = reopened.stats();
        assertThat(stats.documents()).as(p.toString()).isEqualTo(3);
        assertThat(stats.passages()).as(p.toString()).isEqualTo(3);
        assertThat(reopened.contentHash(HelpCorpus.DOCS.get(0).id())).isNotNull();
        assertThat(reopened.contentHash(HelpCorpus.DOCS.get(5).id())).isNull();
      }
    }
  }

  @Test
  void searchesRunWhileDocumentsAreAdded() throws Exception {
    Path path = dir.resolve("idx");
    List<String> questions = new ArrayList<>(HelpCorpus.QUESTIONS.values());
    questions.forEach(MODEL::embedQuery); // warm the cache: the test is about Lucene, not the model
    try (ClirIndexWriter writer = open(path)) {
      writer.add(HelpCorpus.DOCS.get(0));
      writer.commit();
      ClirSearcher nrt = ClirSearcher.over(writer);
      AtomicBoolean done = new AtomicBoolean();
      List<Integer> seenSizes = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try (ClirSearcher committed = ClirSearcher.open(path, MODEL, false)) {
        List<Future<Integer>> searches = new ArrayList<>();
        for (ClirSearcher s : List.of(nrt, committed)) {
          searches.add(pool.submit(() -> {
            int n = 0;
            while (!done.get()) {
              var r = s.search(SearchRequest.builder(questions.get(n % questions.size())).k(20).build());
              seenSizes.add(r.size());
              s.refresh();
              n++;
            }
            return n;
          }));
        }
        for (SourceDocument d : HelpCorpus.DOCS.subList(1, HelpCorpus.DOCS.size())) {
          writer.add(d);
          writer.refresh();
        }
        writer.commit();
        Thread.sleep(50);
        done.set(true);
        for (Future<Integer> f : searches) {
          assertThat(f.get()).isPositive();
        }
        committed.refresh();
        assertThat(committed.search(SearchRequest.builder("router").k(20).build()).size()).isEqualTo(12);
        assertThat(nrt.search(SearchRequest.builder("router").k(20).build()).size()).isEqualTo(12);
      } finally {
        pool.shutdownNow();
      }
      // every search saw a consistent, growing index (never more than exists)
      assertThat(seenSizes).allMatch(n -> n >= 1 && n <= 12);
    }
  }
}
