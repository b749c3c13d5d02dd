package dev.clir.chunk;

/**
 * How documents are cut into passages. Immutable; build with {@link #builder()}. Recorded in the index so that
 * incremental runs cut new documents the same way as the old ones.
 *
 * @param maxTokens content tokens per passage (title included when carried); {@link #MODEL_BUDGET} (0) means the
 *     model's own {@code passageTokenBudget()}, which is also the upper limit
 * @param overlapTokens tokens a passage repeats from the end of the previous one, so that a sentence cut by a
 *     window still appears whole in one passage; must be smaller than the body window
 * @param includeTitle whether the title is put before every passage's text when it is embedded, so that passages
 *     deep in a document keep its topic
 */
public record ChunkingConfig(int maxTokens, int overlapTokens, boolean includeTitle) {
  /** {@link #maxTokens()} value that stands for the model's passage token budget. */
  public static final int MODEL_BUDGET = 0;

  public static final int DEFAULT_OVERLAP_TOKENS = 32;

  public static final ChunkingConfig DEFAULTS = new ChunkingConfig(MODEL_BUDGET, DEFAULT_OVERLAP_TOKENS, true);

  public ChunkingConfig {
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be >= 0 (0 = the model's budget): " + maxTokens);
    }
    if (overlapTokens < 0) {
      throw new IllegalArgumentException("overlapTokens must be >= 0: " + overlapTokens);
    }
    if (maxTokens != MODEL_BUDGET && overlapTokens >= maxTokens) {
      throw new IllegalArgumentException(
          "overlapTokens (" + overlapTokens + ") must be smaller than maxTokens (" + maxTokens + ")");
    }
  }

  /** The passage size for a model whose passage token budget is {@code modelBudget}. */
  public int effectiveMaxTokens(int modelBudget) {
    if (modelBudget < 1) {
      throw new IllegalArgumentException("model budget must be >= 1: " + modelBudget);
    }
    if (maxTokens == MODEL_BUDGET) {
      return modelBudget;
    }
    if (maxTokens > modelBudget) {
      throw new IllegalArgumentException("maxTokens " + maxTokens + " exceeds the model's passage budget of "
          + modelBudget + " tokens (the model would silently truncate); use at most " + modelBudget
          + " or 0 for the budget");
    }
    return maxTokens;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().maxTokens(maxTokens).overlapTokens(overlapTokens).includeTitle(includeTitle);
  }

  /** Chained setters; {@link #build()} validates. */
  public static final class Builder {
    private int maxTokens = DEFAULTS.maxTokens;
    private int overlapTokens = DEFAULTS.overlapTokens;
    private boolean includeTitle = DEFAULTS.includeTitle;

    public Builder maxTokens(int value) {
      this.maxTokens = value;
      return this;
    }

    public Builder overlapTokens(int value) {
      this.overlapTokens = value;
      return this;
    }

    public Builder includeTitle(boolean value) {
      this.includeTitle = value;
      return this;
    }

    public ChunkingConfig build() {
      return new ChunkingConfig(maxTokens, overlapTokens, includeTitle);
    }
  }
}
