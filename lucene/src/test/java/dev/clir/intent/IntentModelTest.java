package dev.clir.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clir.embed.Embedder;
import dev.clir.testing.TestModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Training, prediction, abstention and few-shot adaptation with the English test model. */
class IntentModelTest {
  static Embedder embedder;
  static ExampleSet train;

  @BeforeAll
  static void embedOnce() {
    embedder = TestModel.embedder();
    train = ExampleSet.embed(embedder, MiniIntents.TRAIN);
  }

  static IntentSettings settings(ClassifierKind kind) {
    return IntentSettings.builder().classifier(kind).neighbours(5).build();
  }

  @ParameterizedTest
  @EnumSource(ClassifierKind.class)
  void everyClassifierRoutesPlainEnglishMessages(ClassifierKind kind) {
    try (IntentModel model = IntentModel.train(embedder, train, settings(kind))) {
      List<IntentPrediction> p = model.classifyAll(List.of("I lost my password, help", "has my package shipped?",
          "please cancel my plan", "the battery is empty by noon"));
      assertThat(p).extracting(x -> x.best().label())
          .containsExactly("reset_password", "track_order", "cancel_subscription", "battery_drain");
      for (IntentPrediction x : p) {
        assertThat(x.ranked()).hasSize(4);
        assertThat(x.ranked().stream().mapToDouble(ScoredIntent::confidence).sum() + x.outOfScope()).isCloseTo(1.0, within(1e-9));
        assertThat(x.best().confidence()).isGreaterThan(x.outOfScope());
        assertThat(x.ranked()).isSortedAccordingTo((a, b) -> Double.compare(b.confidence(), a.confidence()));
      }
    }
  }

  @Test
  void defaultsAreTheMeasuredChoice() {
    assertThat(IntentSettings.DEFAULTS.classifier()).isEqualTo(ClassifierKind.LOGISTIC);
    assertThat(IntentSettings.DEFAULTS.threshold()).isEqualTo(ClassifierKind.LOGISTIC.defaultThreshold());
    assertThat(IntentSettings.builder().classifier(ClassifierKind.KNN).build().threshold()).isEqualTo(ClassifierKind.KNN.defaultThreshold());
    assertThat(IntentSettings.builder().threshold(0.3).classifier(ClassifierKind.KNN).build().threshold()).isEqualTo(0.3);
  }

  @Test
  void outOfScopeMessagesAreLessConfidentAndAbstainBelowTheThreshold() {
    try (IntentModel model = IntentModel.train(embedder, MiniIntents.TRAIN)) {
      IntentPrediction inScope = model.classify("I forgot my password again");
      IntentPrediction outOfScope = model.classify("what is the capital of Australia?");
      assertThat(inScope.best().confidence()).isGreaterThan(outOfScope.best().confidence());
      assertThat(inScope.abstained()).isFalse();
      assertThat(inScope.intent()).contains("reset_password");
      assertThat(outOfScope.abstained()).isTrue();
      assertThat(outOfScope.intent()).isEmpty();
      assertThat(outOfScope.decision()).isEqualTo(IntentModel.OUT_OF_SCOPE);

      try (IntentModel never = model.withThreshold(0); IntentModel always = model.withThreshold(1)) {
        assertThat(never.classify("what is the capital of Australia?").abstained()).isFalse();
        assertThat(always.classify("I forgot my password again").abstained()).isTrue();
        assertThat(never.classify("x").ranked()).isEqualTo(model.classify("x").ranked()); // nothing retrained
      }
    }
  }

  @Test
  void fewShotExamplesAreOneCallAndMayBringNewLabels() {
    try (IntentModel model = IntentModel.train(embedder, train, settings(ClassifierKind.CENTROID));
        IntentModel adapted = model.withExamples(MiniIntents.examples(
            "reset_password", List.of("esqueci minha senha"),
            "change_email", List.of("change the email on my account", "update my login email address")))) {
      assertThat(adapted.examples().size()).isEqualTo(model.examples().size() + 3);
      assertThat(adapted.labels()).contains("change_email").hasSize(5);
      assertThat(model.labels()).hasSize(4); // the original is untouched
      assertThat(adapted.classify("I want a different email address on my account").best().label()).isEqualTo("change_email");
      assertThat(adapted.settings()).isEqualTo(model.settings());
    }
  }

  @Test
  void aLabelWithOneExampleOrASingleLabelIsRefused() {
    List<LabeledText> thin = MiniIntents.examples("greet", List.of("hello"), "bye", List.of("goodbye", "see you"));
    assertThatThrownBy(() -> IntentModel.train(embedder, thin)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[greet]").hasMessageContaining("fewer than 2 examples");
    List<LabeledText> one = MiniIntents.examples("bye", List.of("goodbye", "see you"));
    assertThatThrownBy(() -> IntentModel.train(embedder, one)).hasMessageContaining("at least 2 labels");
  }
}
