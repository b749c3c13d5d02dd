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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How hybrid and auto search fuse the vector and BM25 legs: the fusion function, the candidate depth of each leg,
 * the vector weight of {@code hybrid} mode, and the per-question weight rules of {@code auto} mode. Chosen by
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
  public static final int FORMAT_VERSION = 1;
  /** The key that holds the format version: it also marks a file as fusion settings. */
  public static final String FORMAT_KEY = "clirFusionSettings";
  public static final double WEIGHT_STEP = 0.05;
  /** Steps of {@link #WEIGHT_STEP} in [0, 1]. */
  public static final int GRID_STEPS = 20;
  /** The neutral settings, as a class-path resource beside this class. */
  public static final String DEFAULT_RESOURCE = "default-fusion.json";
  /** Where the settings learned with a model lie: {@code models/<id with / as -->.json} beside this class. */
  public static final String MODELS_FOLDER = "models/";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> KEYS = Set.of(FORMAT_KEY, "function", "normalization", "k", "depth", "hybrid",
      "auto", "learned");

  private final FusionFunction function;
  private final int depth;
  private final double hybridWeight;
  private final Signal signal;
  private final List<WeightRule> rules;
  private final Map<String, String> learned;

  /**
   * @param function how the legs are fused
   * @param depth candidates taken from each leg, at least 1
   * @param hybridWeight the vector leg's weight in hybrid mode (BM25 gets {@code 1 - weight})
   * @param signal what moves the weight in auto mode
   * @param rules auto mode's weight rules, the first whose script matches wins; the last must match any script
   * @param learned how these settings were chosen (command, model, figures), for people; may be empty
   */
  public FusionSettings(FusionFunction function, int depth, double hybridWeight, Signal signal, List<WeightRule> rules,
      Map<String, String> learned) {
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
    this.signal = Objects.requireNonNull(signal, "signal");
    this.rules = List.copyOf(rules);
    if (this.rules.isEmpty() || !this.rules.get(this.rules.size() - 1).script().equals(WeightRule.ANY_SCRIPT)) {
      throw new IllegalArgumentException("the last weight rule must be for script \"" + WeightRule.ANY_SCRIPT + "\"");
    }
    this.learned = Map.copyOf(learned);
  }

  /** Equal weights, one rule for every script: plain {@code function} fusion. */
  public static FusionSettings fixed(FusionFunction function, int depth, double vectorWeight) {
    return new FusionSettings(function, depth, vectorWeight, Signal.NONE,
        List.of(new WeightRule(WeightRule.ANY_SCRIPT, vectorWeight, vectorWeight)), Map.of());
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

  public Signal signal() {
    return signal;
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

  /** Auto mode's weight for a question with these signals. */
  public Weight auto(QuestionSignals question) {
    for (WeightRule rule : rules) {
      if (rule.matches(question.script())) {
        double s = signal.value(question);
        String why = "script " + question.script() + " (rule " + rule.script() + ")"
            + (signal == Signal.NONE ? "" : String.format(Locale.ROOT, ", %s %.2f", signal.label(), s));
        return new Weight(rule.weight(s), why);
      }
    }
    throw new AssertionError("the last rule matches any script");
  }

  /**
   * The neutral settings ({@value #DEFAULT_RESOURCE}), for models clir has measured nothing with: hybrid mode is
   * plain reciprocal-rank fusion, and auto mode keeps the vector ranking (weight 1), because no measurement says
   * that BM25 helps that model.
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
    JsonNode hybrid = f.object(root, "hybrid");
    f.onlyKnown(hybrid, "hybrid.", Set.of("vectorWeight"));
    double hybridWeight = f.weight(hybrid, "hybrid.", "vectorWeight");
    JsonNode auto = f.object(root, "auto");
    f.onlyKnown(auto, "auto.", Set.of("signal", "rules"));
    Signal signal = f.parse(auto, "auto.", "signal", Signal::parse);
    JsonNode rulesNode = auto.get("rules");
    if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty()) {
      throw f.error("auto.rules", "expected a non-empty array of {\"script\", \"vectorWeight\"}");
    }
    List<WeightRule> rules = new ArrayList<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      String at = "auto.rules[" + i + "].";
      JsonNode r = rulesNode.get(i);
      if (!r.isObject()) {
        throw f.error(at.substring(0, at.length() - 1), "expected an object {\"script\", \"vectorWeight\"}");
      }
      f.onlyKnown(r, at, Set.of("script", "vectorWeight"));
      String script = f.text(r, at, "script").toLowerCase(Locale.ROOT);
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
        throw f.error(at + "vectorWeight", "two weights need a signal (auto.signal is none)");
      }
      rules.add(new WeightRule(script, atZero, atOne));
    }
    if (!rules.get(rules.size() - 1).script().equals(WeightRule.ANY_SCRIPT)) {
      throw f.error("auto.rules", "the last rule must be for \"script\": \"" + WeightRule.ANY_SCRIPT
          + "\" (questions in any other script)");
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
    return new FusionSettings(function, depth, hybridWeight, signal, rules, learned);
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
    root.putObject("hybrid").put("vectorWeight", hybridWeight);
    ObjectNode auto = root.putObject("auto");
    auto.put("signal", signal.label());
    ArrayNode rs = auto.putArray("rules");
    for (WeightRule r : rules) {
      ObjectNode o = rs.addObject();
      o.put("script", r.script());
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

  /** Writes {@link #toJson()} to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /** One line for reports: {@code convex(min-max), depth 100, hybrid 0.60, auto by idf-share: thai 0.10-0.00, * 0.80-0.55}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(function.describe()).append(", depth ").append(depth)
        .append(String.format(Locale.ROOT, ", hybrid vector weight %.2f; auto", hybridWeight));
    sb.append(signal == Signal.NONE ? ":" : " by " + signal.label() + ":");
    for (WeightRule r : rules) {
      sb.append(' ').append(r.script()).append(' ').append(String.format(Locale.ROOT, "%.2f", r.atZero()));
      if (r.atOne() != r.atZero()) {
        sb.append(String.format(Locale.ROOT, "→%.2f", r.atOne()));
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusionSettings s && function.equals(s.function) && depth == s.depth
        && hybridWeight == s.hybridWeight && signal == s.signal && rules.equals(s.rules) && learned.equals(s.learned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(function, depth, hybridWeight, signal, rules, learned);
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
