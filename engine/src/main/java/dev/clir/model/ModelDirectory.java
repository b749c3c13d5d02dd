package dev.clir.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model directory in the Hugging Face / sentence-transformers layout. The directory describes
 * itself ({@code modules.json}, {@code 1_Pooling/config.json}, {@code sentence_bert_config.json},
 * {@code config_sentence_transformers.json}); the known-model table fills in only what the files omit, and
 * explicit overrides win over both.
 */
public final class ModelDirectory {

  /**
   * ONNX graphs looked for, in order, when none is named explicitly: a float graph (at the top or in {@code onnx/}), else
   * an int8 one that fits this CPU ({@link OnnxGraphChoice#int8For}), as in a folder downloaded with {@code --quantized}.
   */
  public static List<String> graphCandidates() {
    List<String> out = new ArrayList<>(List.of("model.onnx", "onnx/model.onnx"));
    out.addAll(OnnxGraphChoice.int8For(CpuFeatures.current()));
    return out;
  }

  /** The graph {@link #read} runs in {@code dir} when none is named explicitly, if there is one. */
  public static Optional<String> defaultGraph(Path dir) {
    return graphCandidates().stream().filter(c -> Files.isRegularFile(dir.resolve(c))).findFirst();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HF_CACHE_PATH = Pattern.compile(".*models--([^/]+)--([^/]+)/snapshots/[^/]+/?$");
  private static final int DEFAULT_MAX_SEQ_LENGTH = 512;

  private final Path dir;
  private final ModelOverrides overrides;
  private final Map<String, String> sources = new LinkedHashMap<>();

  private ModelDirectory(Path dir, ModelOverrides overrides) {
    this.dir = dir;
    this.overrides = overrides;
  }

  /** Reads {@code dir}; fails with a {@link ModelLoadException} that names the missing or broken file. */
  public static ModelSettings read(Path dir, ModelOverrides overrides) {
    return new ModelDirectory(dir.toAbsolutePath().normalize(), overrides == null ? ModelOverrides.NONE : overrides).read();
  }

  public static ModelSettings read(Path dir) {
    return read(dir, ModelOverrides.NONE);
  }

  /**
   * Readies the JSON reader for model files (its first use costs about 0.2 s of class loading), so that a program can
   * do it in the background before it knows which model to read.
   */
  public static void prepare() {
    try {
      JSON.readTree("{\"architectures\": [\"\"], \"max_position_embeddings\": 1}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ModelSettings read() {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          "model directory " + dir + " does not exist or is not a directory. Pass a directory that holds tokenizer.json and "
              + "model.onnx (or onnx/model.onnx), as exported by optimum or sentence-transformers.");
    }
    Path tokenizer = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(tokenizer)) {
      throw new ModelLoadException(
          "no tokenizer.json in model directory " + dir + ". Save the model's fast tokenizer there (in Python: "
              + "AutoTokenizer.from_pretrained(id).save_pretrained(dir)) or copy tokenizer.json from the model's repository.");
    }
    Path onnx = onnxFile();
    List<Path> fingerprintFiles = new ArrayList<>(List.of(onnx));
    // Large graphs keep their weights beside the graph (model.onnx_data); they are the model too.
    Path externalData = onnx.resolveSibling(onnx.getFileName() + "_data");
    if (Files.isRegularFile(externalData)) {
      fingerprintFiles.add(externalData);
    }
    fingerprintFiles.add(tokenizer);

    JsonNode config = readJson("config.json");
    JsonNode sbert = readJson("sentence_bert_config.json");
    JsonNode stConfig = readJson("config_sentence_transformers.json");
    JsonNode tokenizerConfig = readJson("tokenizer_config.json");
    JsonNode modules = readJson("modules.json");

    String id = modelId(config);
    Optional<KnownModel> known = KnownModels.lookup(id);

    int maxSeqLength = pick("maxSeqLength", overrides.maxSeqLength(), intAt(sbert, "max_seq_length"), "sentence_bert_config.json",
        known.map(KnownModel::maxSeqLength).orElse(null), modelMaxLength(tokenizerConfig, config), DEFAULT_MAX_SEQ_LENGTH);
    String queryPrefix = pick("queryPrefix", overrides.queryPrefix(), prompt(stConfig, "query"), "config_sentence_transformers.json",
        known.map(KnownModel::queryPrefix).orElse(null), null, "");
    String passagePrefix = pick("passagePrefix", overrides.passagePrefix(), prompt(stConfig, "passage", "document"),
        "config_sentence_transformers.json", known.map(KnownModel::passagePrefix).orElse(null), null, "");
    Pooling pooling = pick("pooling", overrides.pooling(), pooling(modules), poolingFile(modules),
        known.map(KnownModel::pooling).orElse(null), null, Pooling.MEAN);
    Boolean normalizeFromFiles = modules == null ? null : hasModule(modules, "Normalize");
    boolean normalize = pick("normalize", overrides.normalize(), normalizeFromFiles, "modules.json",
        known.map(KnownModel::normalize).orElse(null), null, Boolean.TRUE);
    int declaredDimension = Optional.ofNullable(intAt(config, "hidden_size")).orElse(known.map(KnownModel::dimension).orElse(0));

    return new ModelSettings(id, dir, onnx, tokenizer, fingerprintFiles, maxSeqLength, queryPrefix, passagePrefix, pooling, normalize,
        declaredDimension, sources);
  }

  private Path onnxFile() {
    if (overrides.onnxFile() != null) {
      Path explicit = dir.resolve(overrides.onnxFile());
      if (!Files.isRegularFile(explicit)) {
        throw new ModelLoadException("ONNX graph " + explicit + " (given explicitly) does not exist.");
      }
      sources.put("onnxFile", "override");
      return explicit;
    }
    Optional<String> graph = defaultGraph(dir);
    if (graph.isPresent()) {
      return dir.resolve(graph.get());
    }
    List<String> others = OnnxGraphChoice.filesIn(dir).stream().filter(f -> f.endsWith(".onnx")).toList();
    throw new ModelLoadException(
        "no ONNX graph in model directory " + dir + ": looked for " + String.join(", ", graphCandidates()) + ". "
            + (others.isEmpty() ? "Export one (in Python: optimum-cli export onnx --model ID DIR) or name the file with --onnx-file."
                : "It has " + String.join(", ", others) + ": name the one to run with --onnx-file."));
  }

  private String modelId(JsonNode config) {
    if (overrides.id() != null) {
      sources.put("id", "override");
      return overrides.id();
    }
    Matcher m = HF_CACHE_PATH.matcher(dir.toString().replace('\\', '/'));
    if (m.matches()) {
      sources.put("id", "Hugging Face cache path");
      return m.group(1) + "/" + m.group(2);
    }
    // clir's cache folders (ORG--NAME/REVISION) do not say the id; the download manifest does.
    String downloaded = textAt(readJson(DownloadManifest.FILE_NAME), "id");
    if (downloaded != null) {
      sources.put("id", DownloadManifest.FILE_NAME);
      return downloaded;
    }
    String named = textAt(config, "_name_or_path");
    // Only a hub-style "org/name" identifies a model; exporters often leave a local path here.
    if (named != null && named.matches("[A-Za-z0-9][\\w.-]*/[\\w.-]+")) {
      sources.put("id", "config.json _name_or_path");
      return named;
    }
    sources.put("id", "directory name");
    return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
  }

  /** Override, else the model's files, else the known-model table, else a fallback read elsewhere, else a default. */
  private <T> T pick(String setting, T override, T fromFiles, String file, T fromTable, T fallback, T defaultValue) {
    if (override != null) {
      sources.put(setting, "override");
      return override;
    }
    if (fromFiles != null) {
      sources.put(setting, file);
      return fromFiles;
    }
    if (fromTable != null) {
      sources.put(setting, "known-model table");
      return fromTable;
    }
    if (fallback != null) {
      sources.put(setting, "config.json / tokenizer_config.json");
      return fallback;
    }
    sources.put(setting, "default");
    return defaultValue;
  }

  private static Integer modelMaxLength(JsonNode tokenizerConfig, JsonNode config) {
    Integer fromTokenizer = intAt(tokenizerConfig, "model_max_length");
    // Tokenizers without a limit report a huge sentinel (1e30); the position table is the real limit.
    if (fromTokenizer != null && fromTokenizer > 0 && fromTokenizer <= 100_000) {
      return fromTokenizer;
    }
    Integer positions = intAt(config, "max_position_embeddings");
    if (positions == null) {
      return null;
    }
    // RoBERTa-family models reserve two positions for the padding offset (514 -> 512).
    String type = textAt(config, "model_type");
    return type != null && type.contains("roberta") ? positions - 2 : positions;
  }

  private static String prompt(JsonNode stConfig, String... names) {
    if (stConfig == null || !stConfig.path("prompts").isObject()) {
      return null;
    }
    for (String name : names) {
      JsonNode p = stConfig.path("prompts").get(name);
      if (p != null && p.isTextual()) {
        return p.asText();
      }
    }
    return null;
  }

  private Pooling pooling(JsonNode modules) {
    JsonNode pool = readJson(poolingFile(modules));
    if (pool == null) {
      return null;
    }
    if (pool.path("pooling_mode_cls_token").asBoolean(false)) {
      return Pooling.CLS;
    }
    if (pool.path("pooling_mode_max_tokens").asBoolean(false)) {
      return Pooling.MAX;
    }
    if (pool.path("pooling_mode_mean_tokens").asBoolean(false)) {
      return Pooling.MEAN;
    }
    if (pool.has("pooling_mode")) {
      return Pooling.parse(pool.get("pooling_mode").asText().replace("_tokens", "").replace("_token", ""));
    }
    throw new ModelLoadException(dir.resolve(poolingFile(modules)) + " names no pooling mode clir supports (cls, mean, max); "
        + "pass --pooling to choose one.");
  }

  private static String poolingFile(JsonNode modules) {
    if (modules != null && modules.isArray()) {
      for (JsonNode m : modules) {
        if (m.path("type").asText().endsWith("Pooling") && !m.path("path").asText().isEmpty()) {
          return m.path("path").asText() + "/config.json";
        }
      }
    }
    return "1_Pooling/config.json";
  }

  private static boolean hasModule(JsonNode modules, String typeSuffix) {
    if (modules.isArray()) {
      for (JsonNode m : modules) {
        if (m.path("type").asText().endsWith(typeSuffix)) {
          return true;
        }
      }
    }
    return false;
  }

  private JsonNode readJson(String relative) {
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ModelLoadException(file + " is not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + "). Fix or remove it.", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Integer intAt(JsonNode node, String field) {
    return node != null && node.path(field).isNumber() ? node.get(field).asInt() : null;
  }

  private static String textAt(JsonNode node, String field) {
    return node != null && node.path(field).isTextual() ? node.get(field).asText() : null;
  }
}
