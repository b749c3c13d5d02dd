package dev.clir.language;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model cut down to the candidates answers as the full model does, and is cut once per cache. */
class CandidateLanguageModelTest {
  private static final Set<String> FOUR = Set.of("en", "pt", "th", "sw");
  private static LanguageDetectorModel full;

  @TempDir Path cache;

  @BeforeAll
  static void readFullModel() throws IOException {
    try (InputStream in = LanguageIdentifier.class.getResourceAsStream(LanguageIdentifier.MODEL_RESOURCE)) {
      full = new LanguageDetectorModel(in);
    }
  }

  @Test
  void theCutModelRanksTheCandidatesAsTheFullModelDoesOnEveryTestQuestion() throws IOException {
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(TestModel.projectRoot().resolve("testdata/queries.jsonl"))) {
      JsonNode q = new ObjectMapper().readTree(line);
      if (!q.path("lang").asText().equals("th")) { // Thai is decided by its script, never by the model
        texts.add(q.path("text").asText());
      }
    }
    texts.addAll(List.of("¿Dónde está la biblioteca de la universidad?", "Où est la bibliothèque ?", "E-503"));
    for (Set<String> candidates : List.of(FOUR, Set.of("es", "pt", "en"), Set.of("fr", "es"))) {
      LanguageDetectorME cut = new LanguageDetectorME(
          CandidateLanguageModel.load(candidates, cache, () -> full));
      LanguageDetectorME whole = new LanguageDetectorME(full);
      for (String text : texts) {
        assertThat(LanguageIdentifier.twoLetter(cut.predictLanguage(text).getLang()))
            .as("%s among %s", text, candidates).isEqualTo(firstCandidate(whole.predictLanguages(text), candidates));
      }
    }
    assertThat(texts).hasSizeGreaterThan(190);
  }

  @Test
  void aSecondLoadReadsTheCutModelFromTheCacheWithoutTheFullOne() {
    AtomicInteger fullReads = new AtomicInteger();
    Supplier<LanguageDetectorModel> counting = () -> {
      fullReads.incrementAndGet();
      return full;
    };
    CandidateLanguageModel.load(FOUR, cache, counting);
    Path file = cache.resolve(CandidateLanguageModel.fileName(FOUR));
    assertThat(file).isRegularFile();
    assertThat(fileSize(file)).isLessThan(2_000_000); // the full model is 10 MB
    LanguageDetectorModel again = CandidateLanguageModel.load(FOUR, cache, counting);
    assertThat(fullReads).hasValue(1);
    assertThat(Arrays.stream(new LanguageDetectorME(again).getSupportedLanguages()).map(LanguageIdentifier::twoLetter))
        .containsExactlyInAnyOrder("en", "pt", "th", "sw");
  }

  @Test
  void aDamagedCacheFileIsCutAgainAndAnUnwritableCacheOnlyCostsTime() throws IOException {
    Path file = cache.resolve(CandidateLanguageModel.fileName(FOUR));
    Files.writeString(file, "not a model");
    LanguageDetectorModel recut = CandidateLanguageModel.load(FOUR, cache, () -> full);
    assertThat(new LanguageDetectorME(recut).predictLanguage("Qual é o código de erro?").getLang()).isEqualTo("por");
    assertThat(fileSize(file)).isGreaterThan(1000);

    Path notADirectory = Files.writeString(cache.resolve("plain-file"), "x");
    LanguageDetectorModel unstored = CandidateLanguageModel.load(FOUR, notADirectory, () -> full);
    assertThat(new LanguageDetectorME(unstored).predictLanguage("Malipo yangu yamekataliwa").getLang()).isEqualTo("swa");
  }

  @Test
  void candidatesTheModelDoesNotKnowGiveNoModel() {
    assertThat(CandidateLanguageModel.load(Set.of("xx", "yy"), cache, () -> full))
        .isNull();
  }

  private static String firstCandidate(Language[] ranked, Set<String> candidates) {
    for (Language l : ranked) {
      String code = LanguageIdentifier.twoLetter(l.getLang());
      if (candidates.contains(code)) {
        return code;
      }
    }
    return null;
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
