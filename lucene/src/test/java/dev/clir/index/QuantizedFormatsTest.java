package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.search.CrossLingualQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The quantized formats, verified rather than assumed: from the files on disk, int8 keeps about one byte per
 * dimension for the graph's search copy, int4 half a byte, binary one bit (each beside the float32 vectors that
 * rescoring reads), and each, searched through the public API with its default rescoring, finds at least 99% of the
 * exact float32 top 10. Synthetic data: 10,000 unit vectors of 384 dimensions around 50 random centres (like the
 * topical clusters of real passage embeddings), so no model is needed.
 */
class QuantizedFormatsTest {
  static final int N = 10_000;
  static final int DIM = 384;
  static final int QUERIES = 50;
  static final int K = 10;
  /** Corrective terms Lucene stores with each quantized vector (offsets, lengths): a few floats. */
  static final int PER_VECTOR_OVERHEAD = 32;
  /** A cheaper graph than the default (beam 100) keeps the test short; recall must hold even so. */
  static final HnswParams GRAPH = new HnswParams(16, 32);

  static float[][] vectors;
  static float[][] queries;
  static List<Set<Integer>> truth;

  @TempDir Path dir;

  @BeforeAll
  static void data() {
    Random random = new Random(20261203);
    float[][] centres = new float[50][];
    for (int c = 0; c < centres.length; c++) {
      centres[c] = around(new float[DIM], 1e6, random); // a random direction
    }
    vectors = new float[N][];
    for (int i = 0; i < N; i++) {
      vectors[i] = around(centres[random.nextInt(centres.length)], 1, random);
    }
    queries = new float[QUERIES][];
    truth = new ArrayList<>();
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = around(centres[random.nextInt(centres.length)], 1, random);
      truth.add(exactTop(queries[q]));
    }
  }

  /** A unit vector near {@code centre}: centre plus Gaussian noise of about {@code spread} in length. */
  private static float[] around(float[] centre, double spread, Random random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (centre[i] + spread * random.nextGaussian() / Math.sqrt(DIM));
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  /** Brute-force float32 nearest neighbours: the ground truth. */
  private static Set<Integer> exactTop(float[] query) {
    Integer[] order = new Integer[N];
    double[] scores = new double[N];
    for (int i = 0; i < N; i++) {
      order[i] = i;
      for (int d = 0; d < DIM; d++) {
        scores[i] += query[d] * vectors[i][d];
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    return new HashSet<>(Arrays.asList(order).subList(0, K));
  }

  @ParameterizedTest
  @EnumSource(value = VectorFormat.class, names = {"INT8", "INT4", "BINARY"})
  void storesTheAdvertisedBitsAndKeepsRecallWithDefaultRescoring(VectorFormat format) throws IOException {
    ClirFields clir = ClirFields.of(DIM, VectorSimilarityFunction.DOT_PRODUCT);
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(ClirCodec.wrap(Codec.getDefault(), Map.of(clir.vectorField(), format), GRAPH))
        .setUseCompoundFile(false) // so that each format's files can be measured
        .setMergePolicy(NoMergePolicy.INSTANCE)
        .setRAMBufferSizeMB(256); // one segment, without a merge that would build the graph twice
    try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, config)) {
      for (int i = 0; i < N; i++) {
        Document doc = new Document();
        doc.add(new StoredField("n", i));
        doc.add(clir.vector(vectors[i]));
        writer.addDocument(doc);
      }
      writer.commit();
    }

    // the search copy: about DIM * bits / 8 bytes a vector, plus the float32 copy that rescoring reads
    double quantized = bytesPerVector(".veq");
    double expected = DIM * bits(format) / 8.0;
    assertThat(quantized).as("bytes per vector in .veq for %s", format)
        .isBetween(expected, expected + PER_VECTOR_OVERHEAD);
    assertThat(bytesPerVector(".vec")).as("float32 bytes per vector").isBetween(4.0 * DIM, 4.0 * DIM + 1);

    try (Directory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
      assertThat(reader.leaves()).hasSize(1);
      IndexSearcher searcher = new IndexSearcher(reader);
      double recall = 0;
      double recallWithoutRescore = 0;
      for (int q = 0; q < QUERIES; q++) {
        CrossLingualQuery query = CrossLingualQuery.ofVector(clir.vectorField(), "q" + q, queries[q], K);
        recall += found(searcher, query, truth.get(q));
        recallWithoutRescore += found(searcher, query.withRescore(false), truth.get(q));
      }
      recall /= QUERIES;
      recallWithoutRescore /= QUERIES;
      System.out.printf("%s: %.1f bytes/vector in .veq, recall@10 %.3f rescored, %.3f without%n", format,
          quantized, recall, recallWithoutRescore);
      assertThat(recall).as("recall@10 of %s with the default rescoring", format).isGreaterThanOrEqualTo(0.99);
      if (format != VectorFormat.INT8) {
        assertThat(recallWithoutRescore).as("without rescoring %s loses recall", format).isLessThan(recall);
      }
    }
  }

  private static int bits(VectorFormat format) {
    return switch (format) {
      case INT8 -> 8;
      case INT4 -> 4;
      case BINARY -> 1;
      case FLOAT32 -> 32;
    };
  }

  private static double found(IndexSearcher searcher, CrossLingualQuery query, Set<Integer> truth) throws IOException {
    int found = 0;
    for (ScoreDoc sd : searcher.search(query, K).scoreDocs) {
      int n = searcher.storedFields().document(sd.doc).getField("n").numericValue().intValue();
      found += truth.contains(n) ? 1 : 0;
    }
    return found / (double) K;
  }

  private double bytesPerVector(String extension) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long bytes = 0;
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(extension)).toList()) {
        bytes += Files.size(f);
      }
      return bytes / (double) N;
    }
  }
}
