package dev.clir.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders an {@link EvalReport} for people (a fixed-width text table) and for programs (JSON, with metric labels
 * such as {@code nDCG@10} as keys and {@code null} where a value is undefined).
 */
public final class EvalReportFormat {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final int LIST_LIMIT = 10;

  private EvalReportFormat() {}

  /** The report as fixed-width text: per-language means, transfer to English, then warnings. */
  public static String table(EvalReport r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Run %s: %d quer%s evaluated", r.runTag(), r.overall().evaluated(),
        r.overall().evaluated() == 1 ? "y" : "ies"));
    if (!r.noJudgments().isEmpty()) {
      out.append(String.format(Locale.ROOT, ", %d without relevant judgments (left out)", r.noJudgments().size()));
    }
    out.append("\n\n");

    out.append(String.format(Locale.ROOT, "%-8s %7s %9s", "lang", "queries", "unjudged"));
    for (Metric m : Metric.values()) {
      out.append(String.format(Locale.ROOT, " %8s", m.label()));
    }
    out.append('\n');
    summaryRow(out, "all", r.overall());
    r.languages().forEach((lang, s) -> summaryRow(out, lang, s));

    if (!r.transfer().isEmpty()) {
      out.append("\nTransfer to English (language / English");
      out.append(r.transfer().values().stream().allMatch(EvalReport.Transfer::paired)
          ? ", over the information needs asked in both)\n" : "; needs '-': no need shared with English,"
              + " ratio of the languages' means over all their queries)\n");
      out.append(String.format(Locale.ROOT, "%-8s %7s", "lang", "needs"));
      for (Metric m : EvalReport.TRANSFER_METRICS) {
        out.append(String.format(Locale.ROOT, " %8s %8s %7s", m.label(), "en", "ratio"));
      }
      out.append('\n');
      r.transfer().forEach((lang, t) -> {
        out.append(String.format(Locale.ROOT, "%-8s %7s", lang, t.paired() ? String.valueOf(t.pairedNeeds()) : "-"));
        for (Metric m : EvalReport.TRANSFER_METRICS) {
          EvalReport.Ratio ratio = t.ratios().get(m);
          out.append(String.format(Locale.ROOT, " %8s %8s %7s", number(ratio.lang(), 4), number(ratio.english(), 4),
              number(ratio.ratio(), 3)));
        }
        out.append('\n');
      });
    }

    StringBuilder warnings = new StringBuilder();
    warn(warnings, r.noJudgments(), "query without relevant judgments (left out of the means)",
        "queries without relevant judgments (left out of the means)");
    warn(warnings, r.noResults(), "judged query without results (scores 0)", "judged queries without results (score 0)");
    warn(warnings, r.runQueriesNotInQuerySet(), "run query not in the query set (ignored)",
        "run queries not in the query set (ignored)");
    warn(warnings, r.unknownJudgedDocs(), "judged document not in the index", "judged documents not in the index");
    if (!warnings.isEmpty()) {
      out.append("\nWarnings:\n").append(warnings);
    }
    return out.toString();
  }

  /**
   * Each query's figures as fixed-width text, in the report's order: id, language, relevant and retrieved documents,
   * then every metric (for a query without relevant judgments, '-').
   */
  public static String perQueryTable(EvalReport r) {
    int idWidth = Math.max(3, r.queries().stream().mapToInt(q -> q.qid().length()).max().orElse(0));
    StringBuilder out = new StringBuilder("Per query\n");
    out.append(String.format(Locale.ROOT, "%-" + idWidth + "s %-8s %8s %9s", "qid", "lang", "relevant", "retrieved"));
    for (Metric m : Metric.values()) {
      out.append(String.format(Locale.ROOT, " %8s", m.label()));
    }
    out.append('\n');
    for (QueryResult q : r.queries()) {
      out.append(String.format(Locale.ROOT, "%-" + idWidth + "s %-8s %8d %9d", q.qid(), q.lang(), q.relevant(), q.retrieved()));
      for (Metric m : Metric.values()) {
        Double v = q.scores().get(m);
        out.append(String.format(Locale.ROOT, " %8s", v == null ? "-" : number(v, 4)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void summaryRow(StringBuilder out, String label, EvalReport.Summary s) {
    out.append(String.format(Locale.ROOT, "%-8s %7d %9d", label, s.evaluated(), s.noJudgments()));
    for (Metric m : Metric.values()) {
      out.append(String.format(Locale.ROOT, " %8s", number(s.mean(m), 4)));
    }
    out.append('\n');
  }

  private static String number(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static void warn(StringBuilder out, Collection<String> ids, String one, String many) {
    if (ids.isEmpty()) {
      return;
    }
    String shown = ids.stream().limit(LIST_LIMIT).collect(Collectors.joining(", "));
    String more = ids.size() > LIST_LIMIT ? " and " + (ids.size() - LIST_LIMIT) + " more" : "";
    out.append(String.format(Locale.ROOT, "  %d %s: %s%s\n", ids.size(), ids.size() == 1 ? one : many, shown, more));
  }

  /** The report as indented JSON. */
  public static String json(EvalReport r) {
    try {
      return JSON.writeValueAsString(jsonTree(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The report as a Jackson tree, for callers that embed it in a larger document. */
  public static ObjectNode jsonTree(EvalReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("run", r.runTag());
    ArrayNode metrics = root.putArray("metrics");
    for (Metric m : Metric.values()) {
      metrics.add(m.label());
    }
    summary(root.putObject("overall"), r.overall());
    ObjectNode languages = root.putObject("languages");
    r.languages().forEach((lang, s) -> summary(languages.putObject(lang), s));
    ObjectNode transfer = root.putObject("transferToEnglish");
    r.transfer().forEach((lang, t) -> {
      ObjectNode node = transfer.putObject(lang);
      node.put("pairedNeeds", t.pairedNeeds());
      node.put("paired", t.paired());
      t.ratios().forEach((m, ratio) -> {
        ObjectNode v = node.putObject(m.label());
        number(v, "lang", ratio.lang());
        number(v, "en", ratio.english());
        number(v, "ratio", ratio.ratio());
      });
    });
    ArrayNode queries = root.putArray("queries");
    for (QueryResult q : r.queries()) {
      ObjectNode node = queries.addObject();
      node.put("qid", q.qid());
      node.put("lang", q.lang());
      node.put("need", q.needId());
      node.put("relevant", q.relevant());
      node.put("retrieved", q.retrieved());
      scores(node.putObject("scores"), q.scores());
    }
    strings(root.putArray("noJudgments"), r.noJudgments());
    strings(root.putArray("noResults"), r.noResults());
    strings(root.putArray("runQueriesNotInQuerySet"), r.runQueriesNotInQuerySet());
    ObjectNode unknown = root.putObject("unknownJudgedDocs");
    unknown.put("checked", r.indexChecked());
    unknown.put("count", r.unknownJudgedDocs().size());
    strings(unknown.putArray("ids"), r.unknownJudgedDocs());
    return root;
  }

  private static void summary(ObjectNode node, EvalReport.Summary s) {
    node.put("evaluated", s.evaluated());
    node.put("noJudgments", s.noJudgments());
    ObjectNode means = node.putObject("means");
    for (Metric m : Metric.values()) {
      number(means, m.label(), s.mean(m));
    }
  }

  private static void scores(ObjectNode node, Map<Metric, Double> scores) {
    scores.forEach((m, v) -> number(node, m.label(), v));
  }

  private static void number(ObjectNode node, String key, double v) {
    if (Double.isNaN(v)) {
      node.putNull(key);
    } else {
      node.put(key, v);
    }
  }

  private static void strings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }
}
