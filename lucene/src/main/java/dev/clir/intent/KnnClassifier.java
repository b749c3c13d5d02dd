package dev.clir.intent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * k nearest examples vote: the examples live in an in-memory Lucene HNSW index ({@link KnnFloatVectorField},
 * dot product on unit vectors), a message's {@code k} nearest examples are found with a
 * {@link KnnFloatVectorQuery}, and each votes for its label with weight {@code exp(cosine / T)}; a virtual
 * neighbour with cosine {@code s_oos} votes for out-of-scope. {@code T} and {@code s_oos} are fitted like a
 * {@link Calibration}: each example's own label among neighbours that leave it out, and out-of-scope among
 * neighbours that leave its whole label out. Follows the examples closely, odd ones included; the index is what a
 * large example set would need anyway.
 */
final class KnnClassifier implements IntentClassifier {
  static final String VECTOR_FIELD = "vector";
  static final String EXAMPLE_FIELD = "example";
  static final String LABEL_FIELD = "label";

  private final ExampleSet examples;
  private final int k;
  private final ByteBuffersDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Calibration calibration;

  private KnnClassifier(ExampleSet examples, int k, Calibration calibration) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    this.examples = examples;
    this.k = k;
    this.directory = new ByteBuffersDirectory();
    try {
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        for (int i = 0; i < examples.size(); i++) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField(VECTOR_FIELD, examples.vector(i), VectorSimilarityFunction.DOT_PRODUCT));
          doc.add(new NumericDocValuesField(EXAMPLE_FIELD, i));
          doc.add(new IntField(LABEL_FIELD, examples.labelIndex(i), Field.Store.NO));
          writer.addDocument(doc);
        }
      }
      this.reader = DirectoryReader.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory example index", e);
    }
    this.searcher = new IndexSearcher(reader);
    this.calibration = calibration != null ? calibration : fitCalibration();
  }

  /** Indexes {@code examples} and fits the calibration. */
  static KnnClassifier train(ExampleSet examples, int k) {
    return new KnnClassifier(examples, k, null);
  }

  /** Indexes {@code examples} with a known calibration (a saved model's), or fits one when {@code null}. */
  static KnnClassifier train(ExampleSet examples, int k, Calibration calibration) {
    return new KnnClassifier(examples, k, calibration);
  }

  int k() {
    return k;
  }

  @Override
  public Calibration calibration() {
    return calibration;
  }

  @Override
  public ClassifierKind kind() {
    return ClassifierKind.KNN;
  }

  @Override
  public double[] confidences(float[] unitVector) {
    return vote(neighbours(unitVector, k, null, -1), calibration);
  }

  /** Nearest examples, most similar first: their cosines and label indexes. */
  private record Neighbours(double[] cosines, int[] labels) {}

  /** The {@code n} examples most similar to {@code v}, without example {@code skip} (when >= 0), among {@code filter}'s. */
  private Neighbours neighbours(float[] v, int n, Query filter, int skip) {
    int want = Math.min(skip >= 0 ? n + 1 : n, examples.size());
    try {
      ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(VECTOR_FIELD, v, want, filter), want).scoreDocs;
      List<LeafReaderContext> leaves = reader.leaves();
      double[] cosines = new double[Math.min(n, hits.length)];
      int[] labels = new int[cosines.length];
      int found = 0;
      for (int h = 0; h < hits.length && found < cosines.length; h++) {
        int example = exampleOf(leaves, hits[h].doc);
        if (example != skip) {
          cosines[found] = 2.0 * hits[h].score - 1.0; // DOT_PRODUCT score = (1 + cos) / 2
          labels[found++] = examples.labelIndex(example);
        }
      }
      return new Neighbours(Arrays.copyOf(cosines, found), Arrays.copyOf(labels, found));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the in-memory example index", e);
    }
  }

  private static int exampleOf(List<LeafReaderContext> leaves, int doc) {
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    try {
      NumericDocValues values = leaf.reader().getNumericDocValues(EXAMPLE_FIELD);
      if (values == null || !values.advanceExact(doc - leaf.docBase)) {
        throw new IllegalStateException("example index lost the example number of doc " + doc);
      }
      return (int) values.longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each label's share of the vote, then out-of-scope's (the virtual neighbour's). */
  private double[] vote(Neighbours neighbours, Calibration cal) {
    int labels = examples.labels().size();
    double[] votes = new double[labels + 1];
    double max = cal.outOfScopeScore();
    for (double cosine : neighbours.cosines()) {
      max = Math.max(max, cosine);
    }
    double t = cal.temperature();
    votes[labels] = Math.exp((cal.outOfScopeScore() - max) / t);
    double sum = votes[labels];
    for (int i = 0; i < neighbours.cosines().length; i++) {
      double w = Math.exp((neighbours.cosines()[i] - max) / t);
      votes[neighbours.labels()[i]] += w;
      sum += w;
    }
    for (int c = 0; c < votes.length; c++) {
      votes[c] /= sum;
    }
    return votes;
  }

  /** Neighbours of each example without itself and without its label, searched once, then the best calibration. */
  private Calibration fitCalibration() {
    int n = examples.size();
    Query[] otherLabels = new Query[examples.labels().size()];
    for (int c = 0; c < otherLabels.length; c++) {
      otherLabels[c] = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
          .add(IntField.newExactQuery(LABEL_FIELD, c), BooleanClause.Occur.MUST_NOT).build();
    }
    List<Neighbours> withoutSelf = new ArrayList<>(n);
    List<Neighbours> withoutLabel = new ArrayList<>(n);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      withoutSelf.add(neighbours(examples.vector(i), k, null, i));
      withoutLabel.add(neighbours(examples.vector(i), k, otherLabels[examples.labelIndex(i)], -1));
      for (double cosine : withoutSelf.get(i).cosines()) {
        lo = Math.min(lo, cosine);
        hi = Math.max(hi, cosine);
      }
    }
    int labels = examples.labels().size();
    return Calibration.fit(lo, hi, cal -> {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Calibration.nll(vote(withoutSelf.get(i), cal)[examples.labelIndex(i)]);
        sum += Calibration.nll(vote(withoutLabel.get(i), cal)[labels]);
      }
      return sum / (2.0 * n); // both halves have n terms, so they weigh the same
    });
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
