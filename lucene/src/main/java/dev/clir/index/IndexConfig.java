package dev.clir.index;

import dev.clir.chunk.ChunkingConfig;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How to open or create a clir index. Immutable; build with {@link #builder(Path)}.
 *
 * <p>Chunking, vector format, HNSW parameters and similarity shape what is already stored, so they apply when an
 * index is created; an existing index keeps the ones it recorded (see {@link IndexMetadata}) and ignores these.
 *
 * @param path the index directory
 * @param openMode create, append, or create-if-missing (the default)
 * @param chunking how documents are cut into passages
 * @param vectorFormat how vectors are stored
 * @param hnsw HNSW construction parameters
 * @param similarity vector similarity; {@code null} picks dot product for normalised models, cosine otherwise
 * @param allowModelMismatch expert override of the model check (see {@link IndexMetadata#verifyCompatible})
 * @param ramBufferMb Lucene's indexing RAM buffer
 * @param embedBatchSize passages handed to the embedder per call when adding many documents
 */
public record IndexConfig(
    Path path,
    OpenMode openMode,
    ChunkingConfig chunking,
    VectorFormat vectorFormat,
    HnswParams hnsw,
    VectorSimilarityFunction similarity,
    boolean allowModelMismatch,
    double ramBufferMb,
    int embedBatchSize) {

  public IndexConfig {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(openMode, "openMode");
    Objects.requireNonNull(chunking, "chunking");
    Objects.requireNonNull(vectorFormat, "vectorFormat");
    Objects.requireNonNull(hnsw, "hnsw");
    if (!(ramBufferMb > 0)) {
      throw new IllegalArgumentException("ramBufferMb must be > 0: " + ramBufferMb);
    }
    if (embedBatchSize < 1) {
      throw new IllegalArgumentException("embedBatchSize must be >= 1: " + embedBatchSize);
    }
  }

  public static Builder builder(Path path) {
    return new Builder(path);
  }

  public Builder toBuilder() {
    return new Builder(path).openMode(openMode).chunking(chunking).vectorFormat(vectorFormat).hnsw(hnsw)
        .similarity(similarity).allowModelMismatch(allowModelMismatch).ramBufferMb(ramBufferMb)
        .embedBatchSize(embedBatchSize);
  }

  /** Chained setters; {@link #build()} validates. */
  public static final class Builder {
    private final Path path;
    private OpenMode openMode = OpenMode.CREATE_OR_APPEND;
    private ChunkingConfig chunking = ChunkingConfig.DEFAULTS;
    private VectorFormat vectorFormat = VectorFormat.FLOAT32;
    private HnswParams hnsw = HnswParams.DEFAULTS;
    private VectorSimilarityFunction similarity;
    private boolean allowModelMismatch;
    private double ramBufferMb = 64;
    private int embedBatchSize = 256;

    private Builder(Path path) {
      this.path = path;
    }

    public Builder openMode(OpenMode value) {
      this.openMode = value;
      return this;
    }

    public Builder chunking(ChunkingConfig value) {
      this.chunking = value;
      return this;
    }

    public Builder vectorFormat(VectorFormat value) {
      this.vectorFormat = value;
      return this;
    }

    public Builder hnsw(HnswParams value) {
      this.hnsw = value;
      return this;
    }

    public Builder similarity(VectorSimilarityFunction value) {
      this.similarity = value;
      return this;
    }

    public Builder allowModelMismatch(boolean value) {
      this.allowModelMismatch = value;
      return this;
    }

    public Builder ramBufferMb(double value) {
      this.ramBufferMb = value;
      return this;
    }

    public Builder embedBatchSize(int value) {
      this.embedBatchSize = value;
      return this;
    }

    public IndexConfig build() {
      return new IndexConfig(path, openMode, chunking, vectorFormat, hnsw, similarity, allowModelMismatch,
          ramBufferMb, embedBatchSize);
    }
  }
}
