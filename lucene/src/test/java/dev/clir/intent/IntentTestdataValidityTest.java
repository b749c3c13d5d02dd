package dev.clir.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.testing.TestModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** testdata/intents is what its README says: every file parses, every language tests every intent and abstention. */
class IntentTestdataValidityTest {
  static final Path DIR = TestModel.projectRoot().resolve("testdata/intents");

  private static Map<String, Integer> counts(List<LabeledText> set) {
    Map<String, Integer> counts = new TreeMap<>();
    set.forEach(t -> counts.merge(t.label(), 1, Integer::sum));
    return counts;
  }

  @Test
  void trainingHasAtLeastTwelveIntentsWithTenExamplesEach() {
    Map<String, Integer> train = counts(LabeledTextFiles.readTraining(DIR.resolve("train.en.tsv")));
    assertThat(train).hasSizeGreaterThanOrEqualTo(12).doesNotContainKey(IntentModel.OUT_OF_SCOPE);
    assertThat(train.values()).allMatch(n -> n >= 10);
  }

  @Test
  void everyTestLanguageCoversEveryIntentAndOutOfScope() {
    Set<String> intents = counts(LabeledTextFiles.readTraining(DIR.resolve("train.en.tsv"))).keySet();
    Set<String> expected = new TreeSet<>(intents);
    expected.add(IntentModel.OUT_OF_SCOPE);
    for (String lang : List.of("en", "pt", "th", "sw")) {
      Map<String, Integer> test = counts(LabeledTextFiles.read(DIR.resolve("test." + lang + ".tsv")));
      assertThat(test.keySet()).as(lang).isEqualTo(expected);
      assertThat(test.get(IntentModel.OUT_OF_SCOPE)).as(lang).isGreaterThanOrEqualTo(10);
      assertThat(test.values()).as(lang).allMatch(n -> n >= 3);
    }
    Map<String, Integer> dev = counts(LabeledTextFiles.read(DIR.resolve("dev.en.tsv")));
    assertThat(dev.keySet()).isEqualTo(expected);
  }

  @Test
  void noTestOrDevUtteranceIsATrainingUtterance() {
    Set<String> train = new TreeSet<>(LabeledTextFiles.read(DIR.resolve("train.en.tsv")).stream().map(t -> t.text().toLowerCase()).toList());
    for (String file : List.of("dev.en.tsv", "test.en.tsv", "test.pt.tsv", "test.th.tsv", "test.sw.tsv")) {
      assertThat(LabeledTextFiles.read(DIR.resolve(file))).as(file).noneMatch(t -> train.contains(t.text().toLowerCase()));
    }
  }
}
