package dev.clir.bench.perf;

import dev.clir.index.ClirCodec;
import dev.clir.index.HnswParams;
import dev.clir.index.VectorFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * HNSW recall@10 against exact search versus the candidate count ("ef", the kNN query's k), with per-query latency,
 * build rate and bytes per vector, per vector format and M/beamWidth, on deterministic synthetic unit vectors
 * ({@link SyntheticVectors#clustered}). Each index is one segment built by one thread; quantized formats are measured
 * raw and with clir's full-precision rescoring of the candidates. {@code --data random|lowrank} give the data of the
 * engine's former {@code HnswRecallBench}, which this command replaces.
 */
@Command(name = "hnsw", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"HNSW recall@10 vs exact and latency per candidate count, build rate, bytes per vector (disk, "
        + "off-heap, heap), per vector format and M/beamWidth, on synthetic clustered 384-d unit vectors."})
public final class HnswBench implements Callable<Integer> {
  static final String FIELD = "v";
  static final String ID = "id";
  static final int K = 10;

  @Option(names = "--sizes", split = ",", description = "Vector counts (default 100000,300000).")
  List<Integer> sizes;

  @Option(names = "--formats", split = ",", description = "Formats at the first size (default float32,int8,int4,binary).")
  List<String> formats;

  @Option(names = "--params", split = ",", description = "M:beamWidth settings at the first size (default 16:100,8:50).")
  List<String> params;

  @Option(names = "--large-formats", split = ",", description = "Formats at the other sizes (default float32,int8).")
  List<String> largeFormats;

  @Option(names = "--large-params", split = ",", description = "M:beamWidth at the other sizes (default 16:100).")
  List<String> largeParams;

  @Option(names = "--candidates", split = ",", description = "Candidate counts (default 10,20,50,100,200,500).")
  List<Integer> candidates;

  @Option(names = "--queries", description = "Queries per measurement (default 200).")
  Integer queries;

  @Option(names = "--data", defaultValue = "clustered",
      description = {"Synthetic vectors: clustered (shaped like sentence embeddings), random (uniform on the sphere: the",
          "hardest case, all distances alike) or lowrank (near a random 32-dimensional subspace) (default: ${DEFAULT-VALUE})."})
  String data;

  @Option(names = "--dir", description = "Scratch folder for the indexes (default: system temp).")
  Path dir;

  @Option(names = "--quick", description = "A smoke run: 5k vectors, float32 and int8, few candidate counts.")
  boolean quick;

  @Mixin JsonOutput json;

  public record Settings(int dim, List<Integer> sizes, List<VectorFormat> formats, List<HnswParams> params,
      List<VectorFormat> largeFormats, List<HnswParams> largeParams, List<Integer> candidates, int queries, long seed,
      SyntheticVectors.Shape shape) {
    public static Settings full() {
      return new Settings(384, List.of(100_000, 300_000), List.of(VectorFormat.values()),
          List.of(HnswParams.DEFAULTS, new HnswParams(8, 50)), List.of(VectorFormat.FLOAT32, VectorFormat.INT8),
          List.of(HnswParams.DEFAULTS), List.of(10, 20, 50, 100, 200, 500), 200, 42, SyntheticVectors.Shape.E5_LIKE);
    }

    public static Settings quick() {
      return new Settings(384, List.of(5_000), List.of(VectorFormat.FLOAT32, VectorFormat.INT8), List.of(HnswParams.DEFAULTS),
          List.of(), List.of(), List.of(10, 50, 200), 50, 42, SyntheticVectors.Shape.E5_LIKE);
    }
  }

  /** One index: how long it took to build and how big it is. */
  public record Build(int size, String format, int m, int beamWidth, double seconds, double vectorsPerSecond,
      Map<String, Long> diskBytes, double diskBytesPerVector, Map<String, Long> offHeapBytes, double offHeapBytesPerVector,
      double heapBytesPerVector, int segments) {}

  /** One point of a recall-latency curve. */
  public record Point(int size, String format, int m, int beamWidth, boolean rescored, int candidates, double recall,
      double meanMillis, double p50Millis, double p99Millis) {}

  /** How alike the synthetic vectors are: mean cosine of random pairs and of each query's true nearest neighbour. */
  public record DataShape(double randomPairCosine, double nearestNeighbourCosine, double tenthNeighbourCosine) {}

  public record Result(Settings settings, List<Build> builds, List<Point> points, DataShape shape) {}

  @Override
  public Integer call() {
    Settings d = quick ? Settings.quick() : Settings.full();
    Settings s = new Settings(d.dim(), sizes != null ? sizes : d.sizes(), formats != null ? parseFormats(formats) : d.formats(),
        params != null ? parseParams(params) : d.params(), largeFormats != null ? parseFormats(largeFormats) : d.largeFormats(),
        largeParams != null ? parseParams(largeParams) : d.largeParams(), candidates != null ? candidates : d.candidates(),
        queries != null ? queries : d.queries(), d.seed(), shape(data));
    Result r = run(s, dir);
    print(r);
    json.writeIfAsked(r);
    return 0;
  }

  static SyntheticVectors.Shape shape(String name) {
    return switch (name) {
      case "clustered" -> SyntheticVectors.Shape.E5_LIKE;
      case "random" -> SyntheticVectors.Shape.UNIFORM;
      case "lowrank" -> SyntheticVectors.Shape.LOW_RANK;
      default -> throw new IllegalArgumentException("--data must be clustered, random or lowrank, not '" + name + "'");
    };
  }

  static List<VectorFormat> parseFormats(List<String> names) {
    return names.stream().map(VectorFormat::parse).toList();
  }

  static List<HnswParams> parseParams(List<String> specs) {
    return specs.stream().map(p -> {
      String[] mb = p.split(":");
      return new HnswParams(Integer.parseInt(mb[0].trim()), Integer.parseInt(mb[1].trim()));
    }).toList();
  }

  static void print(Result r) {
    System.out.printf(Locale.ROOT, "synthetic data: random pair cosine %.3f, 1st neighbour %.3f, 10th neighbour %.3f%n",
        r.shape().randomPairCosine(), r.shape().nearestNeighbourCosine(), r.shape().tenthNeighbourCosine());
    System.out.printf(Locale.ROOT, "%8s %-8s %7s %8s %10s %10s %10s %10s%n", "size", "format", "M:beam", "build s", "vectors/s",
        "disk B/v", "offheap B/v", "heap B/v");
    for (Build b : r.builds()) {
      System.out.printf(Locale.ROOT, "%8d %-8s %7s %8.1f %10.0f %10.0f %10.0f %10.1f%n", b.size(), b.format(), b.m() + ":" + b.beamWidth(),
          b.seconds(), b.vectorsPerSecond(), b.diskBytesPerVector(), b.offHeapBytesPerVector(), b.heapBytesPerVector());
    }
    System.out.printf(Locale.ROOT, "%8s %-10s %7s %6s %8s %9s %9s %9s%n", "size", "format", "M:beam", "cand", "recall", "mean ms", "p50 ms",
        "p99 ms");
    for (Point p : r.points()) {
      System.out.printf(Locale.ROOT, "%8d %-10s %7s %6d %8.3f %9.3f %9.3f %9.3f%n", p.size(), p.format() + (p.rescored() ? "+r" : ""),
          p.m() + ":" + p.beamWidth(), p.candidates(), p.recall(), p.meanMillis(), p.p50Millis(), p.p99Millis());
    }
  }

  public static Result run(Settings s, Path scratch) {
    SyntheticVectors gen = new SyntheticVectors(s.dim(), s.seed(), s.shape());
    List<Build> builds = new ArrayList<>();
    List<Point> points = new ArrayList<>();
    DataShape shape = null;
    try {
      Path root = scratch != null ? scratch : Files.createTempDirectory("clir-hnsw");
      for (int si = 0; si < s.sizes().size(); si++) {
        int n = s.sizes().get(si);
        Log.info("hnsw: generating %d vectors and %d queries (%d dims)", n, s.queries(), s.dim());
        float[][] docs = gen.clustered(0, n);
        float[][] queries = gen.clustered(1L << 40, s.queries());
        long t0 = System.nanoTime();
        int[][] truth = Recall.exactTopK(docs, queries, K);
        Log.info("hnsw: exact top %d of %d queries in %.1f s", K, queries.length, (System.nanoTime() - t0) / 1e9);
        if (shape == null) {
          shape = dataShape(docs, queries, truth);
        }
        List<VectorFormat> fs = si == 0 ? s.formats() : s.largeFormats();
        List<HnswParams> ps = si == 0 ? s.params() : s.largeParams();
        for (HnswParams p : ps) {
          for (VectorFormat f : fs) {
            Path dir = root.resolve(n + "-" + f.label() + "-" + p.m() + "-" + p.beamWidth());
            deleteRecursively(dir);
            Build b = build(dir, docs, f, p);
            builds.add(b);
            Log.info("hnsw: %d %s M=%d beam=%d built in %.1f s (%.0f vectors/s), %.0f B/vector on disk, %.0f off-heap, %.1f heap",
                n, f.label(), p.m(), p.beamWidth(), b.seconds(), b.vectorsPerSecond(), b.diskBytesPerVector(),
                b.offHeapBytesPerVector(), b.heapBytesPerVector());
            points.addAll(curve(dir, queries, truth, s.candidates(), n, f, p));
            deleteRecursively(dir);
          }
        }
      }
      if (scratch == null) {
        deleteRecursively(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(s, builds, points, shape);
  }

  static DataShape dataShape(float[][] docs, float[][] queries, int[][] truth) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    double pairs = 0;
    int samples = 2000;
    for (int i = 0; i < samples; i++) {
      pairs += dot(docs[r.nextInt(docs.length)], docs[r.nextInt(docs.length)]);
    }
    double first = 0;
    double tenth = 0;
    for (int q = 0; q < queries.length; q++) {
      first += dot(queries[q], docs[truth[q][0]]);
      tenth += dot(queries[q], docs[truth[q][K - 1]]);
    }
    return new DataShape(pairs / samples, first / queries.length, tenth / queries.length);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static Build build(Path dir, float[][] docs, VectorFormat format, HnswParams params) throws IOException {
    Codec codec = ClirCodec.wrap(Codec.getDefault(), Map.of(FIELD, format), params);
    TieredMergePolicy mp = new TieredMergePolicy();
    mp.setNoCFSRatio(0);
    IndexWriterConfig config = new IndexWriterConfig().setCodec(codec).setRAMBufferSizeMB(1900)
        .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH).setUseCompoundFile(false).setMergePolicy(mp);
    FieldType type = KnnFloatVectorField.createFieldType(docs[0].length, VectorSimilarityFunction.DOT_PRODUCT);
    long t0 = System.nanoTime();
    try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, config)) {
      for (int i = 0; i < docs.length; i++) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField(FIELD, docs[i], type));
        doc.add(new NumericDocValuesField(ID, i));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
      writer.commit();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> disk = new TreeMap<>();
    long diskTotal = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? name : name.substring(dot + 1);
        long size = Files.size(f);
        disk.merge(ext, size, Long::sum);
        diskTotal += size;
      }
    }
    long heapBefore = usedHeapAfterGc();
    Map<String, Long> offHeap = new TreeMap<>();
    long offHeapTotal = 0;
    int segments;
    long heapAfter;
    try (Directory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
      segments = reader.leaves().size();
      for (LeafReaderContext leaf : reader.leaves()) {
        if (leaf.reader() instanceof CodecReader cr) {
          KnnVectorsReader vr = cr.getVectorReader();
          FieldInfo fi = cr.getFieldInfos().fieldInfo(FIELD);
          for (Map.Entry<String, Long> e : vr.getOffHeapByteSize(fi).entrySet()) {
            offHeap.merge(e.getKey(), e.getValue(), Long::sum);
            offHeapTotal += e.getValue();
          }
        }
      }
      new IndexSearcher(reader).search(new KnnFloatVectorQuery(FIELD, docs[0], 10), 10);
      heapAfter = usedHeapAfterGc();
    }
    int n = docs.length;
    return new Build(n, format.label(), params.m(), params.beamWidth(), seconds, n / seconds, disk, diskTotal / (double) n,
        offHeap, offHeapTotal / (double) n, Math.max(0, heapAfter - heapBefore) / (double) n, segments);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  static List<Point> curve(Path dir, float[][] queries, int[][] truth, List<Integer> candidates, int n, VectorFormat f,
      HnswParams p) throws IOException {
    List<Point> out = new ArrayList<>();
    try (Directory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      int[] ids = ids(reader);
      int maxCandidates = candidates.stream().mapToInt(Integer::intValue).max().orElse(K);
      for (boolean rescore : f.quantized() ? new boolean[] {false, true} : new boolean[] {false}) {
        search(searcher, ids, queries, maxCandidates, rescore, null); // warm-up: page cache and JIT
        for (int c : candidates) {
          double[] millis = new double[queries.length];
          int[][] found = search(searcher, ids, queries, c, rescore, millis);
          Percentiles.Summary lat = Percentiles.summarize(millis);
          out.add(new Point(n, f.label(), p.m(), p.beamWidth(), rescore, c, Recall.atK(truth, found, K), lat.mean(), lat.p50(),
              lat.p99()));
        }
      }
    }
    return out;
  }

  private static int[][] search(IndexSearcher searcher, int[] ids, float[][] queries, int candidates, boolean rescore,
      double[] millis) throws IOException {
    int[][] found = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      long t0 = System.nanoTime();
      Query knn = new KnnFloatVectorQuery(FIELD, queries[q], candidates);
      if (rescore) {
        knn = RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, queries[q], FIELD, candidates);
      }
      TopDocs top = searcher.search(knn, K);
      if (millis != null) {
        millis[q] = (System.nanoTime() - t0) / 1e6;
      }
      found[q] = new int[top.scoreDocs.length];
      for (int i = 0; i < top.scoreDocs.length; i++) {
        ScoreDoc sd = top.scoreDocs[i];
        found[q][i] = ids[sd.doc];
      }
    }
    return found;
  }

  private static int[] ids(DirectoryReader reader) throws IOException {
    int[] ids = new int[reader.maxDoc()];
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues values = leaf.reader().getNumericDocValues(ID);
      for (int doc = values.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
        ids[leaf.docBase + doc] = (int) values.longValue();
      }
    }
    return ids;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
