package dev.clir.cli.query;

import dev.clir.cli.OptionChecks;
import dev.clir.index.RecordedModel;
import dev.clir.language.LanguageIdentifier;
import dev.clir.search.ClirSearcher;
import dev.clir.search.MetadataFilter;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchRequest;
import dev.clir.search.fusion.FusionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.search.Query;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How to search: shared by asking, batch runs and evaluation, so that an evaluated run is what users get. */
final class SearchOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  int k;

  @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10", description = "Documents to return (default: ${DEFAULT-VALUE}).")
  void k(int value) {
    k = OptionChecks.atLeast(mixee, "--k", value, 1, "");
  }

  Integer candidates;

  @Option(names = "--candidates", paramLabel = "N",
      description = {"HNSW candidates explored, at least --k (recall vs speed). Default: max(100, k, passages / 2000), at "
        + "most 1000 (100 up to 200,000 passages, 500 at 1M): HNSW's recall at a fixed count falls as the index"
        + " grows (on 1M synthetic vectors 100 candidates found 0.78 of the exact top 10, 500 found 0.97; "
        + "bench/REPORT.md)."})
  void candidates(int value) {
    candidates = OptionChecks.atLeast(mixee, "--candidates", value, 1, "");
  }

  @Option(names = "--filter", paramLabel = "FIELD=VALUE",
      description = {"Only documents with this metadata value (e.g. category=billing, product=hub, lang=en). Repeatable: "
        + "values of one field are alternatives (OR), different fields must all match (AND)."})
  List<String> filters = new ArrayList<>();

  /** The default --mode, chosen by the quality report's test halves (README, Cross-lingual quality). */
  static final String DEFAULT_MODE = "auto";

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = DEFAULT_MODE, completionCandidates = Modes.class,
      description = {"How documents are ranked (default: ${DEFAULT-VALUE}):",
          "  vector   the model's similarity alone",
          "  keyword  BM25 over the English title and text alone (a baseline: it cannot read the question's language)",
          "  hybrid   both, fused by the fusion settings with one fixed weight: names, numbers and codes in a foreign",
          "           question often match the English text literally",
          "  auto     hybrid with the weight chosen per question from its language (and signals such as how much of it the index holds)"})
  String mode;

  /** The --mode values, for completion and help. */
  static final class Modes extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Modes() {
      super(List.of("vector", "keyword", "hybrid", "auto"));
    }
  }

  @Option(names = "--hybrid", hidden = true, description = "Same as --mode hybrid (kept for existing scripts).")
  boolean hybrid;

  @Option(names = "--fusion-settings", paramLabel = "FILE",
      description = {"How hybrid and auto fuse the two rankings: a settings file learned by clir-bench quality on judged "
          + "questions (fusion-settings.json in its report folder). Default: the settings recorded in the index by "
          + "clir-index (else those shipped with clir for its model)."})
  Path fusionSettings;

  private FusionSettings loadedSettings;

  @Option(names = "--exact", description = "Exact (brute-force) vector search instead of HNSW; for small indexes and recall checks.")
  boolean exact;

  @Option(names = "--min-score", paramLabel = "S", description = "Drop documents whose best passage scores below S (vector similarity, in every mode).")
  Float minScore;

  /**
   * Checks what picocli cannot check alone (options together, --mode, the --filter syntax) and reads
   * --fusion-settings, before a model is loaded: a wrong value is a usage error (exit 2), a malformed settings file an
   * input error (exit 3). Each option's own range is checked as it is parsed.
   */
  void validate() {
    searchMode();
    if (candidates != null && candidates < k) {
      throw OptionChecks.invalid(mixee, "--candidates", String.valueOf(candidates),
          "must be at least --k, " + k + ": HNSW cannot return more documents than the candidates it explores");
    }
    filter();
    if (fusionSettings != null) {
      loadedSettings = FusionSettings.read(fusionSettings);
    }
  }

  /**
   * Where the BM25 leg is searched (keyword, hybrid and auto mode), starts loading the language model for the languages
   * the fusion settings (--fusion-settings, else the index's) tell apart, so that it is there when the first question
   * has been embedded.
   */
  void warmUpLanguageModel(RecordedModel recorded) {
    if (searchMode() != SearchMode.VECTOR) {
      LanguageIdentifier.warmUp((loadedSettings != null ? loadedSettings : ClirSearcher.fusionSettings(recorded)).languages());
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
    Query filter = filter().toQuery();
    if (filter != null) {
      b.filter(filter);
    }
    return b.build();
  }

  /** The --filter options, parsed. */
  MetadataFilter filter() {
    try {
      return MetadataFilter.parse(filters);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(mixee, "Invalid value for option '--filter': " + e.getMessage());
    }
  }

  /**
   * Refuses filters on fields no document of the index has (a typo, or the wrong case), which would silently match
   * nothing, naming the fields there are.
   */
  void checkFilterFields(SearchSession session) {
    MetadataFilter filter = filter();
    Set<String> unknown = new TreeSet<>(filter.fields());
    unknown.removeAll(session.filterableFields);
    if (unknown.isEmpty()) {
      return;
    }
    StringBuilder m = new StringBuilder("Invalid value for option '--filter': no document of the index has the field"
        + (unknown.size() == 1 ? " '" + unknown.iterator().next() + "'" : "s " + unknown));
    for (String u : unknown) {
      session.filterableFields.stream().filter(f -> f.equalsIgnoreCase(u)).findFirst()
          .ifPresent(f -> m.append(" (field names are case-sensitive: '").append(f).append("')"));
    }
    m.append(". Fields one can filter on: ").append(String.join(", ", session.filterableFields));
    throw OptionChecks.usage(mixee, m.toString());
  }

  /** What to say under "(no documents)": which of the options removed everything. */
  String noResultsHint() {
    List<String> causes = new ArrayList<>();
    if (!filters.isEmpty()) {
      causes.add("no document matches --filter " + String.join(" --filter ", filters));
    }
    if (minScore != null) {
      causes.add("or none scores --min-score " + minScore + " or more");
    }
    if (causes.isEmpty()) {
      return "(the index holds no documents)";
    }
    String hint = String.join(" ", causes);
    if (filters.isEmpty()) {
      hint = hint.substring(3);
    }
    return "(" + hint + ")";
  }
}
