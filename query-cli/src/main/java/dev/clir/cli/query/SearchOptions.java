package dev.clir.cli.query;

import dev.clir.index.IndexFields;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchRequest;
import dev.clir.search.fusion.FusionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How to search: shared by asking, batch runs and evaluation, so that an evaluated run is what users get. */
final class SearchOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10", description = "Documents to return (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--candidates", paramLabel = "N",
      description = {"HNSW candidates explored (recall vs speed). Default: max(100, k, passages / 2000), at most 1000 "
          + "(100 up to 200,000 passages, 500 at 1M): HNSW's recall at a fixed count falls as the index grows (on 1M "
          + "synthetic vectors 100 candidates found 0.78 of the exact top 10, 500 found 0.97; bench/REPORT.md)."})
  Integer candidates;

  @Option(names = "--filter", paramLabel = "FIELD=VALUE",
      description = {"Only documents with this metadata value (e.g. category=billing, product=hub, lang=en). Repeatable:",
          "values of one field are alternatives (OR), different fields must all match (AND)."})
  List<String> filters = new ArrayList<>();

  /** The default --mode, chosen by the quality report's test halves (README, Cross-lingual quality). */
  static final String DEFAULT_MODE = "auto";

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = DEFAULT_MODE,
      description = {"How documents are ranked (default: ${DEFAULT-VALUE}):",
          "  vector   the model's similarity alone",
          "  keyword  BM25 over the English title and text alone (a baseline: it cannot read the question's language)",
          "  hybrid   both, fused by the fusion settings with one fixed weight: names, numbers and codes in a foreign",
          "           question often match the English text literally",
          "  auto     hybrid with the weight chosen per question from its script and how much of it the index holds"})
  String mode;

  @Option(names = "--hybrid", hidden = true, description = "Same as --mode hybrid (kept for existing scripts).")
  boolean hybrid;

  @Option(names = "--fusion-settings", paramLabel = "FILE",
      description = {"How hybrid and auto fuse the two rankings: a settings file learned by clir-bench quality on judged "
          + "questions (fusion-settings.json in its report folder). Default: the settings shipped with clir."})
  Path fusionSettings;

  private FusionSettings loadedSettings;

  @Option(names = "--exact", description = "Exact (brute-force) vector search instead of HNSW; for small indexes and recall checks.")
  boolean exact;

  @Option(names = "--min-score", paramLabel = "S", description = "Drop documents whose best passage scores below S (vector similarity, in every mode).")
  Float minScore;

  /**
   * Checks the options that picocli cannot (--mode, the --filter syntax) and reads --fusion-settings, before a model
   * is loaded: a wrong value is a usage error (exit 2), a malformed settings file an input error (exit 3).
   */
  void validate() {
    searchMode();
    filter();
    if (fusionSettings != null) {
      loadedSettings = FusionSettings.read(fusionSettings);
    }
  }

  /** The --mode (or --hybrid) as a search mode. */
  SearchMode searchMode() {
    SearchMode m = switch (mode.strip().toLowerCase(Locale.ROOT)) {
      case "vector" -> SearchMode.VECTOR;
      case "keyword", "bm25" -> SearchMode.KEYWORD;
      case "hybrid" -> SearchMode.HYBRID;
      case "auto" -> SearchMode.AUTO;
      default -> throw new ParameterException(mixee.commandLine(), "Invalid value for option '--mode': '" + mode
          + "' (use vector, keyword, hybrid or auto)");
    };
    if (hybrid && m != SearchMode.HYBRID && !mode.equals(DEFAULT_MODE)) {
      throw new ParameterException(mixee.commandLine(), "--hybrid contradicts --mode " + mode + " (--hybrid is --mode hybrid)");
    }
    return hybrid ? SearchMode.HYBRID : m;
  }

  /** The search for {@code question}; without --candidates, a count scaled to an index of {@code passages}. */
  SearchRequest request(String question, long passages) {
    SearchRequest.Builder b = SearchRequest.builder(question).k(k).exact(exact)
        .numCandidates(candidates != null ? candidates : SearchRequest.scaledNumCandidates(k, passages));
    b.mode(searchMode()).fusionSettings(loadedSettings);
    if (minScore != null) {
      b.minScore(minScore);
    }
    Query filter = filter();
    if (filter != null) {
      b.filter(filter);
    }
    return b.build();
  }

  /** The --filter options as one Lucene query, or null. */
  Query filter() {
    if (filters.isEmpty()) {
      return null;
    }
    Map<String, List<String>> byField = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0 || eq == f.length() - 1 || f.substring(0, eq).isBlank() || f.substring(eq + 1).isBlank()) {
        throw new ParameterException(mixee.commandLine(), "Invalid value for option '--filter': '" + f
            + "' (expected FIELD=VALUE, e.g. category=billing)");
      }
      byField.computeIfAbsent(f.substring(0, eq).trim(), x -> new ArrayList<>()).add(f.substring(eq + 1).trim());
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    byField.forEach((field, values) -> {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String v : values) {
        any.add(new TermQuery(new Term(indexField(field), v)), Occur.SHOULD);
      }
      all.add(any.build(), Occur.FILTER);
    });
    return all.build();
  }

  private static String indexField(String field) {
    return switch (field) {
      case "id" -> IndexFields.ID;
      case "lang" -> IndexFields.LANG;
      default -> IndexFields.metaField(field.startsWith("meta.") ? field.substring(5) : field);
    };
  }
}
