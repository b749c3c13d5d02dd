package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.Passage;
import dev.clir.chunk.PassageSplitter;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.TextKind;
import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchHit;
import dev.clir.search.SearchRequest;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long manual cut by the real tokenizer, found by a fact in its middle. */
class LongDocumentTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();

  static final String FACT = "To pair the Zephyr remote control, hold the volume-down and home buttons together "
      + "for eight seconds until the light blinks purple.";

  static String manual() {
    String[] topics = {"mounting the unit on a wall", "cleaning the air filter", "updating the firmware",
        "choosing a location with good airflow", "connecting the power cable", "reading the status lights",
        "scheduling the night mode", "replacing the fuse", "storing the device in winter",
        "recycling the packaging"};
    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < topics.length; i++) {
      paragraphs.add("Chapter " + (i + 1) + " is about " + topics[i] + ". Follow the steps in order and keep "
          + "the manual nearby. Do not skip the safety checks described at the start of this chapter. If anything "
          + "looks damaged, stop and contact support before continuing. Most owners finish this in a few minutes.");
      if (i == 5) {
        paragraphs.add(FACT);
      }
    }
    return String.join("\n\n", paragraphs);
  }

  @Test
  void longDocumentIsCutIntoFittingPassagesAndTheRightOneIsFound(@TempDir Path dir) {
    ChunkingConfig chunking = ChunkingConfig.builder().maxTokens(96).overlapTokens(16).build();
    SourceDocument doc = new SourceDocument("zephyr-manual", "Zephyr air purifier manual", manual(), null, "en",
        Map.of("category", "device"));
    List<Passage> passages = new PassageSplitter(MODEL.tokenizer(), chunking).split(doc.title(), doc.text());
    assertThat(passages.size()).isBetween(6, 20);
    int prefixAndSpecials = MODEL.tokenizer().countTokens(TextKind.PASSAGE, "");
    for (Passage p : passages) {
      assertThat(MODEL.tokenizer().countTokens(TextKind.PASSAGE, p.embeddingText()))
          .isLessThanOrEqualTo(96 + prefixAndSpecials);
      assertThat(p.embeddingText()).startsWith("Zephyr air purifier manual\n");
      assertThat(doc.text().substring(p.start(), p.end())).isEqualTo(p.text());
      // ends are cut at sentence ends (every sentence here fits half a window); starts at a sentence start,
      // or at a word start when the overlap cannot hold a whole sentence
      assertThat(p.text()).endsWith(".");
      assertThat(p.start() == 0 || Character.isWhitespace(doc.text().charAt(p.start() - 1))).isTrue();
    }
    assertThat(passages).anySatisfy(p -> assertThat(p.text()).contains(FACT));

    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(dir).chunking(chunking).build(), MODEL)) {
      writer.addAll(HelpCorpus.DOCS);
      writer.add(doc);
      writer.refresh();
      assertThat(writer.stats().passages()).isEqualTo(HelpCorpus.DOCS.size() + passages.size());
      SearchHit hit = ClirSearcher.over(writer)
          .search(SearchRequest.builder("how do I connect the remote to the purifier?").k(3).build()).hits().get(0);
      assertThat(hit.id()).isEqualTo("zephyr-manual");
      assertThat(hit.passage().text()).contains(FACT);
      assertThat(hit.passage().ordinal()).isPositive();
      assertThat(doc.text().substring(hit.passage().start(), hit.passage().end())).isEqualTo(hit.passage().text());
    }
  }
}
