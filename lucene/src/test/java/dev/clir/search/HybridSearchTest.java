package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clir.index.IndexFields;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.ReciprocalRankFusion;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid (vector + BM25, fused by RRF) against vector-only search, with the real (English-only) test model, on
 * English paraphrases and on Portuguese questions about the English articles.
 */
class HybridSearchTest {
  /** Portuguese versions of {@link HelpCorpus#QUESTIONS}. */
  static final Map<String, String> PORTUGUESE = Map.ofEntries(
      Map.entry("router-reset", "minha internet não funciona, como reinicio o roteador?"),
      Map.entry("password-reset", "esqueci minha senha, o que eu faço?"),
      Map.entry("refund", "como recebo meu dinheiro de volta de uma compra?"),
      Map.entry("vpn-setup", "como me conectar com segurança à rede da empresa pela VPN num café"),
      Map.entry("printer-offline", "meu computador não encontra a impressora"),
      Map.entry("battery", "a bateria do celular acaba muito rápido"),
      Map.entry("two-factor", "como ativar a verificação em duas etapas com um aplicativo"),
      Map.entry("delete-account", "quero apagar minha conta para sempre"),
      Map.entry("shipping", "quando meu pacote vai chegar?"),
      Map.entry("error-e4012", "a atualização falha com o erro E-4012"),
      Map.entry("wifi-slow", "o wi-fi está muito lento em casa"),
      Map.entry("export-data", "como baixar uma cópia de todos os meus dados"));

  /** Error-code articles that differ only in their code and meaning: what keyword search is for. */
  static final Map<String, String> ERRORS = Map.of(
      "4012", "The download of the update was interrupted. Keep the device connected to power and to a stable "
          + "network, then start the update again.",
      "4013", "The update package failed verification. Delete the downloaded file and download the update again.",
      "4021", "There is not enough free storage for the update. Remove unused apps or photos to free at least "
          + "2 GB, then try again.",
      "4022", "The battery is too low to install the update. Charge the device to at least half before you retry.",
      "4031", "The update server could not be reached. Check the date and time settings and the network "
          + "connection, then try again.",
      "4032", "This device is not eligible for the update. Older models stay on their version and still get "
          + "security fixes.",
      "5012", "The installation stopped because the device overheated. Let it cool down before starting again.",
      "5013", "The update was rolled back after a failed restart. Your data is safe; contact support if it "
          + "happens twice.");

  @TempDir static Path dir;
  @TempDir static Path errorsDir;
  static ClirSearcher searcher;
  static ClirSearcher errors;

  @BeforeAll
  static void index() {
    SearchFixture.build(dir);
    searcher = ClirSearcher.open(dir, CachingEmbedder.shared(), false);
    try (var writer = dev.clir.index.ClirIndexWriter.open(dev.clir.index.IndexConfig.builder(errorsDir).build(),
        CachingEmbedder.shared())) {
      ERRORS.forEach((code, text) -> writer.add(dev.clir.corpus.SourceDocument.of("E-" + code,
          "Error E-" + code + " during a system update", text)));
      writer.commit();
    }
    errors = ClirSearcher.open(errorsDir, CachingEmbedder.shared(), false);
  }

  @AfterAll
  static void close() {
    searcher.close();
    errors.close();
  }

  /** Plain reciprocal-rank fusion, equal weights: what these tests compute by hand. */
  private static final FusionSettings RRF = FusionSettings.fixed(new ReciprocalRankFusion(60), 100, 0.5);

  @Test
  void fusesVectorAndKeywordRanksByReciprocalRank() {
    SearchResults r = searcher.search(SearchRequest.builder("update fails with E-4012").k(5).hybrid()
        .fusionSettings(RRF).build());
    assertThat(r.mode()).isEqualTo(SearchMode.HYBRID);
    SearchHit top = r.hits().get(0);
    assertThat(top.id()).isEqualTo("error-e4012");
    assertThat(top.keywordRank()).isEqualTo(1);
    assertThat(top.vectorRank()).isPositive();
    for (SearchHit h : r.hits()) {
      double expected = (h.vectorRank() > 0 ? 0.5 / (60 + h.vectorRank()) : 0)
          + (h.keywordRank() > 0 ? 0.5 / (60 + h.keywordRank()) : 0);
      assertThat((double) h.score()).isCloseTo(expected, within(1e-6));
      assertThat(h.passage()).isNotNull(); // also for documents found by BM25 only
      assertThat(h.vectorScore()).isPositive();
    }
    assertThat(r.fusion().function()).isEqualTo("rrf(k=60)");
    assertThat(r.fusion().weight().vector()).isEqualTo(0.5);
    // the fusion function is configurable
    SearchResults k1 = searcher.search(SearchRequest.builder("update fails with E-4012").k(5).hybrid()
        .fusionSettings(FusionSettings.fixed(new ReciprocalRankFusion(1), 100, 0.5)).build());
    assertThat(k1.hits().get(0).score()).isGreaterThan(0.25f);
  }

  @Test
  void keywordOnlyHitsGetTheirBestPassageAndFiltersApplyToBothSides() {
    // "offline" matches only the printer article by BM25; filtered to account articles, nothing BM25-matches
    SearchResults r = searcher.search(SearchRequest.builder("offline").k(12).hybrid().fusionSettings(RRF)
        .filter(IndexFields.metaFilter("category", "account")).build());
    assertThat(r.hits()).isNotEmpty().allSatisfy(h -> {
      assertThat(h.meta()).containsEntry("category", "account");
      assertThat(h.keywordRank()).isZero();
    });
    // with a small candidate depth the vector side misses some documents that BM25 brings in
    SearchResults narrow = searcher.search(SearchRequest.builder("printer offline spooler").k(3).numCandidates(3)
        .hybrid().fusionSettings(RRF).build());
    assertThat(narrow.ids()).contains("printer-offline");
    SearchHit printer = narrow.hits().stream().filter(h -> h.id().equals("printer-offline")).findFirst().orElseThrow();
    assertThat(printer.keywordRank()).isEqualTo(1);
    assertThat(printer.passage().text()).contains("print spooler");
  }

  /** Mean reciprocal rank (over the top 10) and top-1 accuracy of one question set in one mode. */
  private static double[] measure(ClirSearcher searcher, Map<String, String> questions, SearchMode mode) {
    double mrr = 0;
    int top1 = 0;
    for (var q : questions.entrySet()) {
      var ids = searcher.search(SearchRequest.builder(q.getValue()).k(10).mode(mode).build()).ids();
      int rank = ids.indexOf(q.getKey()) + 1;
      mrr += rank > 0 ? 1.0 / rank : 0;
      top1 += rank == 1 ? 1 : 0;
    }
    return new double[] {mrr / questions.size(), top1};
  }

  @Test
  void measuresHybridAgainstVectorSearch() {
    Map<String, String> codeQuestionsEn = new java.util.HashMap<>();
    Map<String, String> codeQuestionsPt = new java.util.HashMap<>();
    ERRORS.keySet().forEach(code -> {
      codeQuestionsEn.put("E-" + code, "what does error E-" + code + " mean?");
      codeQuestionsPt.put("E-" + code, "o que significa o erro E-" + code + "?");
    });
    String[] names = {"help, English paraphrases (12)", "help, Portuguese questions (12)",
        "error codes, English (8)", "error codes, Portuguese (8)"};
    ClirSearcher[] indexes = {searcher, searcher, errors, errors};
    List<Map<String, String>> sets = List.of(HelpCorpus.QUESTIONS, PORTUGUESE, codeQuestionsEn, codeQuestionsPt);
    StringBuilder report = new StringBuilder(
        "hybrid and auto (the fusion settings clir ships for the model) vs vector, e5-small-v2 int8 (English-only "
            + "model); MRR@10 and top-1 hits\n");
    double[][] results = new double[4][];
    for (int i = 0; i < 4; i++) {
      double[] v = measure(indexes[i], sets.get(i), SearchMode.VECTOR);
      double[] h = measure(indexes[i], sets.get(i), SearchMode.HYBRID);
      double[] a = measure(indexes[i], sets.get(i), SearchMode.AUTO);
      results[i] = new double[] {v[0], h[0], a[0]};
      report.append(String.format(Locale.ROOT, "  %-34s vector %.3f (%2.0f)   hybrid %.3f (%2.0f)   auto %.3f (%2.0f)%n",
          names[i], v[0], v[1], h[0], h[1], a[0], a[1]));
    }
    System.out.print(report);
    // Measured: keyword search is what finds the right one of near-identical articles by its code...
    assertThat(results[2][1]).isGreaterThan(results[2][0]);
    assertThat(results[3][1]).isGreaterThan(results[3][0]);
    // ...and costs a little on conversational questions, where BM25 matches their common words elsewhere.
    assertThat(results[0][1]).isGreaterThan(0.85);
    // auto weighs BM25 more where it matches few documents: the codes, not the common words
    assertThat(results[3][2]).isGreaterThan(results[3][0]);
    assertThat(results[0][2]).isGreaterThan(0.85);
  }

  /** A Portuguese "e" or "o" matches the "E" of "E-4022" in every error article: with the language known, it is dropped. */
  @Test
  void theQuestionLanguagesStopWordsLeaveTheKeywordLeg() {
    assertThat(KeywordQuery.terms(dev.clir.index.ClirAnalyzer.forQuestion("pt"), "o erro E-4012 e a bateria"))
        .containsExactly("erro", "4012", "bateria");
    assertThat(KeywordQuery.terms(dev.clir.index.ClirAnalyzer.create(), "o erro E-4012 e a bateria"))
        .containsExactly("o", "erro", "e", "4012", "bateria");
    assertThat(dev.clir.index.ClirAnalyzer.forQuestion("sw")).isSameAs(dev.clir.index.ClirAnalyzer.forQuestion("xx"));

    FusionSettings keep = FusionSettings.fixed(new ReciprocalRankFusion(60), 100, 0.5)
        .withAuto(java.util.Set.of("en", "pt"), List.of(dev.clir.search.fusion.WeightRule.fixed("*", 0.5)));
    FusionSettings drop = keep.withQuestionStopWords(true);
    String question = "o que é o erro E-4022 e a bateria";
    SearchResults kept = errors.search(SearchRequest.builder(question).mode(SearchMode.AUTO).fusionSettings(keep)
        .k(3).build());
    SearchResults dropped = errors.search(SearchRequest.builder(question).mode(SearchMode.AUTO).fusionSettings(drop)
        .k(3).build());
    assertThat(kept.fusion().signals().language()).isEqualTo("pt");
    assertThat(dropped.fusion().signals().language()).isEqualTo("pt");
    assertThat(dropped.fusion().signals().terms()).isLessThan(kept.fusion().signals().terms());
    // with "e" gone every error article but E-4022 leaves the BM25 leg; the one asked about stays first
    assertThat(dropped.hits().get(0).id()).isEqualTo("E-4022");
  }

  /** A foreign word finds its English cognate by its first letters, in keyword mode as in the fused BM25 leg. */
  @Test
  void aForeignQuestionsWordsMatchEnglishCognatesByTheirFirstLetters() {
    FusionSettings whole = FusionSettings.fixed(new ReciprocalRankFusion(60), 100, 0.5)
        .withAuto(java.util.Set.of("en", "pt"), List.of(dev.clir.search.fusion.WeightRule.fixed("*", 0.5)))
        .withQuestionStopWords(true);
    FusionSettings cognates = whole.withCognatePrefix(5);
    String question = "a impressora e o computador na mesma rede";
    SearchResults exact = searcher.search(SearchRequest.builder(question).mode(SearchMode.KEYWORD)
        .fusionSettings(whole).k(3).build());
    SearchResults byPrefix = searcher.search(SearchRequest.builder(question).mode(SearchMode.KEYWORD)
        .fusionSettings(cognates).k(3).build());
    assertThat(exact.hits()).extracting(SearchHit::id).doesNotContain("printer-offline");
    assertThat(byPrefix.hits().get(0).id()).isEqualTo("printer-offline"); // "computador" finds "computer"
    SearchResults fused = searcher.search(SearchRequest.builder(question).mode(SearchMode.AUTO).fusionSettings(cognates)
        .k(3).build());
    assertThat(fused.fusion().signals().language()).isEqualTo("pt");
    assertThat(fused.hits()).filteredOn(h -> h.id().equals("printer-offline")).singleElement()
        .satisfies(h -> assertThat(h.keywordRank()).isEqualTo(1));
    // an English question matches whole words only: "computing" does not find "computer"
    assertThat(searcher.search(SearchRequest.builder("computing in the office").mode(SearchMode.KEYWORD)
        .fusionSettings(cognates).k(3).build()).hits()).isEmpty();
  }

  /**
   * A word's cognates are the index words with its first letters that share the longest start with it; only words
   * longer than the prefix, starting with letters, get them, and at most {@value KeywordQuery#MAX_PREFIXED_TERMS}.
   */
  @Test
  void cognatesAreTheIndexWordsSharingTheLongestStartAndAreBounded() throws Exception {
    org.apache.lucene.analysis.Analyzer analyzer = dev.clir.index.ClirAnalyzer.create();
    try (var dir = new org.apache.lucene.store.ByteBuffersDirectory();
        var w = new org.apache.lucene.index.IndexWriter(dir, new org.apache.lucene.index.IndexWriterConfig(analyzer))) {
      var doc = new org.apache.lucene.document.Document();
      doc.add(new org.apache.lucene.document.TextField(dev.clir.index.IndexFields.TEXT,
          "compact companies company compare compared comparison compass compatible compile computer computers "
              + "computing palavras 12345678", org.apache.lucene.document.Field.Store.NO));
      w.addDocument(doc);
      w.commit();
      try (var reader = org.apache.lucene.index.DirectoryReader.open(dir)) {
        // of the twelve words starting with "comp", the three sharing "comput" with "computador" stand for it first,
        // then five of those sharing "comp" alone (equally frequent here, so the first in order)
        assertThat(KeywordQuery.cognates(reader, "computador", 4).toString()).contains("computer", "computers",
            "computing", "compact", "compared").doesNotContain("comparison", "compass", "compatible", "compile");
        assertThat(KeywordQuery.cognates(reader, "impressora", 5)).isNull();
        var q = (org.apache.lucene.search.BooleanQuery) KeywordQuery.build(reader, analyzer, "computador 4012 rede 12345678", 5);
        // computador: title, text and cognates; 4012, rede (too short) and 12345678 (digits): title and text only
        assertThat(q.clauses()).hasSize(3 + 2 + 2 + 2);
        assertThat(((org.apache.lucene.search.BooleanQuery) KeywordQuery.build(reader, analyzer, "computador", 0))
            .clauses()).hasSize(2);
        String many = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "palavra" + i)
            .collect(java.util.stream.Collectors.joining(" "));
        var bounded = (org.apache.lucene.search.BooleanQuery) KeywordQuery.build(reader, analyzer, many, 5);
        assertThat(bounded.clauses()).hasSize(2 * KeywordQuery.MAX_TERMS + KeywordQuery.MAX_PREFIXED_TERMS);
        assertThat(new org.apache.lucene.search.IndexSearcher(reader).search(bounded, 3).totalHits.value())
            .as("within IndexSearcher's clause limit").isEqualTo(1);
      }
    }
  }
}
