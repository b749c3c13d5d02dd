package dev.clir.cli.index;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.ModelOptions;
import dev.clir.cli.OptionChecks;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.intent.ClassifierKind;
import dev.clir.intent.IntentModel;
import dev.clir.intent.IntentSettings;
import dev.clir.intent.LabeledTextFiles;
import dev.clir.model.KnownModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clir-index intents}: train an intent model from English labelled utterances. */
@Command(name = "intents", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train an intent classifier from labelled utterances (label<TAB>text TSV, or JSONL "
        + "{\"label\",\"text\"}), usually English only; the multilingual embedding space lets it classify other"
        + " languages. The saved model records the embedding model's fingerprint and is refused with another "
        + "model. Classify with: clir-query classify."},
    footerHeading = "%nExample:%n",
    footer = {"  clir-index intents --train testdata/intents/train.en.tsv --out intents.json \\",
        "      --model engine/target/test-model"})
final class IntentsCommand implements Callable<Integer> {
  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Labelled utterances; each label needs at least two.")
  Path train;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the intent model (JSON).")
  Path out;

  @Spec CommandSpec spec;

  @Option(names = "--classifier", paramLabel = "KIND", defaultValue = "logistic", completionCandidates = Classifiers.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the best measured transfer).")
  ClassifierKind classifier;

  Double threshold;

  @Option(names = "--threshold", paramLabel = "P",
      description = "Confidence between 0 and 1 below which a message is out of scope (default: the classifier's, chosen on English dev data).")
  void threshold(double value) {
    threshold = OptionChecks.between(spec, "--threshold", value, 0, 1);
  }

  /** --classifier's values as typed. */
  static final class Classifiers extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Classifiers() {
      super(Arrays.stream(ClassifierKind.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  @Mixin ModelOptions model;

  @Override
  public Integer call() {
    IntentSettings.Builder settings = IntentSettings.builder().classifier(classifier);
    if (threshold != null) {
      settings.threshold(threshold);
    }
    var examples = LabeledTextFiles.readTraining(train);
    try (OnnxEmbedder embedder = model.open(model.modelOr(KnownModels.DEFAULT_MODEL_ID))) {
      IntentModel trained = IntentModel.train(embedder, examples, settings.build());
      trained.save(out);
      System.out.printf(Locale.ROOT, "trained %s on %d utterances, %d intents %s; threshold %.2f; saved to %s%n",
          trained.settings().classifier().name().toLowerCase(Locale.ROOT), examples.size(), trained.labels().size(), trained.labels(),
          trained.threshold(), out);
    }
    return ExitCodes.OK;
  }
}
