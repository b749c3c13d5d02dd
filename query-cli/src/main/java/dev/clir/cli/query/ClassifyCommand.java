package dev.clir.cli.query;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.Json;
import dev.clir.cli.ModelOptions;
import dev.clir.cli.OptionChecks;
import dev.clir.cli.UserInputException;
import dev.clir.corpus.InputFormatException;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.eval.Query;
import dev.clir.eval.QueryFileReader;
import dev.clir.intent.AbstentionScores;
import dev.clir.intent.IntentModel;
import dev.clir.intent.IntentPrediction;
import dev.clir.intent.LabeledText;
import dev.clir.intent.LabeledTextFiles;
import dev.clir.intent.ScoredIntent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clir-query classify}: what does the user want? Intents from a model trained by clir-index intents. */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Classify messages in any language into the intents of a model trained with clir-index intents. "
        + "Prints the top intents with confidences, or _oos (out of scope) when no intent is confident enough."},
    footerHeading = "%nExamples:%n",
    footer = {"  clir-query classify --intents intents.json --model engine/target/test-model \\",
        "      \"Não consigo entrar na minha conta\"",
        "  clir-query classify --intents intents.json --queries messages.tsv --json"})
final class ClassifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--intents", required = true, paramLabel = "FILE", description = "Intent model written by clir-index intents.")
  Path intents;

  @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "The message (several words are joined).")
  List<String> message = List.of();

  @Option(names = "--queries", paramLabel = "FILE", description = "Classify every message of a TSV (id<TAB>text) or JSONL ({\"id\",\"text\"}) file.")
  Path queries;

  int top;

  @Option(names = "--top", paramLabel = "N", defaultValue = "3", description = "Intents to show per message (default: ${DEFAULT-VALUE}).")
  void top(int value) {
    top = OptionChecks.atLeast(spec, "--top", value, 1, "");
  }

  @Option(names = "--allow-model-mismatch", description = "Expert: classify with an embedding model other than the one the intents were trained with.")
  boolean allowModelMismatch;

  @Option(names = "--json", description = "Print JSON (one object per message with --queries).")
  boolean json;

  @Option(names = "--labelled", paramLabel = "FILE",
      description = "Measure accuracy on labelled messages (label<TAB>text or JSONL {\"label\",\"text\"}, the format "
          + "clir-index intents trains on; label _oos for messages out of scope), e.g. testdata/intents/test.pt.tsv.")
  Path labelled;

  @Mixin ModelOptions model;

  @Override
  public Integer call() {
    String text = String.join(" ", message).strip();
    int ways = (queries != null ? 1 : 0) + (labelled != null ? 1 : 0) + (text.isEmpty() ? 0 : 1);
    if (ways != 1) {
      throw OptionChecks.usage(spec, ways == 0 ? "Give a MESSAGE, --queries FILE or --labelled FILE"
          : "Give one of MESSAGE, --queries FILE and --labelled FILE, not several");
    }
    List<LabeledText> gold = labelled != null ? LabeledTextFiles.read(labelled) : null;
    List<Query> items = queries != null ? readQueries()
        : gold != null ? gold.stream().map(g -> new Query(g.label(), g.text(), null)).toList()
        : List.of(new Query("1", text, null));
    // like an index: the directory the intents were trained with when it is still there, else the model's id
    String modelArg = model.modelOr(IntentModel.embeddingDirectoryOf(intents).filter(Files::isDirectory)
        .map(Path::toString).orElseGet(() -> IntentModel.embeddingOf(intents).id()));
    try (OnnxEmbedder embedder = model.open(modelArg); IntentModel intentModel = IntentModel.load(intents, embedder, allowModelMismatch)) {
      List<IntentPrediction> predictions = intentModel.classifyAll(items.stream().map(Query::text).toList());
      if (gold != null) {
        accuracy(gold, predictions, intentModel.threshold());
        return ExitCodes.OK;
      }
      for (int i = 0; i < items.size(); i++) {
        print(items.get(i), predictions.get(i), queries != null);
      }
    }
    return ExitCodes.OK;
  }

  /** --queries FILE; a file whose first column repeats is most likely a labelled test set, meant for --labelled. */
  private List<Query> readQueries() {
    try {
      return QueryFileReader.read(queries).queries();
    } catch (InputFormatException e) {
      if (e.getMessage() != null && e.getMessage().contains("duplicate query id")) {
        throw new UserInputException(e.getMessage() + ". If the first column is the intent (label<TAB>text, as clir-index "
            + "intents trains on), measure accuracy with --labelled " + queries + " instead", e);
      }
      throw e;
    }
  }

  /** How the model does on labelled messages, scored as the library scores abstention (one definition of each figure). */
  private void accuracy(List<LabeledText> gold, List<IntentPrediction> predictions, double threshold) {
    AbstentionScores a = AbstentionScores.of(gold.stream().map(LabeledText::label).toList(), predictions, threshold);
    // right answers overall: in-scope messages given their intent, out-of-scope ones abstained on
    double accuracy = gold.isEmpty() ? 0 : (a.inScopeAccuracy() * a.inScope() + a.abstainRecall() * a.outOfScope()) / gold.size();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", labelled.toString());
    m.put("messages", gold.size());
    m.put("accuracy", accuracy);
    m.put("inScope", a.inScope());
    m.put("inScopeAccuracy", a.inScopeAccuracy());
    m.put("outOfScope", a.outOfScope());
    m.put("outOfScopeRecognised", a.abstainRecall());
    m.put("balancedAccuracy", a.balancedAccuracy());
    m.put("threshold", threshold);
    if (json) {
      System.out.println(Json.pretty(m));
      return;
    }
    System.out.printf(Locale.ROOT, "accuracy %.3f over %d messages; in scope %.3f (%d); out of scope recognised %.3f (%d); "
        + "balanced %.3f at threshold %.2f%n", accuracy, gold.size(), a.inScopeAccuracy(), a.inScope(), a.abstainRecall(),
        a.outOfScope(), a.balancedAccuracy(), threshold);
  }

  private void print(Query q, IntentPrediction p, boolean batch) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (batch) {
        m.put("id", q.id());
      }
      m.put("text", q.text());
      m.put("intent", p.decision());
      m.put("abstained", p.abstained());
      List<Map<String, Object>> ranked = new ArrayList<>();
      for (ScoredIntent s : p.top(top)) {
        ranked.add(Map.of("label", s.label(), "confidence", s.confidence()));
      }
      m.put("top", ranked);
      m.put("outOfScope", p.outOfScope());
      System.out.println(batch ? Json.line(m) : Json.pretty(m));
      return;
    }
    StringBuilder line = new StringBuilder();
    if (batch) {
      line.append(q.id()).append('\t');
    }
    line.append(p.decision());
    for (ScoredIntent s : p.top(top)) {
      line.append(String.format(Locale.ROOT, "  %s %.2f", s.label(), s.confidence()));
    }
    if (!batch) {
      line.append(String.format(Locale.ROOT, "  (out of scope %.2f, threshold %.2f)", p.outOfScope(), p.threshold()));
    }
    System.out.println(line);
  }
}
