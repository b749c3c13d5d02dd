package dev.clir.bench.quality;

import static dev.clir.bench.quality.ReportWriter.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clir.search.SearchMode;
import dev.clir.search.fusion.FusionLearner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The report's fusion section: the settings hybrid and auto mode ran with, what learning tried on the dev halves,
 * and, on the test halves, each mode against the better of its two legs per set and language.
 */
final class FusionSection {
  /** Where the better leg alone is weakest: the languages hybrid search is for. */
  static final Set<String> FOREIGN = Set.of("pt", "th", "sw");
  /** The most the default mode may lose to the better leg on any set and language. */
  static final double MAX_LOSS = 0.005;

  private FusionSection() {}

  /** One set and language on the test half, at the reference format. */
  record Check(String set, String lang, String metric, int questions, double vector, double bm25, double hybrid,
      double auto) {
    double betterLeg() {
      return Math.max(vector, bm25);
    }
  }

  static List<Check> checks(QualityReport q) {
    List<Check> out = new ArrayList<>();
    for (BenchmarkResult r : q.results()) {
      for (String lang : r.benchmark().languages()) {
        if (!QualityReport.votes(r, lang)) {
          continue;
        }
        double v = mean(r, lang, new Setup(SearchMode.VECTOR, q.referenceFormat()));
        double b = mean(r, lang, Setup.bm25());
        double h = mean(r, lang, new Setup(SearchMode.HYBRID, q.referenceFormat()));
        double a = mean(r, lang, new Setup(SearchMode.AUTO, q.referenceFormat()));
        int n = r.setup(Setup.bm25()).map(s -> s.languages().get(lang)).map(LanguageScores::queries).orElse(0);
        out.add(new Check(r.benchmark().id(), lang, r.benchmark().primary().label(), n, v, b, h, a));
      }
    }
    return out;
  }

  private static double mean(BenchmarkResult r, String lang, Setup s) {
    return r.setup(s).map(x -> x.languages().get(lang)).map(ls -> ls.mean(r.benchmark().primary()))
        .orElse(Double.NaN);
  }

  static void markdown(StringBuilder md, QualityReport q) {
    FusionFigures f = q.fusion();
    if (f == null) {
      return;
    }
    md.append("## Hybrid and auto: fusion chosen on dev, measured on test\n\n");
    md.append("Every retrieval figure in this report is from the **test half** of its set (questions whose id's "
        + "SHA-256 has an odd first byte; translations of a question stay in its half). Fusion settings: ")
        .append(f.source()).append(": `").append(f.settings().describe()).append("`.\n\n");
    List<Check> checks = checks(q);
    if (!checks.isEmpty()) {
      md.append("Each mode against the better of its two legs (vector, BM25) per set and language, ")
          .append(q.referenceFormat().label()).append(", test half (Δ = mode − better leg, in points; ✗ = more than ")
          .append(number(MAX_LOSS * 100, 1)).append(" pt below):\n\n");
      md.append("| set | language | metric | questions | vector | BM25 | better leg | hybrid | Δ hybrid | auto | Δ auto |\n");
      md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      double[] foreign = new double[3]; // sum of Δ hybrid, Δ auto, count
      for (Check c : checks) {
        md.append("| ").append(c.set()).append(" | ").append(c.lang()).append(" | ").append(c.metric()).append(" | ")
            .append(c.questions()).append(" | ").append(number(c.vector(), 3)).append(" | ").append(number(c.bm25(), 3))
            .append(" | ").append(number(c.betterLeg(), 3)).append(" | ").append(number(c.hybrid(), 3)).append(" | ")
            .append(delta(c.hybrid() - c.betterLeg())).append(" | ").append(number(c.auto(), 3)).append(" | ")
            .append(delta(c.auto() - c.betterLeg())).append(" |\n");
        if (FOREIGN.contains(c.lang())) {
          foreign[0] += c.hybrid() - c.betterLeg();
          foreign[1] += c.auto() - c.betterLeg();
          foreign[2]++;
        }
      }
      if (foreign[2] > 0) {
        md.append(String.format(Locale.ROOT, "%nMean Δ over the %d Portuguese, Thai and Swahili rows: hybrid %+.1f pt, "
            + "auto %+.1f pt.%n", (int) foreign[2], foreign[0] / foreign[2] * 100, foreign[1] / foreign[2] * 100));
      }
      md.append('\n');
    }
    FusionLearner.Result l = f.learning();
    if (l == null) {
      return;
    }
    md.append("**Learning** (").append(number(f.seconds(), 1)).append(" s): every fusion function (RRF k = 60 and "
        + "10; convex combination of min-max, theoretical-min-max and z-score normalised scores; DBSF), candidate "
        + "depth 20 and 100 per leg, and vector weights on a 0.05 grid were tried on the dev halves; a setting "
        + "counts only if no set and language loses more than 0.5 pt to its better leg on dev. Chosen: ")
        .append(l.choice()).append(".\n\n");
    md.append("Which signals earn their place (dev mean of the primary metrics over sets and languages, each variant at "
        + "its best function and depth):\n\n| auto weight | function | depth | dev mean | every group within 0.5 pt |\n"
        + "| --- | --- | ---: | ---: | --- |\n");
    for (FusionLearner.Variant v : l.variants()) {
      md.append("| ").append(v.name()).append(" | ").append(v.function()).append(" | ").append(v.depth()).append(" | ")
          .append(number(v.objective(), 4)).append(" | ").append(v.feasible() ? "yes" : String.format(Locale.ROOT,
              "no (%.1f pt short)", -v.worstSlack() * 100)).append(" |\n");
    }
    md.append("\nDev figures of the chosen settings:\n\n| set/language | questions | vector | BM25 | hybrid | auto |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (FusionLearner.GroupFigures g : l.groups()) {
      md.append("| ").append(g.group()).append(" | ").append(g.questions()).append(" | ").append(number(g.vector(), 3))
          .append(" | ").append(number(g.keyword(), 3)).append(" | ").append(number(g.hybrid(), 3)).append(" | ")
          .append(number(g.auto(), 3)).append(" |\n");
    }
    md.append('\n');
  }

  private static String delta(double d) {
    return String.format(Locale.ROOT, "%+.1f", d * 100) + (d < -MAX_LOSS - 1e-12 ? " ✗" : "");
  }

  static void json(ObjectNode root, QualityReport q) {
    FusionFigures f = q.fusion();
    if (f == null) {
      return;
    }
    ObjectNode node = root.putObject("fusion");
    node.put("settings", f.settings().describe());
    node.put("source", f.source());
    if (f.learning() != null) {
      node.put("choice", f.learning().choice());
    }
    ArrayNode rows = node.putArray("testHalf");
    for (Check c : checks(q)) {
      ObjectNode o = rows.addObject();
      o.put("set", c.set());
      o.put("lang", c.lang());
      o.put("metric", c.metric());
      o.put("questions", c.questions());
      o.put("vector", c.vector());
      o.put("bm25", c.bm25());
      o.put("hybrid", c.hybrid());
      o.put("auto", c.auto());
    }
  }
}
