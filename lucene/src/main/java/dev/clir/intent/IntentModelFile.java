package dev.clir.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clir.model.ModelIdentity;
import dev.clir.model.Pooling;
import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import dev.clir.embed.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * An intent model as one JSON file: {@code format}, {@code formatVersion}, the {@code embedding} model's id,
 * fingerprint, dimension, query prefix and the directory it was loaded from (absolute, like an index records it), the {@code settings}, the {@code labels}, what training {@code fitted}
 * (the {@link Calibration}, and the regression's weights and biases), and the {@code examples} with their vectors
 * (base64 of little-endian float32, exact and a third of the size of decimal text). Keeping the examples lets a
 * loaded model be adapted with more examples without re-embedding, and rebuilds centroids and the k-NN index
 * exactly. Written to a temporary file and moved into place, so a crash never leaves half a model.
 */
public final class IntentModelFile {
  public static final String FORMAT = "clir-intent-model";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private IntentModelFile() {}

  static void write(IntentModel model, Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    ModelIdentity e = model.embedding();
    ObjectNode emb = root.putObject("embedding");
    emb.put("id", e.id()).put("fingerprint", e.fingerprint()).put("dimension", e.dimension()).put("queryPrefix", e.queryPrefix())
        .put("passagePrefix", e.passagePrefix()).put("pooling", e.pooling().label()).put("normalize", e.normalize());
    Path directory = model.embedder().info().directory();
    if (directory != null) {
      // where the embedding model was loaded from: a command line reopens it from there without --model
      emb.put("directory", directory.toAbsolutePath().toString());
    }
    IntentSettings s = model.settings();
    root.putObject("settings")
        .put("classifier", s.classifier().id())
        .put("neighbours", s.neighbours())
        .put("regularization", s.regularization())
        .put("threshold", s.threshold());
    ArrayNode labels = root.putArray("labels");
    model.labels().forEach(labels::add);
    Calibration calibration = model.classifier().calibration();
    ObjectNode fitted = root.putObject("fitted")
        .put("temperature", calibration.temperature())
        .put("outOfScopeScore", calibration.outOfScopeScore());
    if (model.classifier() instanceof LogisticClassifier l) {
      ArrayNode rows = fitted.putArray("weights");
      for (double[] row : l.weights()) {
        ArrayNode r = rows.addArray();
        for (double w : row) {
          r.add(w);
        }
      }
      ArrayNode biases = fitted.putArray("biases");
      for (double b : l.biases()) {
        biases.add(b);
      }
    }
    ArrayNode examples = root.putArray("examples");
    ExampleSet set = model.examples();
    for (int i = 0; i < set.size(); i++) {
      examples.addObject().put("label", set.example(i).label()).put("text", set.example(i).text()).put("vector", encode(set.vector(i)));
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the intent model " + file + ": " + ex.getMessage(), ex);
    }
  }

  /** The embedding model a saved intent model was built with, so that a command line can open that model. */
  static ModelIdentity embeddingOf(Path file) {
    return embedding(file, root(file));
  }

  /** The directory the embedding model was loaded from when the intent model was trained, when recorded. */
  static Optional<Path> embeddingDirectoryOf(Path file) {
    String dir = required(file, root(file), "embedding").path("directory").asText("");
    return dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
  }

  static IntentModel read(Path file, Embedder embedder, boolean allowOtherEmbeddingModel) {
    JsonNode root = root(file);
    ModelIdentity saved = embedding(file, root);
    ModelIdentity actual = ModelIdentity.of(embedder.info());
    checkSameModel(file, saved, actual, allowOtherEmbeddingModel);
    return model(file, root, embedder, saved, actual);
  }

  /** The file's JSON, checked to be an intent model of a version this code reads. */
  private static JsonNode root(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException ex) {
      throw new InputFormatException(new Origin(file.toString(), Math.max(1, ex.getLocation().getLineNr())),
          "not an intent model file (malformed JSON: " + ex.getOriginalMessage() + ")");
    } catch (IOException ex) {
      throw fileProblem(file, Files.exists(file) ? "cannot read the intent model: " + ex.getMessage() : "no such intent model file");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw fileProblem(file, "not a clir intent model (its \"format\" is not \"" + FORMAT + "\")");
    }
    int version = root.path("formatVersion").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw fileProblem(file, "intent model format version " + version + ", this clir reads version " + FORMAT_VERSION
          + (version > FORMAT_VERSION ? "; it was written by a newer clir" : ""));
    }
    return root;
  }

  private static ModelIdentity embedding(Path file, JsonNode root) {
    JsonNode emb = required(file, root, "embedding");
    // files of the first release record no passage prefix, pooling or normalisation: those stay unknown
    try {
      return new ModelIdentity(text(file, emb, "id"), text(file, emb, "fingerprint"), required(file, emb, "dimension").asInt(),
          text(file, emb, "queryPrefix"), emb.hasNonNull("passagePrefix") ? emb.get("passagePrefix").asText() : null,
          emb.hasNonNull("pooling") ? Pooling.parse(emb.get("pooling").asText()) : null,
          emb.hasNonNull("normalize") ? emb.get("normalize").asBoolean() : null);
    } catch (IllegalArgumentException ex) {
      throw fileProblem(file, "damaged \"embedding\": " + ex.getMessage(), ex);
    }
  }

  /** The model the rest of the file describes, its vectors made by {@code saved}, to be used with {@code actual}. */
  private static IntentModel model(Path file, JsonNode root, Embedder embedder, ModelIdentity saved, ModelIdentity actual) {
    JsonNode st = required(file, root, "settings");
    IntentSettings settings;
    try {
      settings = new IntentSettings(ClassifierKind.of(text(file, st, "classifier")), required(file, st, "neighbours").asInt(),
          required(file, st, "regularization").asDouble(), required(file, st, "threshold").asDouble());
    } catch (IllegalArgumentException ex) {
      throw fileProblem(file, "bad settings: " + ex.getMessage(), ex);
    }
    ExampleSet examples = examples(file, required(file, root, "examples"), saved.dimension());
    List<String> labels = new ArrayList<>();
    required(file, root, "labels").forEach(l -> labels.add(l.asText()));
    if (!labels.equals(examples.labels())) {
      throw fileProblem(file, "damaged: \"labels\" " + labels + " do not match the examples' labels " + examples.labels());
    }
    JsonNode fitted = required(file, root, "fitted");
    Calibration calibration;
    try {
      calibration = new Calibration(required(file, fitted, "temperature").asDouble(), required(file, fitted, "outOfScopeScore").asDouble());
    } catch (IllegalArgumentException ex) {
      throw fileProblem(file, "damaged: " + ex.getMessage(), ex);
    }
    IntentClassifier classifier = switch (settings.classifier()) {
      case CENTROID -> CentroidClassifier.train(examples, calibration);
      case KNN -> KnnClassifier.train(examples, settings.neighbours(), calibration);
      case LOGISTIC -> new LogisticClassifier(matrix(file, required(file, fitted, "weights"), labels.size(), saved.dimension()),
          numbers(file, required(file, fitted, "biases"), labels.size()), calibration);
    };
    return new IntentModel(embedder, actual, settings, examples, classifier);
  }

  private static void checkSameModel(Path file, ModelIdentity saved, ModelIdentity actual, boolean allow) {
    saved.verifyCompatible(actual, "the intent model " + file, allow, "--allow-model-mismatch");
  }

  private static ExampleSet examples(Path file, JsonNode array, int dimension) {
    List<LabeledText> texts = new ArrayList<>();
    float[][] vectors = new float[array.size()][];
    for (int i = 0; i < array.size(); i++) {
      JsonNode ex = array.get(i);
      try {
        texts.add(new LabeledText(text(file, ex, "label"), text(file, ex, "text")));
        vectors[i] = decode(text(file, ex, "vector"));
      } catch (IllegalArgumentException bad) {
        throw fileProblem(file, "damaged example " + i + ": " + bad.getMessage(), bad);
      }
      if (vectors[i].length != dimension) {
        throw fileProblem(file, "damaged example " + i + ": vector has " + vectors[i].length + " dimensions, the model " + dimension);
      }
    }
    try {
      return ExampleSet.of(texts, vectors).requireTrainable();
    } catch (IllegalArgumentException bad) {
      throw fileProblem(file, "damaged: " + bad.getMessage(), bad);
    }
  }

  private static double[][] matrix(Path file, JsonNode rows, int n, int m) {
    if (!rows.isArray() || rows.size() != n) {
      throw fileProblem(file, "damaged: fitted weights need " + n + " rows, one per label");
    }
    double[][] out = new double[n][];
    for (int r = 0; r < n; r++) {
      out[r] = numbers(file, rows.get(r), m);
    }
    return out;
  }

  private static double[] numbers(Path file, JsonNode array, int n) {
    if (!array.isArray() || array.size() != n) {
      throw fileProblem(file, "damaged: expected " + n + " fitted numbers, found " + (array.isArray() ? array.size() : array.getNodeType()));
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (!array.get(i).isNumber()) {
        throw fileProblem(file, "damaged: fitted values must be numbers, found " + array.get(i));
      }
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /** A problem with the whole file, named like every input problem ({@code file: problem}). */
  private static InputFormatException fileProblem(Path file, String problem) {
    return new InputFormatException(Origin.file(file.toString()), problem);
  }

  private static InputFormatException fileProblem(Path file, String problem, Throwable cause) {
    return new InputFormatException(Origin.file(file.toString()), problem, cause);
  }

  private static JsonNode required(Path file, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw fileProblem(file, "damaged intent model: missing \"" + field + "\"");
    }
    return v;
  }

  private static String text(Path file, JsonNode node, String field) {
    JsonNode v = required(file, node, field);
    if (!v.isTextual()) {
      throw fileProblem(file, "damaged intent model: \"" + field + "\" must be a string");
    }
    return v.asText();
  }

  static String encode(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(b.array());
  }

  static float[] decode(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("vector is " + bytes.length + " bytes, not a whole number of float32");
    }
    float[] v = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
