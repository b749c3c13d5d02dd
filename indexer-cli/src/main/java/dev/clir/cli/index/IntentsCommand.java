package dev.clir.cli.index;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.ModelOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.intent.ClassifierKind;
import dev.clir.intent.IntentModel;
import dev.clir.intent.IntentSettings;
import dev.clir.intent.LabeledTextFiles;
import dev.clir.model.KnownModels;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clir-index intents}: train an intent model from English labelled utterances. */
@Command(name = "intents", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train an intent classifier from labelled utterances (label<TAB>text TSV, or JSONL {\"label\",\"text\"}),",
        "usually English only; the multilingual embedding space lets it classify other languages. The saved model records",
        "the embedding model's fingerprint and is refused with another model. Classify with: clir-query classify."},
    footerHeading = "%nExample:%n",
    footer = "  clir-index intents --train testdata/intents/train.en.tsv --out intents.json --model engine/target/test-model")
final class IntentsCommand implements Callable<Integer> {
  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Labelled utterances; each label needs at least two.")
  Path train;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the intent model (JSON).")
  Path out;

  @Option(names = "--classifier", paramLabel = "KIND", defaultValue = "logistic",
      description = "logistic (default: best measured transfer), centroid or knn.")
  String classifier;

  @Option(names = "--threshold", paramLabel = "P",
      description = "Confidence below which a message is out of scope (default: the classifier's, chosen on English dev data).")
  Double threshold;

  @Mixin ModelOptions model;

  @Override
  public Integer call() {
    IntentSettings.Builder settings = IntentSettings.builder().classifier(ClassifierKind.of(classifier.toLowerCase(Locale.ROOT)));
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
