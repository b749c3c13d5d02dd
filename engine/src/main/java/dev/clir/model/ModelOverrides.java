package dev.clir.model;

import java.nio.file.Path;

/**
 * Settings a user states explicitly; each non-null value wins over the model's files and the known-model
 * table. Immutable; build with {@link #builder()}.
 */
public record ModelOverrides(
    String id, Path onnxFile, String queryPrefix, String passagePrefix, Pooling pooling, Boolean normalize, Integer maxSeqLength) {

  public static final ModelOverrides NONE = new ModelOverrides(null, null, null, null, null, null, null);

  public ModelOverrides {
    if (maxSeqLength != null && maxSeqLength < 3) {
      throw new IllegalArgumentException("maxSeqLength must be at least 3 (two special tokens and one token): " + maxSeqLength);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Chained setters; {@link #build()} validates. */
  public static final class Builder {
    private String id;
    private Path onnxFile;
    private String queryPrefix;
    private String passagePrefix;
    private Pooling pooling;
    private Boolean normalize;
    private Integer maxSeqLength;

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder onnxFile(Path value) {
      this.onnxFile = value;
      return this;
    }

    public Builder queryPrefix(String value) {
      this.queryPrefix = value;
      return this;
    }

    public Builder passagePrefix(String value) {
      this.passagePrefix = value;
      return this;
    }

    public Builder pooling(Pooling value) {
      this.pooling = value;
      return this;
    }

    public Builder normalize(Boolean value) {
      this.normalize = value;
      return this;
    }

    public Builder maxSeqLength(Integer value) {
      this.maxSeqLength = value;
      return this;
    }

    public ModelOverrides build() {
      return new ModelOverrides(id, onnxFile, queryPrefix, passagePrefix, pooling, normalize, maxSeqLength);
    }
  }
}
