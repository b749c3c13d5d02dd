package dev.clir.cli;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.Pooling;
import picocli.CommandLine.Option;

/**
 * Which model to run and how: shared by every clir command that embeds text. What reading the model needs (prefixes,
 * pooling, which graph) is {@link ModelReading}, which {@code model info} takes alone.
 */
public final class ModelOptions extends ModelReading {
  @Option(names = {"-m", "--model"}, paramLabel = "DIR|HF-ID", order = -1,
      description = {"Model directory (tokenizer.json + model.onnx or onnx/model.onnx) or Hugging Face id. Default: the "
        + "model recorded in the index (or intent model), else intfloat/multilingual-e5-small."})
  public String model;

  int batchSize;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Texts per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
  void batchSize(int value) {
    batchSize = OptionChecks.atLeast(mixee, "--batch-size", value, 1, "");
  }

  @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "" + EmbedderOptions.DEFAULT_BATCH_TOKENS,
      description = {"Most padded tokens (texts x longest text) per ONNX Runtime call, so that long passages go in smaller",
          "batches and memory stays bounded (default: ${DEFAULT-VALUE})."})
  void batchTokens(int value) {
    batchTokens = OptionChecks.atLeast(mixee, "--batch-tokens", value, 1, "");
  }

  int batchTokens;

  int threads;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "ONNX Runtime intra-op threads; 0 = all cores (default: ${DEFAULT-VALUE}).")
  void threads(int value) {
    threads = OptionChecks.atLeast(mixee, "--threads", value, 0, "0 means all cores");
  }

  /** The model argument given, or {@code fallback} when none was. */
  public String modelOr(String fallback) {
    return model != null ? model : fallback;
  }

  public EmbedderOptions embedderOptions() {
    return EmbedderOptions.builder().batchSize(batchSize).batchTokens(batchTokens).intraOpThreads(threads).build();
  }

  /** Resolves {@code modelArg} (directory or Hugging Face id) and opens it with these options. */
  public OnnxEmbedder open(String modelArg) {
    return open(modelArg, embedderOptions());
  }

  static final class PoolingConverter implements picocli.CommandLine.ITypeConverter<Pooling> {
    @Override
    public Pooling convert(String value) {
      return Pooling.parse(value);
    }
  }
}
