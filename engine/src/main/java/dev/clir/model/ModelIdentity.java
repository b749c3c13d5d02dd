package dev.clir.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which vectors a model makes: what an index, a saved intent model and a Solr collection record about the model their
 * vectors came from, and what they compare before using a model with them. Vectors of another model, or of the same
 * weights with other prefixes or pooling, live in another space: comparing them gives confident nonsense.
 *
 * <p>Recorded under the keys {@code clir.model.*} ({@link #toProperties}, {@link #fromProperties}): in Lucene's
 * commit user data, in a Solr collection's properties, in an intent model's JSON. Records written before a setting was
 * recorded leave it {@code null}; unknown settings are not compared.
 *
 * @param id model id, e.g. {@code intfloat/multilingual-e5-small}, for messages
 * @param fingerprint the model's {@code sha256:} fingerprint (ONNX graph + tokenizer)
 * @param dimension vector dimension
 * @param queryPrefix prefix put before queries, or {@code null} when not recorded
 * @param passagePrefix prefix put before passages, or {@code null} when not recorded
 * @param pooling token pooling, or {@code null} when not recorded
 * @param normalize whether vectors are L2-normalised, or {@code null} when not recorded
 */
public record ModelIdentity(String id, String fingerprint, int dimension, String queryPrefix, String passagePrefix,
    Pooling pooling, Boolean normalize) {

  public static final String KEY_ID = "clir.model.id";
  public static final String KEY_FINGERPRINT = "clir.model.fingerprint";
  public static final String KEY_DIMENSION = "clir.model.dimension";
  public static final String KEY_QUERY_PREFIX = "clir.model.query_prefix";
  public static final String KEY_PASSAGE_PREFIX = "clir.model.passage_prefix";
  public static final String KEY_POOLING = "clir.model.pooling";
  public static final String KEY_NORMALIZE = "clir.model.normalize";

  public ModelIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  public static ModelIdentity of(ModelInfo info) {
    return new ModelIdentity(info.id(), info.fingerprint(), info.dimension(), info.queryPrefix(), info.passagePrefix(),
        info.pooling(), info.normalize());
  }

  /** Whether {@code record} holds a model identity (its fingerprint). */
  public static boolean isRecordedIn(Map<String, String> record) {
    return record.containsKey(KEY_FINGERPRINT);
  }

  /** The {@code clir.model.*} entries; settings that are {@code null} are left out. */
  public Map<String, String> toProperties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(KEY_ID, id);
    m.put(KEY_FINGERPRINT, fingerprint);
    m.put(KEY_DIMENSION, Integer.toString(dimension));
    putIfKnown(m, KEY_QUERY_PREFIX, queryPrefix);
    putIfKnown(m, KEY_PASSAGE_PREFIX, passagePrefix);
    putIfKnown(m, KEY_POOLING, pooling == null ? null : pooling.label());
    putIfKnown(m, KEY_NORMALIZE, normalize == null ? null : normalize.toString());
    return m;
  }

  /**
   * Reads the entries {@link #toProperties} wrote (other keys are ignored).
   *
   * @throws IllegalArgumentException naming the key, when the fingerprint is missing or a value is malformed
   */
  public static ModelIdentity fromProperties(Map<String, String> p) {
    String fingerprint = p.get(KEY_FINGERPRINT);
    if (fingerprint == null) {
      throw new IllegalArgumentException("missing " + KEY_FINGERPRINT);
    }
    String dimension = p.get(KEY_DIMENSION);
    int dims;
    try {
      dims = dimension == null ? 0 : Integer.parseInt(dimension.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(KEY_DIMENSION + "=" + dimension + " is not a number", e);
    }
    String pooling = p.get(KEY_POOLING);
    String normalize = p.get(KEY_NORMALIZE);
    return new ModelIdentity(p.getOrDefault(KEY_ID, "?"), fingerprint, dims, p.get(KEY_QUERY_PREFIX),
        p.get(KEY_PASSAGE_PREFIX), pooling == null ? null : Pooling.parse(pooling),
        normalize == null ? null : Boolean.valueOf(normalize.trim()));
  }

  /** How {@code other} differs from this model in what decides the vectors; empty when they make the same vectors. */
  public List<String> differences(ModelIdentity other) {
    List<String> diffs = new ArrayList<>();
    if (!fingerprint.equals(other.fingerprint)) {
      diffs.add("fingerprint " + Fingerprint.shortForm(fingerprint) + " vs " + Fingerprint.shortForm(other.fingerprint));
    }
    if (known(dimension, other.dimension) && dimension != other.dimension) {
      diffs.add("dimension " + dimension + " vs " + other.dimension);
    }
    if (known(queryPrefix, other.queryPrefix) && !queryPrefix.equals(other.queryPrefix)
        || known(passagePrefix, other.passagePrefix) && !passagePrefix.equals(other.passagePrefix)) {
      diffs.add("prefixes '" + queryPrefix + "'/'" + passagePrefix + "' vs '" + other.queryPrefix + "'/'"
          + other.passagePrefix + "'");
    }
    if (known(pooling, other.pooling) && pooling != other.pooling) {
      diffs.add("pooling " + pooling.label() + " vs " + other.pooling.label());
    }
    if (known(normalize, other.normalize) && !normalize.equals(other.normalize)) {
      diffs.add("normalize " + normalize + " vs " + other.normalize);
    }
    return diffs;
  }

  /**
   * Refuses {@code actual} for vectors this model made.
   *
   * @param subject what holds the vectors, for the message: {@code "index /data/kb"}, {@code "collection 'kb'"}
   * @param allowMismatch for experts who know two models share a space (the same weights exported again): accepts
   *     any difference but the dimension, which no vector field can mix
   * @param override how the caller allows a mismatch, for the message (e.g. {@code "--allow-model-mismatch"}), or
   *     {@code null} where it cannot be allowed
   * @throws ModelMismatchException naming both models, the differences and the ways out
   */
  public void verifyCompatible(ModelIdentity actual, String subject, boolean allowMismatch, String override) {
    String both = subject + " was built with embedding model " + describe() + ", but the model in use is "
        + actual.describe();
    if (known(dimension, actual.dimension) && dimension != actual.dimension) {
      throw new ModelMismatchException(both + ". Vectors of different dimensions cannot be compared or mixed, even "
          + "with the model-mismatch override. Use model " + id + ", or rebuild from the source texts with the new model.");
    }
    List<String> diffs = differences(actual);
    if (diffs.isEmpty() || allowMismatch) {
      return;
    }
    throw new ModelMismatchException(both + ": " + String.join("; ", diffs) + ". Vectors of different models are not "
        + "comparable, so results would be meaningless. Use model " + id + ", or rebuild from the source texts with the "
        + "new one" + (override == null ? "." : "; if you know both produce the same vectors (the same weights exported "
        + "again, say), allow the mismatch explicitly (" + override + ")."));
  }

  /** For messages: id, short fingerprint and dimension. */
  public String describe() {
    return id + " (" + Fingerprint.shortForm(fingerprint) + (dimension > 0 ? ", " + dimension + " dimensions" : "") + ")";
  }

  private static boolean known(Object a, Object b) {
    return a != null && b != null;
  }

  private static boolean known(int a, int b) {
    return a > 0 && b > 0;
  }

  private static void putIfKnown(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
