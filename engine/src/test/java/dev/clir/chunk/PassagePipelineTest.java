package dev.clir.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.chunk.PassagePipeline.EmbeddedPassages;
import dev.clir.embed.TextKind;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.RecordingEmbedder;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Split with the document's language, embed as passages, many documents per model call. */
class PassagePipelineTest {
  static final String TEXT = "Unplug the router and wait thirty seconds. Plug it back in. The lights blink while it "
      + "starts. When the internet light is steady, you are online again. Call us if it stays red.";

  @Test
  void splitsWithTheDocumentsLanguageAndEmbedsPassagesInOneCall() {
    RecordingEmbedder embedder = new RecordingEmbedder();
    ChunkingConfig small = ChunkingConfig.builder().maxTokens(20).overlapTokens(4).build();
    PassagePipeline pipeline = new PassagePipeline(embedder, small);
    PassageSplitter splitter = new PassageSplitter(embedder.tokenizer(), small);
    assertThat(pipeline.maxTokens()).isEqualTo(20);
    assertThat(pipeline.chunking()).isEqualTo(small);

    for (String lang : new String[] {"pt", "th", "en-GB"}) {
      assertThat(pipeline.split("Router", TEXT, lang))
          .isEqualTo(splitter.split("Router", TEXT, Locale.forLanguageTag(lang)));
    }
    assertThat(pipeline.split("Router", TEXT, null)).isEqualTo(splitter.split("Router", TEXT, Locale.ROOT));
    assertThat(PassagePipeline.locale(" ")).isEqualTo(Locale.ROOT);
    assertThat(PassagePipeline.locale("pt-BR")).isEqualTo(Locale.forLanguageTag("pt-BR"));

    List<Passage> first = pipeline.split("Router", TEXT, "en");
    List<Passage> second = pipeline.split("Lights", "Green is fine. Red is not.", "en");
    List<EmbeddedPassages> embedded = pipeline.embed(List.of(first, List.of(), second));
    assertThat(embedder.calls()).containsExactly("PASSAGEx" + (first.size() + second.size()));
    assertThat(first).hasSizeGreaterThan(1);
    assertThat(embedded).hasSize(3);
    assertThat(embedded.get(0).passages()).isEqualTo(first);
    assertThat(embedded.get(1).size()).isZero();
    assertThat(embedded.get(2).passages()).isEqualTo(second);
    // each vector is its passage's embedding text (title carried), embedded as a passage
    float[] alone = CachingEmbedder.shared().embed(TextKind.PASSAGE, List.of(second.get(0).embeddingText())).vector(0);
    assertThat(embedded.get(2).vectors()[0]).containsExactly(alone);
    assertThat(second.get(0).embeddingText()).startsWith("Lights\n");

    EmbeddedPassages one = pipeline.process("Router", TEXT, "en");
    assertThat(one.passages()).isEqualTo(first);
    assertThat(one.vectors().length).isEqualTo(first.size());
    for (float[] v : one.vectors()) {
      assertThat(v).hasSize(embedder.dimension());
    }
    assertThat(pipeline.process("", "", "en").size()).isZero();
  }
}
