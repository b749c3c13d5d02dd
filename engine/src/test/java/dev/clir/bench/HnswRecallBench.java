package dev.clir.bench;

import dev.clir.index.ClirCodec;
import dev.clir.index.HnswParams;
import dev.clir.index.VectorFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * HNSW recall@10 against exact (brute-force) search, per clir vector format, on random unit vectors: not a test
 * (minutes of CPU), run by hand:
 *
 * <pre>
 * bin/mvn -B -q -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java --add-modules jdk.incubator.vector -cp engine/target/test-classes:engine/target/classes:$(cat /tmp/cp.txt) \
 *     dev.clir.bench.HnswRecallBench [vectors=20000] [dim=384] [queries=200] [data=random|lowrank] [dir]
 * </pre>
 *
 * <p>{@code random}: uniformly random unit vectors. They have no structure, so all distances look alike
 * (distance concentration in 384 dimensions): the worst case for HNSW and for quantization. {@code lowrank}:
 * unit vectors near a random 32-dimensional subspace (plus 10% isotropic noise), closer to sentence embeddings,
 * whose intrinsic dimension is low. Each format's graph is built in one segment (one flush, no merge) with
 * default M=16, beamWidth=100. Recall is the share of the exact top 10 found in the returned top 10;
 * "cand" is the kNN query's k (the search beam, "ef"), of which the best 10 are kept; "+r" rescores the
 * candidates with the float32 vectors (RescoreTopNQuery).
 */
public final class HnswRecallBench {
  private static final String FIELD = "v";
  private static final int K = 10;
  private static final int[] CANDIDATES = {10, 50, 100, 200, 500};

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    int numQueries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    String data = args.length > 3 ? args[3] : "random";
    Path root = Path.of(args.length > 4 ? args[4] : System.getProperty("java.io.tmpdir") + "/clir-hnsw-bench");
    Random random = new Random(42);
    float[][] docs;
    float[][] queries;
    if (data.equals("lowrank")) {
      float[][] basis = randomUnitVectors(random, 32, dim);
      docs = lowRankUnitVectors(random, basis, n, 0.1);
      queries = lowRankUnitVectors(random, basis, numQueries, 0.1);
    } else {
      docs = randomUnitVectors(random, n, dim);
      queries = randomUnitVectors(random, numQueries, dim);
    }
    int[][] truth = exactTopK(docs, queries);
    System.out.printf(Locale.ROOT, "HNSW recall@%d vs exact, %d %s unit vectors x %d dims, %d queries, "
        + "dot product, M=%d beamWidth=%d, %d cores%n", K, n, data, dim, numQueries, HnswParams.DEFAULTS.m(),
        HnswParams.DEFAULTS.beamWidth(), Runtime.getRuntime().availableProcessors());
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s %8s %9s", "format", "build s", "size MB"));
    for (int c : CANDIDATES) {
      header.append(String.format(Locale.ROOT, "  cand=%-4d", c));
    }
    header.append("  ms/query@100  segments");
    System.out.println(header);
    for (VectorFormat format : VectorFormat.values()) {
      Path dir = root.resolve(format.label());
      deleteRecursively(dir);
      long t0 = System.nanoTime();
      build(dir, docs, format);
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      double sizeMb = sizeOf(dir) / 1e6;
      try (Directory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        int[] ids = storedIds(searcher, n);
        for (boolean rescore : format.quantized() ? new boolean[] {false, true} : new boolean[] {false}) {
          StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s %8.1f %9.1f",
              format.label() + (rescore ? "+r" : ""), buildSeconds, sizeMb));
          double msAt100 = 0;
          for (int c : CANDIDATES) {
            long q0 = System.nanoTime();
            double recall = recall(searcher, ids, queries, truth, c, rescore);
            double ms = (System.nanoTime() - q0) / 1e6 / queries.length;
            if (c == 100) {
              msAt100 = ms;
            }
            row.append(String.format(Locale.ROOT, "  %9.3f", recall));
          }
          row.append(String.format(Locale.ROOT, "  %12.2f  %8d", msAt100, reader.leaves().size()));
          System.out.println(row);
        }
      }
      deleteRecursively(dir);
    }
  }

  private static void build(Path dir, float[][] docs, VectorFormat format) throws IOException {
    Codec codec = ClirCodec.wrap(Codec.getDefault(), Map.of(FIELD, format));
    IndexWriterConfig config = new IndexWriterConfig().setCodec(codec).setRAMBufferSizeMB(1024)
        .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH);
    FieldType type = KnnFloatVectorField.createFieldType(docs[0].length, VectorSimilarityFunction.DOT_PRODUCT);
    try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, config)) {
      for (int i = 0; i < docs.length; i++) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField(FIELD, docs[i], type));
        doc.add(new StoredField("id", i));
        writer.addDocument(doc);
      }
      writer.commit();
    }
  }

  private static double recall(IndexSearcher searcher, int[] ids, float[][] queries, int[][] truth, int candidates,
      boolean rescore) throws IOException {
    long found = 0;
    for (int q = 0; q < queries.length; q++) {
      Query knn = new KnnFloatVectorQuery(FIELD, queries[q], candidates);
      if (rescore) {
        knn = RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, queries[q], FIELD, candidates);
      }
      TopDocs top = searcher.search(knn, K);
      int[] expected = truth[q];
      for (ScoreDoc sd : top.scoreDocs) {
        int id = ids[sd.doc];
        for (int e : expected) {
          if (e == id) {
            found++;
            break;
          }
        }
      }
    }
    return found / (double) (queries.length * K);
  }

  private static int[] storedIds(IndexSearcher searcher, int n) throws IOException {
    int[] ids = new int[searcher.getIndexReader().maxDoc()];
    var stored = searcher.storedFields();
    for (int doc = 0; doc < ids.length; doc++) {
      ids[doc] = stored.document(doc).getField("id").numericValue().intValue();
    }
    return ids;
  }

  /** Ground truth: the exact top K ids by dot product, computed in plain Java. */
  private static int[][] exactTopK(float[][] docs, float[][] queries) {
    return IntStream.range(0, queries.length).parallel().mapToObj(q -> {
      float[] query = queries[q];
      Integer[] order = IntStream.range(0, docs.length).boxed().toArray(Integer[]::new);
      double[] scores = new double[docs.length];
      for (int i = 0; i < docs.length; i++) {
        double s = 0;
        for (int j = 0; j < query.length; j++) {
          s += query[j] * docs[i][j];
        }
        scores[i] = s;
      }
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
      return Arrays.stream(order, 0, K).mapToInt(Integer::intValue).toArray();
    }).toArray(int[][]::new);
  }

  private static float[][] randomUnitVectors(Random random, int count, int dim) {
    float[][] out = new float[count][dim];
    for (float[] v : out) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        v[j] = (float) random.nextGaussian();
        norm += v[j] * v[j];
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < dim; j++) {
        v[j] *= inv;
      }
    }
    return out;
  }

  /** Unit vectors {@code normalize(sum z_i b_i + noise * g / sqrt(dim))}, z and g standard normal. */
  private static float[][] lowRankUnitVectors(Random random, float[][] basis, int count, double noise) {
    int dim = basis[0].length;
    float[][] out = new float[count][dim];
    for (float[] v : out) {
      for (float[] b : basis) {
        double z = random.nextGaussian();
        for (int j = 0; j < dim; j++) {
          v[j] += (float) (z * b[j]);
        }
      }
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        v[j] += (float) (noise * Math.sqrt(basis.length) * random.nextGaussian() / Math.sqrt(dim));
        norm += v[j] * v[j];
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < dim; j++) {
        v[j] *= inv;
      }
    }
    return out;
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private HnswRecallBench() {}
}
