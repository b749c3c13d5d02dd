package dev.clir.bench.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clir.intent.AbstentionScores;
import dev.clir.bench.intent.IntentSetReport;
import dev.clir.bench.intent.SibReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The intent-classification part of the quality report: a summary written from the figures (which classifier wins
 * where, the transfer to English, what few-shot examples add, how abstention holds up per language), then the
 * engine's own SIB-200 and intent-set tables with their headings moved one level down.
 */
final class IntentSection {
  private IntentSection() {}

  static void markdown(StringBuilder md, IntentFigures f) {
    md.append("## Intent classification: labelled in English, asked in every language\n\n");
    md.append("The same vectors route a message to an intent a team labelled in English only (`dev.clir.intent`, "
        + "`clir-index intents` / `clir-query classify`). The default classifier is `")
        .append(IntentFigures.DEFAULT_CLASSIFIER).append("`; the others are measured beside it. Wall time of the "
            + "intent evaluations: ").append(ReportWriter.number(f.seconds(), 1)).append(" s.\n\n");
    f.sib().ifPresent(s -> sibSummary(md, s));
    f.intentSet().ifPresent(r -> intentSetSummary(md, r));
    f.sib().ifPresent(s -> md.append(demote(s.toMarkdown())).append("\n![SIB-200 accuracy by language](")
        .append(IntentFigures.SIB_CHART).append(")\n\n"));
    f.intentSet().ifPresent(r -> md.append(demote(r.toMarkdown())).append('\n'));
  }

  private static void sibSummary(StringBuilder md, SibReport s) {
    String def = IntentFigures.DEFAULT_CLASSIFIER;
    md.append("**SIB-200 topics** (").append(s.trainSize()).append(" English training sentences; test split; "
        + "abstention off, the topics are a closed set):\n\n");
    md.append("| language | accuracy (").append(def).append(") | macro-F1 | transfer (accuracy / English) | best "
        + "classifier here | + k=").append(maxK(s)).append(" examples per label (").append(def).append(") |\n"
        + "| --- | ---: | ---: | ---: | --- | ---: |\n");
    for (SibReport.Result r : s.test()) {
      if (!r.classifier().equals(def)) {
        continue;
      }
      SibReport.Result best = s.test().stream().filter(x -> x.language().equals(r.language()))
          .max(Comparator.comparingDouble(SibReport.Result::accuracy)).orElseThrow();
      Optional<SibReport.FewShot> shots = s.fewShot().stream()
          .filter(x -> x.classifier().equals(def) && x.language().equals(r.language()) && x.k() == maxK(s)).findFirst();
      md.append("| ").append(r.language()).append(" | ").append(ReportWriter.number(r.accuracy(), 3)).append(" | ")
          .append(ReportWriter.number(r.macroF1(), 3)).append(" | ")
          .append(r.language().equals(s.source()) ? "1 (reference)" : ReportWriter.number(r.accuracyTransfer(), 2))
          .append(" | ").append(best.classifier()).append(" (").append(ReportWriter.number(best.accuracy(), 3))
          .append(") | ").append(shots.map(x -> ReportWriter.signed(x.accuracyGain())).orElse("–")).append(" |\n");
    }
    md.append('\n');
    List<SibReport.FewShot> points = s.fewShot().stream().filter(x -> x.classifier().equals(def) && x.k() > 0).toList();
    if (points.isEmpty()) {
      return;
    }
    md.append("Few-shot gains in accuracy over zero-shot (").append(def).append(", mean over seeds ").append(s.seeds())
        .append("): ").append(points.stream().map(x -> x.language() + " k=" + x.k() + " " + ReportWriter.signed(x.accuracyGain()))
            .collect(Collectors.joining(", "))).append(".");
    List<String> clear = new ArrayList<>();
    for (SibReport.FewShot x : points) {
      double noise = noise(s, def, x.language());
      if (Math.abs(x.accuracyGain()) > noise) {
        clear.add(x.language() + " k=" + x.k() + " " + ReportWriter.signed(x.accuracyGain()) + " (noise ±"
            + ReportWriter.number(noise, 3) + ")");
      }
    }
    md.append(clear.isEmpty()
        ? " None of them exceeds two standard errors of the zero-shot accuracy on its test split: with this model, "
            + "target-language examples make no measurable difference."
        : " Beyond two standard errors of the zero-shot accuracy: " + String.join(", ", clear) + ".").append("\n\n");
  }

  /** Two binomial standard errors of {@code classifier}'s zero-shot test accuracy in {@code language}. */
  private static double noise(SibReport s, String classifier, String language) {
    return s.test().stream().filter(r -> r.classifier().equals(classifier) && r.language().equals(language))
        .mapToDouble(r -> 2 * Math.sqrt(r.accuracy() * (1 - r.accuracy()) / r.n())).findFirst().orElse(0);
  }

  private static int maxK(SibReport s) {
    return s.fewShot().stream().mapToInt(SibReport.FewShot::k).max().orElse(0);
  }

  private static void intentSetSummary(StringBuilder md, IntentSetReport r) {
    String def = IntentFigures.DEFAULT_CLASSIFIER;
    List<IntentSetReport.Row> rows = r.rows().stream().filter(x -> x.classifier().equals(def)).toList();
    if (rows.isEmpty()) {
      return;
    }
    md.append("**testdata intents** (").append(r.labels()).append(" intents of the Nimbra product, ")
        .append(r.trainSize()).append(" English training utterances, out-of-scope messages mixed in; ").append(def)
        .append(", threshold ").append(ReportWriter.number(rows.get(0).scores().threshold(), 2))
        .append(" chosen on English dev and kept for every language):\n\n");
    md.append("| split | in-scope accuracy | top-1 ignoring abstention | out-of-scope abstained on | abstentions that "
        + "were out of scope |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (IntentSetReport.Row row : rows) {
      AbstentionScores a = row.scores();
      md.append("| ").append(row.split()).append(" | ").append(ReportWriter.number(a.inScopeAccuracy(), 3))
          .append(" | ").append(ReportWriter.number(a.inScopeTop1(), 3)).append(" | ")
          .append(ReportWriter.number(a.abstainRecall(), 3)).append(" | ")
          .append(ReportWriter.number(a.abstainPrecision(), 3)).append(" |\n");
    }
    md.append("\nWhere top-1 is well above in-scope accuracy, the right intent ranks first but below the English "
        + "threshold: the model is less sure outside English and abstains.\n\n");
  }

  /** Headings one level down, so that the engine's reports nest under this section. */
  static String demote(String markdown) {
    return markdown.replaceAll("(?m)^(#+) ", "$1# ");
  }

  static void json(ObjectNode root, IntentFigures f, ObjectMapper mapper) {
    ObjectNode node = root.putObject("intents");
    node.put("defaultClassifier", IntentFigures.DEFAULT_CLASSIFIER);
    node.put("seconds", Math.round(f.seconds() * 10) / 10.0);
    try {
      if (f.sib200() != null) {
        node.set("sib200", mapper.readTree(f.sib200().toJson()));
      }
      if (f.testdata() != null) {
        node.set("testdata", mapper.readTree(f.testdata().toJson()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the intent reports' JSON does not parse", e);
    }
  }

  /** Languages of the SIB-200 test results, source first, in report order. */
  static List<String> languages(SibReport s) {
    return s.test().stream().map(SibReport.Result::language).distinct().toList();
  }

  /**
   * Per series name, the accuracy per language of {@link #languages}: every classifier zero-shot, then the default's
   * few-shot points (null for the source language, which gets no examples added).
   */
  static Map<String, List<Double>> chartSeries(SibReport s) {
    List<String> langs = languages(s);
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String classifier : s.test().stream().map(SibReport.Result::classifier).distinct().toList()) {
      series.put(classifier, langs.stream().map(l -> s.test().stream()
          .filter(r -> r.classifier().equals(classifier) && r.language().equals(l))
          .mapToDouble(SibReport.Result::accuracy).findFirst().orElse(0)).toList());
    }
    String def = IntentFigures.DEFAULT_CLASSIFIER;
    for (int k : s.fewShot().stream().mapToInt(SibReport.FewShot::k).filter(k -> k > 0).distinct().sorted().toArray()) {
      series.put(String.format(Locale.ROOT, "%s + %d per label", def, k), langs.stream().map(l -> l.equals(s.source())
          ? null : s.fewShot().stream().filter(x -> x.classifier().equals(def) && x.language().equals(l) && x.k() == k)
              .map(SibReport.FewShot::accuracy).findFirst().orElse(null)).collect(Collectors.toList()));
    }
    return series;
  }
}
