package dev.clir.embed;

/**
 * How an {@link OnnxEmbedder} runs, independent of which model it runs. Immutable; build with
 * {@link #builder()}.
 *
 * @param batchSize texts per ONNX call; larger batches amortise call overhead, smaller ones pad less
 * @param intraOpThreads ONNX Runtime threads per call; 0 means all available cores
 * @param allowSpinning whether ONNX Runtime's idle threads busy-wait; off by default because spinning
 *     threads compete with the caller's own threads and make runs on small machines erratic
 * @param sortByLength whether the texts of one {@code embed} call are sorted by token length before they are cut
 *     into batches, so that each batch is padded only to texts of about its own length (on by default; off
 *     batches texts in input order, which pads short texts up to the longest of their batch: the naive arm of the
 *     padding benchmark)
 * @param batchTokens the most padded tokens (texts times the longest text's tokens) per ONNX call; a batch ends at
 *     {@code batchSize} texts or at this budget, whichever comes first, so that long passages go in smaller batches. The
 *     attention activations grow with texts x tokens^2 and ONNX Runtime's arena keeps the largest it has grown to:
 *     measured with the int8 test model in a bare program, 32 texts of 510 tokens peaked at 2.0 GB resident, 8 of them at
 *     0.65 GB. Indexing one 1.5 MB document (668 passages) with clir-index.jar peaked at 1.26 GB with 4096 and 1.03 GB
 *     (0.985 GiB) with 2048, the default (2-core machine at load 11-14)
 * @param graphCache whether ONNX Runtime's optimised graph is saved once in clir's cache and memory-mapped on later
 *     opens (on by default; see {@link SavedGraphs}); off, every open reads and optimises the model's own file
 */
public record EmbedderOptions(int batchSize, int intraOpThreads, boolean allowSpinning, boolean sortByLength, int batchTokens,
    boolean graphCache) {
  public static final int DEFAULT_BATCH_TOKENS = 2048;
  public static final EmbedderOptions DEFAULTS = new EmbedderOptions(32, 0, false, true, DEFAULT_BATCH_TOKENS, true);

  public EmbedderOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    if (batchTokens < 1) {
      throw new IllegalArgumentException("batchTokens must be >= 1: " + batchTokens);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = all cores): " + intraOpThreads);
    }
  }

  public int effectiveThreads() {
    return intraOpThreads == 0 ? Runtime.getRuntime().availableProcessors() : intraOpThreads;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().batchSize(batchSize).intraOpThreads(intraOpThreads).allowSpinning(allowSpinning)
        .sortByLength(sortByLength).batchTokens(batchTokens).graphCache(graphCache);
  }

  /** Chained setters; {@link #build()} validates. */
  public static final class Builder {
    private int batchSize = DEFAULTS.batchSize;
    private int intraOpThreads = DEFAULTS.intraOpThreads;
    private boolean allowSpinning = DEFAULTS.allowSpinning;
    private boolean sortByLength = DEFAULTS.sortByLength;
    private int batchTokens = DEFAULTS.batchTokens;
    private boolean graphCache = DEFAULTS.graphCache;

    public Builder graphCache(boolean value) {
      this.graphCache = value;
      return this;
    }

    public Builder batchTokens(int value) {
      this.batchTokens = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder intraOpThreads(int value) {
      this.intraOpThreads = value;
      return this;
    }

    public Builder allowSpinning(boolean value) {
      this.allowSpinning = value;
      return this;
    }

    public Builder sortByLength(boolean value) {
      this.sortByLength = value;
      return this;
    }

    public EmbedderOptions build() {
      return new EmbedderOptions(batchSize, intraOpThreads, allowSpinning, sortByLength, batchTokens, graphCache);
    }
  }
}
