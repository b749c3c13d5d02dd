package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.SourceDocument;
import dev.clir.eval.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TatoebaSetTest {
  @TempDir Path dir;

  static void writePairs(Path tatoeba) throws IOException {
    Files.createDirectories(tatoeba);
    Files.writeString(tatoeba.resolve("tatoeba.por-eng.por"), "\uFEFFEu gosto de café.\nOlá!\nOi!\nO gato dorme.\n");
    Files.writeString(tatoeba.resolve("tatoeba.por-eng.eng"), "I like coffee.\nHello!\nHello!\nThe cat sleeps.\n");
    Files.writeString(tatoeba.resolve("tatoeba.swh-eng.swh"), "Habari yako?\n\nNinapenda chai.\n");
    Files.writeString(tatoeba.resolve("tatoeba.swh-eng.eng"), "How are you?\nGood morning.\nI like tea.\n");
  }

  @Test
  void eachPairIsAKnowledgeBaseOfItsEnglishLinesAskedByTheOtherSide() throws IOException {
    writePairs(dir);
    Benchmark b = TatoebaSet.read(dir);

    assertThat(b.primary()).isEqualTo(Metric.RECALL_1);
    assertThat(b.kind()).isEqualTo(Benchmark.Kind.BITEXT);
    assertThat(b.parts()).extracting(EvalCorpus::name).containsExactly("tatoeba-por", "tatoeba-swh");
    assertThat(b.languages()).containsExactly("pt", "sw");
    assertThat(b.notes()).anyMatch(n -> n.contains("tatoeba.tha-eng.{tha,eng} not found: no Thai"));

    EvalCorpus por = b.parts().get(0);
    // a repeated English line is indexed once; both lines ask for it
    assertThat(por.documents()).extracting(SourceDocument::id)
        .containsExactly("tatoeba-por-1", "tatoeba-por-2", "tatoeba-por-4");
    assertThat(por.documents()).extracting(SourceDocument::text)
        .containsExactly("I like coffee.", "Hello!", "The cat sleeps.");
    assertThat(por.queries().get("tatoeba-por-1-pt").orElseThrow().text()).isEqualTo("Eu gosto de café."); // BOM gone
    assertThat(por.qrels().judgments("tatoeba-por-4-pt")).containsExactly(Map.entry("tatoeba-por-4", 1));
    assertThat(por.qrels().judgments("tatoeba-por-2-pt")).containsExactly(Map.entry("tatoeba-por-2", 1));
    assertThat(por.qrels().judgments("tatoeba-por-3-pt")).containsExactly(Map.entry("tatoeba-por-2", 1));
    assertThat(por.queries().size()).isEqualTo(4);
    assertThat(b.notes()).anyMatch(n -> n.startsWith("por-eng: 1 English lines repeat an earlier line"));

    EvalCorpus swh = b.parts().get(1);
    assertThat(swh.documents()).extracting(SourceDocument::id).containsExactly("tatoeba-swh-1", "tatoeba-swh-3");
    assertThat(swh.queries().size()).isEqualTo(2);
    assertThat(b.notes()).anyMatch(n -> n.startsWith("1 swh-eng line pairs with an empty side"));
  }

  @Test
  void misalignedFilesAndAnEmptyFolderAreErrors() throws IOException {
    assertThatThrownBy(() -> TatoebaSet.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tatoeba.XXX-eng");
    Files.writeString(dir.resolve("tatoeba.tha-eng.tha"), "a\nb\n");
    Files.writeString(dir.resolve("tatoeba.tha-eng.eng"), "a\n");
    assertThatThrownBy(() -> TatoebaSet.read(dir)).hasMessageContaining("aligned line by line");
  }
}
