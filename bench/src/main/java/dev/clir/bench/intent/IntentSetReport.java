package dev.clir.bench.intent;

import dev.clir.intent.*;
import dev.clir.model.ModelIdentity;

import java.util.List;

/**
 * In-scope accuracy and abstention on a labelled intent set with out-of-scope messages, per classifier and
 * language, at the threshold chosen on the set's English dev split. Renders as fixed-width text, Markdown or JSON.
 *
 * @param embedding the embedding model measured
 * @param trainSize English training examples
 * @param labels intents
 * @param rows one per classifier and split
 */
public record IntentSetReport(ModelIdentity embedding, int trainSize, int labels, List<Row> rows) {

  /**
   * @param split {@code dev.en} (where the threshold was chosen) or {@code test.<lang>}
   * @param scores the figures at the chosen threshold
   */
  public record Row(String classifier, String split, AbstentionScores scores) {}

  public String toText() {
    return "Intent set: " + labels + " intents, " + trainSize + " English training examples, model " + embedding.describe()
        + "\nthreshold chosen per classifier on dev.en (best balanced accuracy, middle of the best plateau)\n\n" + table().toText();
  }

  public String toMarkdown() {
    return "## Intents of the Nimbra test set, with out-of-scope messages\n\n" + labels + " intents, " + trainSize
        + " English training examples; embedding model `" + embedding.id() + "`. The threshold of each classifier is chosen on "
        + "`dev.en` (best balanced accuracy = mean of in-scope accuracy and abstain recall; middle of the best plateau) and "
        + "applied unchanged to every test language.\n\n" + table().toMarkdown();
  }

  public String toJson() {
    return ReportJson.of(this);
  }

  private TextTable table() {
    TextTable t = new TextTable(List.of("classifier", "split", "threshold", "in", "oos", "top-1", "in-scope acc", "abstain P",
        "abstain R", "balanced"));
    for (Row r : rows) {
      AbstentionScores s = r.scores();
      t.row(r.classifier(), r.split(), s.threshold(), s.inScope(), s.outOfScope(), s.inScopeTop1(), s.inScopeAccuracy(),
          s.abstainPrecision(), s.abstainRecall(), s.balancedAccuracy());
    }
    return t;
  }
}
