package dev.clir.bench.perf;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.Passage;
import dev.clir.chunk.PassageSplitter;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.model.Fingerprint;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;

/**
 * clir indexes of 10k, 100k, ... synthetic passages for the latency benchmarks. Embedding that many real passages
 * would take hours on 2 cores, so a few thousand distinct passages (each 1-2 paragraphs of different help articles,
 * recombined) are embedded for real with the model, and passage {@code i} of the index is base {@code i mod bases}
 * with its vector perturbed ({@link SyntheticVectors#perturb}, renormalised, deterministic in {@code i}). The index
 * has clir's real layout (documents with one passage each, written by {@link ClirIndexWriter#addEmbedded}), so
 * {@code ClirSearcher} and {@code clir-query} search it as they search any index of this model.
 *
 * <p>Base vectors and indexes are cached under a folder (by model fingerprint, corpus hash and parameters).
 */
final class LatencyIndexes {
  /**
   * @param size passages (= documents) in the index
   * @param bases distinct, really embedded passages
   * @param epsilon perturbation size (cosine to the base about {@code 1 / sqrt(1 + epsilon^2)})
   */
  record Spec(int size, int bases, double epsilon, long seed) {}

  private LatencyIndexes() {}

  /** The base documents: single-passage texts recombined from the corpus. */
  static List<SourceDocument> baseDocuments(OnnxEmbedder embedder, List<SourceDocument> corpus, int bases, long seed) {
    PassageSplitter splitter = new PassageSplitter(embedder.tokenizer(), ChunkingConfig.DEFAULTS);
    List<SourceDocument> out = new ArrayList<>(bases);
    int attempt = 0;
    while (out.size() < bases) {
      for (SourceDocument d : Texts.recombined(corpus, bases, 1, 2, 600, seed + attempt++)) {
        if (out.size() < bases && splitter.split(d.title(), d.text()).size() == 1) {
          out.add(SourceDocument.of(String.format("base-%05d", out.size()), d.title(), d.text()));
        }
      }
    }
    return out;
  }

  /** The base documents' passage vectors, embedded once and cached. */
  static float[][] baseVectors(OnnxEmbedder embedder, List<SourceDocument> baseDocs, Path cacheFile) {
    if (Files.isRegularFile(cacheFile)) {
      return read(cacheFile, baseDocs.size());
    }
    PassageSplitter splitter = new PassageSplitter(embedder.tokenizer(), ChunkingConfig.DEFAULTS);
    List<String> texts = new ArrayList<>();
    for (SourceDocument d : baseDocs) {
      texts.add(splitter.split(d.title(), d.text()).get(0).embeddingText());
    }
    long t0 = System.nanoTime();
    float[][] vectors = embedder.embedPassages(texts);
    Log.info("latency: embedded %d base passages in %.1f s", texts.size(), (System.nanoTime() - t0) / 1e9);
    write(cacheFile, vectors);
    return vectors;
  }

  /** The index for {@code spec}, built unless the cache has it. */
  static Path ensure(Path cacheDir, OnnxEmbedder embedder, Path corpusFile, Spec spec) {
    String key = Fingerprint.shortForm(embedder.info().fingerprint()).replaceAll("[^A-Za-z0-9]", "") + "-" + shortHash(corpusFile);
    Path index = cacheDir.resolve(String.format("index-%s-%d-%d-%s-%d", key, spec.size(), spec.bases(), spec.epsilon(), spec.seed()));
    if (Files.isRegularFile(index.resolve("clir-bench-complete"))) {
      return index;
    }
    List<SourceDocument> corpus = Texts.readJsonl(corpusFile);
    List<SourceDocument> bases = baseDocuments(embedder, corpus, spec.bases(), spec.seed());
    float[][] vectors = baseVectors(embedder, bases, cacheDir.resolve(String.format("bases-%s-%d-%d.f32", key, spec.bases(), spec.seed())));
    long t0 = System.nanoTime();
    try {
      HnswBench.deleteRecursively(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IndexConfig config = IndexConfig.builder(index).openMode(OpenMode.CREATE).ramBufferMb(1024).build();
    try (ClirIndexWriter writer = ClirIndexWriter.open(config, embedder)) {
      for (int i = 0; i < spec.size(); i++) {
        SourceDocument base = bases.get(i % bases.size());
        SourceDocument doc = SourceDocument.of(String.format("syn-%07d", i), base.title(), base.text());
        float[] v = SyntheticVectors.perturb(vectors[i % vectors.length], spec.epsilon(), SyntheticVectors.mix(spec.seed(), i));
        writer.addEmbedded(doc, new float[][] {v});
        if ((i + 1) % 20_000 == 0) {
          Log.info("latency: index %d: %d passages written", spec.size(), i + 1);
        }
      }
      writer.commit();
      writer.forceMerge(1);
      writer.commit();
    }
    try {
      Files.writeString(index.resolve("clir-bench-complete"), spec.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Log.info("latency: built the %d-passage index in %.1f s", spec.size(), (System.nanoTime() - t0) / 1e9);
    return index;
  }

  static String shortHash(Path file) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, float[][] vectors) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        out.writeInt(vectors.length);
        out.writeInt(vectors[0].length);
        for (float[] v : vectors) {
          for (float x : v) {
            out.writeFloat(x);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static float[][] read(Path file, int expected) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int n = in.readInt();
      int dim = in.readInt();
      if (n != expected) {
        throw new IllegalStateException(file + " holds " + n + " vectors, expected " + expected + ": delete it");
      }
      float[][] out = new float[n][dim];
      for (float[] v : out) {
        for (int d = 0; d < dim; d++) {
          v[d] = in.readFloat();
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
