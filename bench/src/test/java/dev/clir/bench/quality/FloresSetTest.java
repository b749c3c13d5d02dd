package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.SourceDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloresSetTest {
  @TempDir Path dir;

  static final String HEADER = "index_id\tcategory\ttext\n";

  /** Three splits of SIB-200 files, quoted as SIB-200 quotes them (CSV rules with tabs). */
  static void writeSib(Path sib) throws IOException {
    split(sib, "train", List.of(
        new String[] {"548", "sports", "\"He said \"\"go\"\" and ran.\"", "\"Ele disse \"\"vai\"\" e correu.\"", "เขาพูดว่าไปแล้ววิ่ง", "\"Alisema \"\"nenda\"\" akakimbia.\""},
        new String[] {"12", "travel", "Take a look at the trips.", "Veja as viagens.", "ดูการเดินทาง", "Angalia safari."}));
    split(sib, "dev", List.<String[]>of(
        new String[] {"7", "health", "Take a look at the trips.", "Olhe as viagens.", "ดูทริป", "Tazama safari."}));
    split(sib, "test", List.<String[]>of(
        new String[] {"99", "science/technology", "The split is earlier.", "A divisão é anterior.", "การแยกเกิดก่อน", "Mgawanyiko ni wa mapema."}));
  }

  private static void split(Path sib, String split, List<String[]> rows) throws IOException {
    String[] langs = {"eng_Latn", "por_Latn", "tha_Thai", "swh_Latn"};
    for (int l = 0; l < langs.length; l++) {
      StringBuilder sb = new StringBuilder(HEADER);
      for (String[] r : rows) {
        sb.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2 + l]).append('\n');
      }
      Files.createDirectories(sib.resolve(langs[l]));
      Files.writeString(sib.resolve(langs[l]).resolve(split + ".tsv"), sb.toString());
    }
  }

  @Test
  void allSplitsOfEnglishAreTheKnowledgeBaseAndEveryLanguageAsksIncludingEnglish() throws IOException {
    writeSib(dir);
    Benchmark b = FloresSet.read(dir);

    assertThat(b.parts()).hasSize(1);
    EvalCorpus kb = b.parts().get(0);
    // "Take a look at the trips." is in two rows: indexed once
    assertThat(kb.documents()).extracting(SourceDocument::id).containsExactly("flores-548", "flores-12", "flores-99");
    assertThat(kb.documents().get(0).text()).isEqualTo("He said \"go\" and ran.");
    assertThat(kb.documents().get(0).meta()).containsEntry("category", "sports");
    assertThat(b.languages()).containsExactly("en", "pt", "th", "sw");
    assertThat(b.queriesPerLanguage().values()).containsOnly(4L);

    assertThat(kb.queries().get("flores-548-en").orElseThrow().text()).isEqualTo("He said \"go\" and ran.");
    assertThat(kb.queries().get("flores-548-pt").orElseThrow().text()).isEqualTo("Ele disse \"vai\" e correu.");
    assertThat(kb.queries().get("flores-99-th").orElseThrow().lang()).isEqualTo("th");
    assertThat(kb.qrels().judgments("flores-99-sw")).containsExactly(Map.entry("flores-99", 1));
    assertThat(kb.qrels().judgments("flores-12-pt")).containsExactly(Map.entry("flores-12", 1));
    assertThat(kb.qrels().judgments("flores-7-pt")).containsExactly(Map.entry("flores-12", 1));
    assertThat(b.notes()).anyMatch(n -> n.startsWith("1 English row(s) repeat an earlier row's sentence"));
    assertThat(b.notes().get(0)).startsWith("4 sentences (train + dev + test splits)");
  }

  @Test
  void rowsMustBeAlignedAcrossLanguages() throws IOException {
    writeSib(dir);
    Path por = dir.resolve("por_Latn/dev.tsv");
    Files.writeString(por, HEADER + "8\thealth\tOlhe as viagens.\n");
    assertThatThrownBy(() -> FloresSet.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index_id 8 in por_Latn but 7 in eng_Latn");
    Files.writeString(por, HEADER);
    assertThatThrownBy(() -> FloresSet.read(dir)).hasMessageContaining("not aligned");
  }

  @Test
  void missingLanguagesAreNotedAndEnglishIsRequired() throws IOException {
    writeSib(dir);
    try (var files = Files.walk(dir.resolve("tha_Thai"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThat(FloresSet.read(dir).languages()).containsExactly("en", "pt", "sw");
    assertThatThrownBy(() -> FloresSet.read(dir.resolve("nowhere"))).hasMessageContaining("eng_Latn not found");
  }
}
