package dev.clir.search.fusion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How hybrid and auto search fuse the vector and BM25 legs: the fusion function, the candidate depth of each leg,
 * the vector weight of {@code hybrid} mode, auto mode's weight rules per question language (each a line in one
 * per-question signal, plus a rule for any other language), and whether the BM25 leg drops the question language's
 * stop words. Chosen by
 * measurement ({@code clir-bench quality} learns them on the dev halves of the public sets) and kept as data: a
 * small versioned JSON file. Good settings depend on the model (how well it reads each language), so clir ships them
 * per model ({@link #forModel}), learned with that model, and neutral {@link #defaults()} for the others; a user
 * learns their own on judged questions and passes them ({@code clir-query --fusion-settings FILE}). Immutable.
 *
 * <p>Vector weights are kept on a grid of {@value #WEIGHT_STEP}, at query time as in learning, so that what was
 * measured is what runs.
 */
public final class FusionSettings {
  /** The version of the file format this class reads and writes. */
  public static final int FORMAT_VERSION = 2;
  /** The key that holds the format version: it also marks a file as fusion settings. */
  public static final String FORMAT_KEY = "clirFusionSettings";
  public static final double WEIGHT_STEP = 0.05;
  /** Steps of {@link #WEIGHT_STEP} in [0, 1]. */
  public static final int GRID_STEPS = 20;
  /** The neutral settings, as a class-path resource beside this class. */
  public static final String DEFAULT_RESOURCE = "default-fusion.json";
  /** Where the settings learned with a model lie: {@code models/<id with / as -->.json} beside this class. */
  public static final String MODELS_FOLDER = "models/";

  /**
   * Commit-data key under which clir-index records the settings in effect when it built an index ({@link
   * #commitData}); searchers of that index use them unless told otherwise ({@link #recorded}).
   */
  public static final String COMMIT_KEY = "fusion.settings";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();
  private static final Set<String> KEYS = Set.of(FORMAT_KEY, "function", "normalization", "k", "depth", "keyword",
      "hybrid", "auto", "learned");

  private final FusionFunction function;
  private final int depth;
  private final double hybridWeight;
  private final KeywordLeg keyword;
  private final Set<String> languages;
  private final List<WeightRule> rules;
  private final Map<String, String> learned;

  /**
   * @param function how the legs are fused
   * @param depth candidates taken from each leg, at least 1
   * @param hybridWeight the vector leg's weight in hybrid mode (BM25 gets {@code 1 - weight})
   * @param questionStopWords whether hybrid and auto mode's BM25 leg also drops the stop words of the question's
   *     language (English ones it always drops, as the index does)
   * @param languages the ISO 639-1 codes a question's language is identified among; empty: it is not identified
   * @param rules auto mode's weight rules, the first whose language matches wins; the last must match any language
   * @param learned how these settings were chosen (command, model, figures), for people; may be empty
   */
  public FusionSettings(FusionFunction function, int depth, double hybridWeight, boolean questionStopWords,
      Set<String> languages, List<WeightRule> rules, Map<String, String> learned) {
    this(function, depth, hybridWeight, new KeywordLeg(questionStopWords, 0), languages, rules, learned);
  }

  /**
   * As above, with the whole {@link KeywordLeg}: a {@link KeywordLeg#cognatePrefix()} above 0 also matches, for a
   * question identified as another language than the index's (English), the index words that begin with the first
   * letters of each question word (Portuguese "população" finds "population"); the identification needs
   * {@code languages}.
   */
  public FusionSettings(FusionFunction function, int depth, double hybridWeight, KeywordLeg keyword,
      Set<String> languages, List<WeightRule> rules, Map<String, String> learned) {
    this.function = Objects.requireNonNull(function, "function");
    if (!(function instanceof ReciprocalRankFusion) && !(function instanceof ScoreFusion)) {
      throw new IllegalArgumentException("only rrf and score fusion can be written to a settings file: " + function);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1: " + depth);
    }
    checkWeight(hybridWeight);
    this.depth = depth;
    this.hybridWeight = onGrid(hybridWeight);
    this.keyword = Objects.requireNonNull(keyword, "keyword");
    this.languages = Collections.unmodifiableSet(new TreeSet<>(languages));
    this.rules = List.copyOf(rules);
    if (this.rules.isEmpty() || !this.rules.get(this.rules.size() - 1).language().equals(WeightRule.ANY_LANGUAGE)) {
      throw new IllegalArgumentException("the last weight rule must be for language \"" + WeightRule.ANY_LANGUAGE
          + "\"");
    }
    Set<String> seen = new HashSet<>();
    for (WeightRule r : this.rules) {
      if (!seen.add(r.language())) {
        throw new IllegalArgumentException("two weight rules for language " + r.language());
      }
      if (!r.language().equals(WeightRule.ANY_LANGUAGE) && !this.languages.contains(r.language())) {
        throw new IllegalArgumentException("a weight rule for language " + r.language()
            + ", which is not among the languages identified " + this.languages);
      }
    }
    this.learned = Map.copyOf(learned);
  }

  /** One weight for every question, no language identified: plain {@code function} fusion. */
  public static FusionSettings fixed(FusionFunction function, int depth, double vectorWeight) {
    return new FusionSettings(function, depth, vectorWeight, false, Set.of(),
        List.of(WeightRule.fixed(WeightRule.ANY_LANGUAGE, vectorWeight)), Map.of());
  }

  /** The same settings with other auto rules and languages. */
  public FusionSettings withAuto(Set<String> languages, List<WeightRule> rules) {
    return new FusionSettings(function, depth, hybridWeight, keyword, languages, rules, learned);
  }

  /** The same settings with the BM25 leg searched as {@code leg}. */
  public FusionSettings withKeywordLeg(KeywordLeg leg) {
    return new FusionSettings(function, depth, hybridWeight, leg, languages, rules, learned);
  }

  /** The same settings with the BM25 leg dropping, or not, the question language's stop words. */
  public FusionSettings withQuestionStopWords(boolean drop) {
    return withKeywordLeg(new KeywordLeg(drop, keyword.cognatePrefix()));
  }

  /** The same settings with another cognate prefix length (0: whole words only). */
  public FusionSettings withCognatePrefix(int letters) {
    return withKeywordLeg(new KeywordLeg(keyword.questionStopWords(), letters));
  }

  /** The same settings with other provenance. */
  public FusionSettings withLearned(Map<String, String> provenance) {
    return new FusionSettings(function, depth, hybridWeight, keyword, languages, rules, provenance);
  }

  public FusionFunction function() {
    return function;
  }

  public int depth() {
    return depth;
  }

  public double hybridWeight() {
    return hybridWeight;
  }

  /** How the BM25 leg reads a question. */
  public KeywordLeg keywordLeg() {
    return keyword;
  }

  public boolean questionStopWords() {
    return keyword.questionStopWords();
  }

  /** Letters of a foreign question's word that an index word must begin with to match too; 0: whole words only. */
  public int cognatePrefix() {
    return keyword.cognatePrefix();
  }

  /** The languages a question's language is identified among (sorted); empty when it is not identified. */
  public Set<String> languages() {
    return languages;
  }

  public List<WeightRule> rules() {
    return rules;
  }

  public Map<String, String> learned() {
    return learned;
  }

  /** The vector weight chosen for one question, and why (for {@code --explain}). */
  public record Weight(double vector, String reason) {
    public double keyword() {
      return 1 - vector;
    }
  }

  /** Hybrid mode's weight: the same for every question. */
  public Weight hybrid() {
    return new Weight(hybridWeight, "fixed (hybrid mode)");
  }

  /** Auto mode's rule for a question in {@code language}. */
  public WeightRule rule(String language) {
    for (WeightRule rule : rules) {
      if (rule.matches(language)) {
        return rule;
      }
    }
    throw new AssertionError("the last rule matches any language");
  }

  /** Auto mode's weight for a question with these signals. */
  public Weight auto(QuestionSignals question) {
    WeightRule rule = rule(question.language());
    Signal signal = rule.signal();
    String why = "language " + question.language() + " (rule " + rule.language() + ")"
        + (signal == Signal.NONE ? "" : String.format(Locale.ROOT, ", %s %.2f", signal.label(),
            signal.value(question)));
    return new Weight(rule.weight(question), why);
  }

  /**
   * The neutral settings ({@value #DEFAULT_RESOURCE}), for models clir has measured nothing with: hybrid mode is
   * plain reciprocal-rank fusion, and auto mode keeps the vector ranking (weight 1), because no measurement says
   * that BM25 helps that model; no language is identified.
   */
  public static FusionSettings defaults() {
    return forModel(null);
  }

  /** The settings learned with model {@code modelId} that clir ships, else {@link #defaults()}. */
  public static FusionSettings forModel(String modelId) {
    if (modelId == null) {
      return Neutral.SETTINGS;
    }
    String name = MODELS_FOLDER + modelId.replace("/", "--") + ".json";
    return BY_MODEL.computeIfAbsent(name, r -> Optional.ofNullable(resource(r))).orElse(Neutral.SETTINGS);
  }

  /** Per model resource: its settings, or empty where clir ships none. */
  private static final Map<String, Optional<FusionSettings>> BY_MODEL = new ConcurrentHashMap<>();

  private static final class Neutral {
    static final FusionSettings SETTINGS = resource(DEFAULT_RESOURCE);
  }

  private static FusionSettings resource(String name) {
    try (InputStream in = FusionSettings.class.getResourceAsStream(name)) {
      if (in == null) {
        if (name.equals(DEFAULT_RESOURCE)) {
          throw new IllegalStateException("the library's " + DEFAULT_RESOURCE + " is missing from the class path");
        }
        return null;
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a settings file.
   *
   * @throws InputFormatException when it is not valid settings: the message names the file, the line for a JSON
   *     syntax error, the field, and what is wrong
   * @throws UncheckedIOException when it cannot be read
   */
  public static FusionSettings read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputFormatException(Origin.file(file.toString()), "no such fusion settings file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fusion settings " + file, e);
    }
    return parse(text, file.toString());
  }

  /** Parses settings from JSON text; {@code origin} names it in errors. */
  public static FusionSettings parse(String json, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      throw new InputFormatException(new Origin(origin, line), "not JSON: " + e.getOriginalMessage());
    }
    Fields f = new Fields(origin);
    if (root == null || !root.isObject()) {
      throw f.error("", "expected a JSON object with \"" + FORMAT_KEY + "\": " + FORMAT_VERSION);
    }
    f.onlyKnown(root, "", KEYS);
    JsonNode version = root.get(FORMAT_KEY);
    if (version == null) {
      throw f.error("", "not fusion settings: no \"" + FORMAT_KEY + "\" version field");
    }
    if (version.isInt() && version.intValue() == 1) {
      throw f.error(FORMAT_KEY, "version 1 (weight rules by script) was written by an older clir; this clir reads "
          + "version " + FORMAT_VERSION + " (rules by language): learn the settings again with clir-bench learn-fusion");
    }
    if (!version.isInt() || version.intValue() != FORMAT_VERSION) {
      throw f.error(FORMAT_KEY, "version " + version + " is not supported (this clir reads version " + FORMAT_VERSION + ")");
    }
    String name = f.text(root, "function");
    FusionFunction function;
    switch (name.toLowerCase(Locale.ROOT)) {
      case "rrf":
        f.absent(root, "normalization", "only for function convex");
        function = new ReciprocalRankFusion(f.integer(root, "k", 1));
        break;
      case "convex":
        f.absent(root, "k", "only for function rrf");
        function = new ScoreFusion(f.parse(root, "", "normalization", Normalization::parse));
        if (((ScoreFusion) function).normalization() == Normalization.DISTRIBUTION) {
          throw f.error("normalization", "dbsf is its own function: \"function\": \"dbsf\"");
        }
        break;
      case "dbsf":
        f.absent(root, "k", "only for function rrf");
        f.absent(root, "normalization", "only for function convex");
        function = new ScoreFusion(Normalization.DISTRIBUTION);
        break;
      default:
        throw f.error("function", "unknown function '" + name + "' (use rrf, convex or dbsf)");
    }
    int depth = f.integer(root, "depth", 1);
    boolean questionStopWords = false;
    int cognatePrefix = 0;
    if (root.has("keyword")) {
      JsonNode keyword = f.object(root, "keyword");
      f.onlyKnown(keyword, "keyword.", Set.of("questionStopWords", "cognatePrefix"));
      JsonNode drop = keyword.get("questionStopWords");
      if (drop == null || !drop.isBoolean()) {
        throw f.error("keyword.questionStopWords", drop == null ? "missing" : "expected true or false, got " + drop);
      }
      questionStopWords = drop.booleanValue();
      if (keyword.has("cognatePrefix")) { // absent in files written before it existed: whole words only
        cognatePrefix = f.integer(keyword, "cognatePrefix", 0);
        if (!KeywordLeg.isCognatePrefix(cognatePrefix)) {
          throw f.error("keyword.cognatePrefix", "expected " + KeywordLeg.RANGE + ", got " + cognatePrefix);
        }
      }
    }
    JsonNode hybrid = f.object(root, "hybrid");
    f.onlyKnown(hybrid, "hybrid.", Set.of("vectorWeight"));
    double hybridWeight = f.weight(hybrid, "hybrid.", "vectorWeight");
    JsonNode auto = f.object(root, "auto");
    f.onlyKnown(auto, "auto.", Set.of("languages", "rules"));
    Set<String> languages = new TreeSet<>();
    JsonNode langs = auto.get("languages");
    if (langs != null) {
      if (!langs.isArray()) {
        throw f.error("auto.languages", "expected an array of ISO 639-1 codes, e.g. [\"en\", \"pt\"]");
      }
      for (int i = 0; i < langs.size(); i++) {
        JsonNode l = langs.get(i);
        if (!l.isTextual() || !l.textValue().strip().matches("[a-zA-Z]{2,3}")) {
          throw f.error("auto.languages[" + i + "]", "expected an ISO 639-1 code such as \"pt\", got " + l);
        }
        languages.add(l.textValue().strip().toLowerCase(Locale.ROOT));
      }
    }
    JsonNode rulesNode = auto.get("rules");
    if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty()) {
      throw f.error("auto.rules", "expected a non-empty array of {\"language\", \"signal\", \"vectorWeight\"}");
    }
    List<WeightRule> rules = new ArrayList<>();
    Set<String> ruled = new HashSet<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      String at = "auto.rules[" + i + "].";
      JsonNode r = rulesNode.get(i);
      if (!r.isObject()) {
        throw f.error(at.substring(0, at.length() - 1), "expected an object {\"language\", \"signal\", \"vectorWeight\"}");
      }
      f.onlyKnown(r, at, Set.of("language", "signal", "vectorWeight"));
      String language = f.text(r, at, "language").toLowerCase(Locale.ROOT);
      if (!language.equals(WeightRule.ANY_LANGUAGE) && !languages.contains(language)) {
        throw f.error(at + "language", "'" + language + "' is not in auto.languages " + languages);
      }
      if (!ruled.add(language)) {
        throw f.error(at + "language", "a second rule for '" + language + "'");
      }
      Signal signal = r.has("signal") ? f.parse(r, at, "signal", Signal::parse) : Signal.NONE;
      JsonNode w = r.get("vectorWeight");
      double atZero;
      double atOne;
      if (w != null && w.isNumber()) {
        atZero = atOne = f.weight(r, at, "vectorWeight");
      } else if (w != null && w.isArray() && w.size() == 2 && w.get(0).isNumber() && w.get(1).isNumber()) {
        atZero = f.checked(at + "vectorWeight[0]", w.get(0).doubleValue());
        atOne = f.checked(at + "vectorWeight[1]", w.get(1).doubleValue());
      } else {
        throw f.error(at + "vectorWeight", "expected a weight in [0, 1], or [weight at signal 0, weight at signal 1]");
      }
      if (signal == Signal.NONE && atZero != atOne) {
        throw f.error(at + "vectorWeight", "two weights need a signal (this rule has none)");
      }
      rules.add(new WeightRule(language, signal, atZero, atOne));
    }
    if (!rules.get(rules.size() - 1).language().equals(WeightRule.ANY_LANGUAGE)) {
      throw f.error("auto.rules", "the last rule must be for \"language\": \"" + WeightRule.ANY_LANGUAGE
          + "\" (questions in any other language, or in none identified)");
    }
    Map<String, String> learned = new LinkedHashMap<>();
    JsonNode l = root.get("learned");
    if (l != null) {
      if (!l.isObject()) {
        throw f.error("learned", "expected an object of strings");
      }
      for (Map.Entry<String, JsonNode> e : l.properties()) {
        learned.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
      }
    }
    return new FusionSettings(function, depth, hybridWeight, new KeywordLeg(questionStopWords, cognatePrefix), languages,
        rules, learned);
  }

  /** The settings as the JSON that {@link #parse} reads back. */
  public String toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put(FORMAT_KEY, FORMAT_VERSION);
    if (function instanceof ReciprocalRankFusion rrf) {
      root.put("function", "rrf");
      root.put("k", rrf.k());
    } else {
      Normalization n = ((ScoreFusion) function).normalization();
      if (n == Normalization.DISTRIBUTION) {
        root.put("function", "dbsf");
      } else {
        root.put("function", "convex");
        root.put("normalization", n.label());
      }
    }
    root.put("depth", depth);
    root.putObject("keyword").put("questionStopWords", keyword.questionStopWords())
        .put("cognatePrefix", keyword.cognatePrefix());
    root.putObject("hybrid").put("vectorWeight", hybridWeight);
    ObjectNode auto = root.putObject("auto");
    ArrayNode ls = auto.putArray("languages");
    languages.forEach(ls::add);
    ArrayNode rs = auto.putArray("rules");
    for (WeightRule r : rules) {
      ObjectNode o = rs.addObject();
      o.put("language", r.language());
      if (r.signal() != Signal.NONE) {
        o.put("signal", r.signal().label());
      }
      if (r.atZero() == r.atOne()) {
        o.put("vectorWeight", r.atZero());
      } else {
        o.putArray("vectorWeight").add(r.atZero()).add(r.atOne());
      }
    }
    if (!learned.isEmpty()) {
      ObjectNode l = root.putObject("learned");
      learned.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> l.put(e.getKey(), e.getValue()));
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commit data that records these settings with an index, for {@link #recorded}. */
  public Map<String, String> commitData() {
    try {
      return Map.of(COMMIT_KEY, COMPACT.writeValueAsString(JSON.readTree(toJson())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The settings an index's commit data records, if any.
   *
   * @param index names the index in errors
   * @throws InputFormatException when the recorded settings are not valid settings (written by another clir, or
   *     edited): the message names the index and the key
   */
  public static Optional<FusionSettings> recorded(Map<String, String> commitData, String index) {
    String json = commitData.get(COMMIT_KEY);
    return json == null ? Optional.empty() : Optional.of(parse(json, index + " (commit data " + COMMIT_KEY + ")"));
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /**
   * One line for reports: {@code dbsf, depth 100, hybrid vector weight 0.40; auto: pt by keyword-breadth 0.15→0.80,
   * th 0.30, * 0.50}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(function.describe()).append(", depth ").append(depth)
        .append(String.format(Locale.ROOT, ", hybrid vector weight %.2f", hybridWeight));
    if (keyword.questionStopWords()) {
      sb.append(", BM25 without the question language's stop words");
    }
    if (keyword.cognatePrefix() > 0) {
      sb.append(", BM25 matching the first ").append(keyword.cognatePrefix())
          .append(" letters of a foreign question's words");
    }
    sb.append("; auto:");
    String sep = " ";
    for (WeightRule r : rules) {
      sb.append(sep).append(r.language());
      if (r.signal() != Signal.NONE) {
        sb.append(" by ").append(r.signal().label());
      }
      sb.append(' ').append(String.format(Locale.ROOT, "%.2f", r.atZero()));
      if (r.atOne() != r.atZero()) {
        sb.append(String.format(Locale.ROOT, "→%.2f", r.atOne()));
      }
      sep = ", ";
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusionSettings s && function.equals(s.function) && depth == s.depth
        && hybridWeight == s.hybridWeight && keyword.equals(s.keyword) && languages.equals(s.languages)
        && rules.equals(s.rules) && learned.equals(s.learned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(function, depth, hybridWeight, keyword, languages, rules, learned);
  }

  @Override
  public String toString() {
    return describe();
  }

  static void checkWeight(double w) {
    if (!(w >= 0 && w <= 1)) {
      throw new IllegalArgumentException("a vector weight must be in [0, 1]: " + w);
    }
  }

  /** {@code w} rounded to the weight grid. */
  public static double onGrid(double w) {
    return Math.max(0, Math.min(1, Math.round(w * GRID_STEPS) / (double) GRID_STEPS));
  }

  /** Reads fields with messages that name the file and the field. */
  private record Fields(String origin) {
    InputFormatException error(String field, String problem) {
      return new InputFormatException(Origin.file(origin), field.isEmpty() ? problem : field + ": " + problem);
    }

    void onlyKnown(JsonNode node, String prefix, Set<String> known) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) {
          throw error(prefix + k, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      }
    }

    String text(JsonNode node, String field) {
      return text(node, "", field);
    }

    String text(JsonNode node, String prefix, String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isTextual() || v.textValue().isBlank()) {
        throw error(prefix + field, v == null ? "missing" : "expected a non-empty string, got " + v);
      }
      return v.textValue().strip();
    }

    int integer(JsonNode node, String field, int min) {
      JsonNode v = node.get(field);
      if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min) {
        throw error(field, v == null ? "missing" : "expected a whole number >= " + min + ", got " + v);
      }
      return v.intValue();
    }

    JsonNode object(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isObject()) {
        throw error(field, v == null ? "missing" : "expected an object, got " + v);
      }
      return v;
    }

    double weight(JsonNode node, String prefix, String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isNumber()) {
        throw error(prefix + field, v == null ? "missing" : "expected a number in [0, 1], got " + v);
      }
      return checked(prefix + field, v.doubleValue());
    }

    double checked(String field, double w) {
      if (!(w >= 0 && w <= 1)) {
        throw error(field, "a vector weight must be in [0, 1], got " + w);
      }
      return w;
    }

    void absent(JsonNode node, String field, String why) {
      if (node.has(field)) {
        throw error(field, why);
      }
    }

    <T> T parse(JsonNode node, String prefix, String field, Function<String, T> parser) {
      String value = text(node, prefix, field);
      try {
        return parser.apply(value);
      } catch (IllegalArgumentException e) {
        throw error(prefix + field, e.getMessage());
      }
    }
  }
}
