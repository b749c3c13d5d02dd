package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.SourceDocument;
import dev.clir.eval.Metric;
import dev.clir.eval.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XquadSetTest {
  @TempDir Path dir;

  static final String EN = """
      {"version": "1.1", "data": [
        {"title": "Super_Bowl_50", "paragraphs": [
          {"context": "The Broncos won Super Bowl 50.", "qas": [
            {"id": "q1", "question": "Who won Super Bowl 50?", "answers": [{"answer_start": 4, "text": "Broncos"}]},
            {"id": "q2", "question": "Which Super Bowl did the Broncos win?", "answers": []}]},
          {"context": "The game was played in Santa Clara.", "qas": [
            {"id": "q3", "question": "Where was the game played?", "answers": []}]}]},
        {"title": "Amazon rainforest", "paragraphs": [
          {"context": "The Amazon covers most of the Amazon basin.", "qas": [
            {"id": "q4", "question": "What does the Amazon cover?", "answers": []}]}]}]}
      """;

  static final String TH = """
      {"version": "1.1", "data": [
        {"title": "Super_Bowl_50", "paragraphs": [
          {"context": "บรองโกส์ชนะซูเปอร์โบว์ล 50", "qas": [
            {"id": "q1", "question": "ใครชนะซูเปอร์โบว์ล 50", "answers": []},
            {"id": "q2", "question": "บรองโกส์ชนะซูเปอร์โบว์ลครั้งไหน", "answers": []},
            {"id": "zz", "question": "คำถามที่ไม่มีในภาษาอังกฤษ", "answers": []}]}]},
        {"title": "Amazon rainforest", "paragraphs": [
          {"context": "อเมซอน", "qas": [{"id": "q4", "question": "อเมซอนครอบคลุมอะไร", "answers": []}]},
          {"context": "x", "qas": [{"id": "q3", "question": "เกมเล่นที่ไหน", "answers": []}]}]}]}
      """;

  static final String PT = """
      {"id": "q3", "question": "Onde foi disputado o jogo?"}

      {"id": "q1", "question": "Quem venceu o Super Bowl 50?"}
      {"id": "nope", "question": "Pergunta sem par"}
      """;

  static void writeAll(Path xquad, boolean thai, boolean portuguese) throws IOException {
    Files.createDirectories(xquad);
    Files.writeString(xquad.resolve(XquadSet.ENGLISH), EN);
    if (thai) {
      Files.writeString(xquad.resolve(XquadSet.THAI), TH);
    }
    if (portuguese) {
      Files.writeString(xquad.resolve(XquadSet.PORTUGUESE), PT);
    }
  }

  @Test
  void paragraphsAreTheKnowledgeBaseAndEveryLanguageAsksForItsParagraph() throws IOException {
    writeAll(dir, true, true);
    Benchmark b = XquadSet.read(dir);

    assertThat(b.id()).isEqualTo("xquad");
    assertThat(b.primary()).isEqualTo(Metric.NDCG_10);
    assertThat(b.parts()).hasSize(1);
    EvalCorpus kb = b.parts().get(0);
    assertThat(kb.documents()).extracting(SourceDocument::id)
        .containsExactly("Super_Bowl_50/0", "Super_Bowl_50/1", "Amazon_rainforest/0");
    assertThat(kb.documents().get(0).title()).isEqualTo("Super Bowl 50");
    assertThat(kb.documents().get(0).text()).isEqualTo("The Broncos won Super Bowl 50.");
    assertThat(kb.documents()).allMatch(d -> "en".equals(d.lang()));

    assertThat(b.languages()).containsExactly("en", "th", "pt");
    assertThat(b.queriesPerLanguage()).containsExactly(Map.entry("en", 4L), Map.entry("th", 4L), Map.entry("pt", 2L));
    List<Query> queries = kb.queries().queries();
    assertThat(queries.get(0)).isEqualTo(new Query("q1-en", "Who won Super Bowl 50?", "en"));
    assertThat(kb.queries().get("q3-pt").orElseThrow().text()).isEqualTo("Onde foi disputado o jogo?");

    // the paragraph a question was written about, by the English file, whatever the other file's layout
    assertThat(kb.qrels().judgments("q1-en")).containsExactly(Map.entry("Super_Bowl_50/0", 1));
    assertThat(kb.qrels().judgments("q3-th")).containsExactly(Map.entry("Super_Bowl_50/1", 1));
    assertThat(kb.qrels().judgments("q3-pt")).containsExactly(Map.entry("Super_Bowl_50/1", 1));
    assertThat(kb.qrels().judgments("q4-th")).containsExactly(Map.entry("Amazon_rainforest/0", 1));
    assertThat(kb.queries().contains("zz-th")).isFalse();
    assertThat(kb.queries().contains("nope-pt")).isFalse();

    assertThat(b.notes()).anyMatch(n -> n.startsWith("Portuguese asks 2 of the 4 questions"))
        .anyMatch(n -> n.startsWith("1 Thai questions whose id is not in"))
        .anyMatch(n -> n.startsWith("1 Portuguese questions whose id is not in"));
  }

  @Test
  void missingTranslationsAreNotedAndEnglishIsRequired() throws IOException {
    writeAll(dir, false, false);
    Benchmark b = XquadSet.read(dir);
    assertThat(b.languages()).containsExactly("en");
    assertThat(b.notes()).contains(XquadSet.THAI + " not found: no Thai questions.");

    assertThatThrownBy(() -> XquadSet.read(dir.resolve("elsewhere"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(XquadSet.ENGLISH);
    Files.writeString(dir.resolve(XquadSet.ENGLISH), "{\"data\": 3}");
    assertThatThrownBy(() -> XquadSet.read(dir)).hasMessageContaining("SQuAD format");
  }
}
