package dev.clir.intent;

import dev.clir.embed.Embedder;
import dev.clir.embed.TextKind;
import dev.clir.embed.VectorMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Labelled examples with their unit-length query vectors: what every classifier trains on and what an intent
 * model file keeps, so that adding examples never re-embeds the old ones. Labels are sorted, so label indexes
 * are stable for the same set of labels. Immutable.
 */
public final class ExampleSet {
  /** Fewest examples a label may have: one point makes neither a centroid nor a regression class. */
  public static final int MIN_EXAMPLES_PER_LABEL = 2;

  private final List<String> labels;
  private final List<LabeledText> examples;
  private final float[][] vectors;
  private final int[] labelIndex;

  private ExampleSet(List<LabeledText> examples, float[][] vectors) {
    if (examples.size() != vectors.length) {
      throw new IllegalArgumentException(examples.size() + " examples but " + vectors.length + " vectors");
    }
    this.examples = List.copyOf(examples);
    this.labels = List.copyOf(new TreeSet<>(examples.stream().map(LabeledText::label).toList()));
    this.vectors = new float[vectors.length][];
    this.labelIndex = new int[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != vectors[0].length) {
        throw new IllegalArgumentException("vector " + i + " has dimension " + vectors[i].length + ", vector 0 has " + vectors[0].length);
      }
      this.vectors[i] = unit(vectors[i]);
      this.labelIndex[i] = labels.indexOf(examples.get(i).label());
    }
  }

  /** Embeds the texts with the query side of the model (users' messages are queries). */
  public static ExampleSet embed(Embedder embedder, List<LabeledText> examples) {
    return of(examples, embedder.embed(TextKind.QUERY, examples.stream().map(LabeledText::text).toList()).vectors());
  }

  /** Examples whose vectors are already known, in the same order; vectors are copied and scaled to unit length. */
  public static ExampleSet of(List<LabeledText> examples, float[][] vectors) {
    return new ExampleSet(examples, vectors);
  }

  /** This set followed by {@code more}; labels may be new or already known. */
  public ExampleSet plus(ExampleSet more) {
    if (!examples.isEmpty() && !more.examples.isEmpty() && dimension() != more.dimension()) {
      throw new IllegalArgumentException("dimensions differ: " + dimension() + " vs " + more.dimension());
    }
    List<LabeledText> all = new ArrayList<>(examples);
    all.addAll(more.examples);
    float[][] allVectors = Arrays.copyOf(vectors, vectors.length + more.vectors.length);
    System.arraycopy(more.vectors, 0, allVectors, vectors.length, more.vectors.length);
    return new ExampleSet(all, allVectors);
  }

  /** The examples at {@code indexes}, in that order. */
  ExampleSet subset(List<Integer> indexes) {
    List<LabeledText> texts = new ArrayList<>(indexes.size());
    float[][] vs = new float[indexes.size()][];
    for (int j = 0; j < vs.length; j++) {
      texts.add(examples.get(indexes.get(j)));
      vs[j] = vectors[indexes.get(j)];
    }
    return new ExampleSet(texts, vs);
  }

  /**
   * Throws unless a classifier can learn from this set: at least two labels, each with at least
   * {@link #MIN_EXAMPLES_PER_LABEL} examples.
   */
  public ExampleSet requireTrainable() {
    if (labels.size() < 2) {
      throw new IllegalArgumentException("an intent model needs at least 2 labels, found " + labels.size() + " " + labels);
    }
    Map<String, Integer> counts = counts();
    List<String> thin = counts.entrySet().stream().filter(e -> e.getValue() < MIN_EXAMPLES_PER_LABEL).map(Map.Entry::getKey).toList();
    if (!thin.isEmpty()) {
      throw new IllegalArgumentException("labels " + thin + " have fewer than " + MIN_EXAMPLES_PER_LABEL
          + " examples each; add examples or fix the label spelling");
    }
    return this;
  }

  /** Examples per label, in label order. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (LabeledText e : examples) {
      counts.merge(e.label(), 1, Integer::sum);
    }
    return counts;
  }

  public List<String> labels() {
    return labels;
  }

  public int size() {
    return examples.size();
  }

  public int dimension() {
    return vectors.length == 0 ? 0 : vectors[0].length;
  }

  public LabeledText example(int i) {
    return examples.get(i);
  }

  public List<LabeledText> examples() {
    return examples;
  }

  /** The unit vector of example {@code i}; do not modify it. */
  public float[] vector(int i) {
    return vectors[i];
  }

  /** The index in {@link #labels()} of example {@code i}'s label. */
  public int labelIndex(int i) {
    return labelIndex[i];
  }

  static float[] unit(float[] v) {
    float[] copy = v.clone();
    VectorMath.normalizeInPlace(copy);
    return copy;
  }
}
