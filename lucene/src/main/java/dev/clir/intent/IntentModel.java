package dev.clir.intent;

import dev.clir.model.ModelIdentity;
import dev.clir.embed.Embedder;
import dev.clir.embed.TextKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Routes a message in any language to one of the intents a team labelled in English, or abstains. Messages
 * and examples are embedded with the query side of one multilingual model, so a Portuguese message lands near
 * the English examples of the same intent.
 *
 * <pre>{@code
 * IntentModel model = IntentModel.train(embedder, LabeledTextFiles.readTraining(Path.of("intents.tsv")));
 * IntentPrediction p = model.classify("esqueci minha senha");       // reset_password, 0.83 (or abstains)
 * IntentModel better = model.withExamples(portugueseExamples);      // few-shot: a handful per label
 * better.save(Path.of("intents.json"));
 * IntentModel again = IntentModel.load(Path.of("intents.json"), embedder);
 * }</pre>
 *
 * The model uses the embedder but does not own it: close the embedder yourself. Close the model too (the k-NN
 * classifier holds an in-memory Lucene index); a model and the models derived from it are independent.
 * Immutable and thread-safe.
 */
public final class IntentModel implements AutoCloseable {
  /** The label of out-of-scope messages in evaluation files, and what {@link IntentPrediction#decision()} says on abstention. */
  public static final String OUT_OF_SCOPE = "_oos";

  private final Embedder embedder;
  private final ModelIdentity embedding;
  private final IntentSettings settings;
  private final ExampleSet examples;
  private final IntentClassifier classifier;

  IntentModel(Embedder embedder, ModelIdentity embedding, IntentSettings settings, ExampleSet examples, IntentClassifier classifier) {
    this.embedder = embedder;
    this.embedding = embedding;
    this.settings = settings;
    this.examples = examples;
    this.classifier = classifier;
  }

  /** Trains with {@link IntentSettings#DEFAULTS}. */
  public static IntentModel train(Embedder embedder, List<LabeledText> examples) {
    return train(embedder, examples, IntentSettings.DEFAULTS);
  }

  /** Embeds the examples (query side) and trains the classifier the settings name. */
  public static IntentModel train(Embedder embedder, List<LabeledText> examples, IntentSettings settings) {
    return train(embedder, ExampleSet.embed(embedder, examples), settings);
  }

  /** Trains on examples embedded beforehand with {@code embedder}'s query side. */
  public static IntentModel train(Embedder embedder, ExampleSet examples, IntentSettings settings) {
    if (examples.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException("examples have " + examples.dimension() + "-dimensional vectors, the embedder makes "
          + embedder.dimension());
    }
    examples.requireTrainable();
    return new IntentModel(embedder, ModelIdentity.of(embedder.info()), settings, examples, trainClassifier(examples, settings));
  }

  static IntentClassifier trainClassifier(ExampleSet examples, IntentSettings settings) {
    return switch (settings.classifier()) {
      case CENTROID -> CentroidClassifier.train(examples);
      case KNN -> KnnClassifier.train(examples, settings.neighbours());
      case LOGISTIC -> LogisticClassifier.train(examples, settings.regularization());
    };
  }

  /**
   * This model plus more labelled examples, typically a few in the users' own language (few-shot adaptation),
   * retrained with the same settings. New labels are allowed if they have enough examples.
   */
  public IntentModel withExamples(List<LabeledText> more) {
    return train(embedder, examples.plus(ExampleSet.embed(embedder, more)), settings);
  }

  /** This model, retrained with other settings (another classifier, say) on the same examples. */
  public IntentModel withSettings(IntentSettings other) {
    return train(embedder, examples, other);
  }

  /** This model with another abstention threshold; nothing is retrained. */
  public IntentModel withThreshold(double threshold) {
    IntentSettings s = settings.withThreshold(threshold);
    return new IntentModel(embedder, embedding, s, examples, shareOrRebuild());
  }

  /** The classifier for a derived model: shared when it holds nothing to close, else rebuilt as fitted (no refit). */
  private IntentClassifier shareOrRebuild() {
    return classifier instanceof KnnClassifier knn ? KnnClassifier.train(examples, knn.k(), knn.calibration()) : classifier;
  }

  public IntentPrediction classify(String text) {
    return classifyAll(List.of(text)).get(0);
  }

  /** Classifies many messages with one embedding call: much faster than one by one. */
  public List<IntentPrediction> classifyAll(List<String> texts) {
    float[][] vectors = embedder.embed(TextKind.QUERY, texts).vectors();
    List<IntentPrediction> out = new ArrayList<>(vectors.length);
    for (float[] v : vectors) {
      out.add(classifyVector(v));
    }
    return out;
  }

  /** Classifies a message embedded beforehand with the query side of this model's embedding model. */
  public IntentPrediction classifyVector(float[] vector) {
    if (vector.length != examples.dimension()) {
      throw new IllegalArgumentException("vector has dimension " + vector.length + ", the model " + examples.dimension());
    }
    double[] confidences = classifier.confidences(ExampleSet.unit(vector));
    List<String> labels = examples.labels();
    List<ScoredIntent> ranked = new ArrayList<>(labels.size());
    for (int c = 0; c < labels.size(); c++) {
      ranked.add(new ScoredIntent(labels.get(c), confidences[c]));
    }
    ranked.sort(Comparator.comparingDouble(ScoredIntent::confidence).reversed());
    return new IntentPrediction(ranked, confidences[labels.size()], settings.threshold());
  }

  /** Writes the model to one JSON file (see {@link IntentModelFile}). */
  public void save(Path file) {
    IntentModelFile.write(this, file);
  }

  /** Reads a model saved by {@link #save}; refuses one built with another embedding model. */
  public static IntentModel load(Path file, Embedder embedder) {
    return IntentModelFile.read(file, embedder, false);
  }

  /**
   * Reads a saved model; with {@code allowOtherEmbeddingModel} a model built with another embedding model of the
   * same dimension is accepted (for experts: e.g. the same weights re-exported, which changes the fingerprint).
   */
  public static IntentModel load(Path file, Embedder embedder, boolean allowOtherEmbeddingModel) {
    return IntentModelFile.read(file, embedder, allowOtherEmbeddingModel);
  }

  /**
   * The embedding model a saved intent model was built with, read without loading the model: a command line opens
   * that embedding model, then {@link #load}s.
   */
  public static ModelIdentity embeddingOf(Path file) {
    return IntentModelFile.embeddingOf(file);
  }

  /**
   * The directory the embedding model was loaded from when the intent model was trained, if the file records one: a
   * command line reopens it from there when it exists, as it does for an index.
   */
  public static Optional<Path> embeddingDirectoryOf(Path file) {
    return IntentModelFile.embeddingDirectoryOf(file);
  }

  public List<String> labels() {
    return examples.labels();
  }

  public ExampleSet examples() {
    return examples;
  }

  public IntentSettings settings() {
    return settings;
  }

  public double threshold() {
    return settings.threshold();
  }

  /** The embedding model the vectors were made with. */
  public ModelIdentity embedding() {
    return embedding;
  }

  IntentClassifier classifier() {
    return classifier;
  }

  Embedder embedder() {
    return embedder;
  }

  @Override
  public void close() {
    classifier.close();
  }

  @Override
  public String toString() {
    return "IntentModel[" + settings.classifier().id() + ", " + examples.labels().size() + " labels, " + examples.size()
        + " examples, threshold " + settings.threshold() + ", " + embedding.describe() + "]";
  }
}
