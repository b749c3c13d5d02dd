package dev.clir.bench.intent;

import dev.clir.intent.*;
import dev.clir.model.ModelIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot cross-lingual topic classification on SIB-200 and its few-shot curve, per classifier and language.
 * Renders as a fixed-width text, Markdown, or JSON.
 *
 * @param embedding the embedding model measured
 * @param source the language trained on
 * @param trainSize labelled source examples
 * @param seeds few-shot samples drawn per point; figures are means over them
 * @param dev results on each language's dev split, for choosing settings
 * @param test results on each language's test split
 * @param fewShot accuracy after adding k target-language examples per label
 * @param confusion the first classifier's confusion matrix on each language's test split
 */
public record SibReport(ModelIdentity embedding, String source, int trainSize, List<Long> seeds, List<Result> dev,
    List<Result> test, List<FewShot> fewShot, Map<String, ClassificationScores> confusion) {

  /**
   * @param accuracyTransfer accuracy divided by the source language's, same classifier and split
   * @param macroF1Transfer macro-F1 divided by the source language's
   */
  public record Result(String classifier, String language, int n, double accuracy, double macroF1, double accuracyTransfer,
      double macroF1Transfer) {}

  /**
   * @param k target-language examples added per label (0: zero-shot)
   * @param accuracyGain accuracy minus the zero-shot accuracy
   */
  public record FewShot(String classifier, String language, int k, double accuracy, double macroF1, double accuracyGain) {}

  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("SIB-200 intent transfer: trained on ").append(source).append(" (").append(trainSize).append(" examples), model ")
        .append(embedding.describe()).append("\n\n");
    sb.append("Dev split\n").append(results(dev).toText()).append('\n');
    sb.append("Test split\n").append(results(test).toText()).append('\n');
    sb.append("Few-shot (test split; mean over seeds ").append(seeds).append(")\n").append(fewShotTable().toText());
    for (Map.Entry<String, ClassificationScores> e : confusion.entrySet()) {
      sb.append('\n').append("Confusion, ").append(e.getKey()).append(" (rows gold, columns predicted)\n").append(confusionTable(e.getValue()).toText());
    }
    return sb.toString();
  }

  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("## SIB-200: intents labelled in ").append(source).append(" only\n\n");
    sb.append("Trained on ").append(trainSize).append(" ").append(source).append(" examples; embedding model `").append(embedding.id())
        .append("` (`").append(embedding.fingerprint()).append("`, ").append(embedding.dimension()).append(" dims).\n\n");
    sb.append("### Dev split\n\n").append(results(dev).toMarkdown()).append('\n');
    sb.append("### Test split\n\n").append(results(test).toMarkdown()).append('\n');
    sb.append("### Few-shot: k target-language examples per label (test split, mean over seeds ").append(seeds).append(")\n\n")
        .append(fewShotTable().toMarkdown());
    for (Map.Entry<String, ClassificationScores> e : confusion.entrySet()) {
      sb.append("\n### Confusion: ").append(e.getKey()).append(" (rows gold, columns predicted)\n\n").append(confusionTable(e.getValue()).toMarkdown());
    }
    return sb.toString();
  }

  public String toJson() {
    return ReportJson.of(this);
  }

  private static TextTable results(List<Result> results) {
    TextTable t = new TextTable(List.of("classifier", "language", "n", "accuracy", "macro-F1", "acc transfer", "F1 transfer"));
    for (Result r : results) {
      t.row(r.classifier(), r.language(), r.n(), r.accuracy(), r.macroF1(), r.accuracyTransfer(), r.macroF1Transfer());
    }
    return t;
  }

  private TextTable fewShotTable() {
    TextTable t = new TextTable(List.of("classifier", "language", "k", "accuracy", "macro-F1", "acc gain"));
    for (FewShot f : fewShot) {
      t.row(f.classifier(), f.language(), f.k(), f.accuracy(), f.macroF1(), f.accuracyGain());
    }
    return t;
  }

  static TextTable confusionTable(ClassificationScores s) {
    List<String> headers = new ArrayList<>(List.of("gold \\ predicted"));
    for (int c = 0; c < s.labels().size(); c++) {
      headers.add(abbreviation(s.labels().get(c)));
    }
    TextTable t = new TextTable(headers);
    for (int g = 0; g < s.labels().size(); g++) {
      Object[] cells = new Object[headers.size()];
      cells[0] = s.labels().get(g);
      for (int p = 0; p < s.labels().size(); p++) {
        cells[p + 1] = s.confusion()[g][p];
      }
      t.row(cells);
    }
    return t;
  }

  /** Column heads short enough for a terminal: the first 6 characters. */
  private static String abbreviation(String label) {
    return label.length() <= 6 ? label : label.substring(0, 6);
  }
}
