package dev.clir.cli;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.hub.ProgressBarDownloadListener;
import dev.clir.model.DownloadListener;
import dev.clir.model.KnownModels;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelResolver;
import dev.clir.model.Pooling;
import dev.clir.model.ResolvedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a model is read (which graph, prefixes, pooling, length): the options that change what a model is, without
 * those that only change how fast it runs ({@link ModelOptions}). {@code model info} takes these alone.
 */
public class ModelReading {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--model-id", paramLabel = "ID",
      description = "Treat the directory as this model id (chooses prefixes and pooling from clir's known-model table).")
  String modelId;

  @Option(names = "--onnx-file", paramLabel = "FILE", description = "ONNX graph to run, by its path in the model directory or repository (e.g. onnx/model_O4.onnx); with a Hugging Face id only that graph is downloaded.")
  Path onnxFile;

  @Option(names = "--query-prefix", paramLabel = "TEXT", description = "Text put before every query (e5: \"query: \").")
  String queryPrefix;

  @Option(names = "--passage-prefix", paramLabel = "TEXT", description = "Text put before every passage (e5: \"passage: \").")
  String passagePrefix;

  @Option(names = "--pooling", paramLabel = "MODE", converter = ModelOptions.PoolingConverter.class, description = "Pooling: mean, cls, max or none.")
  Pooling pooling;

  Integer maxLength;

  @Option(names = "--max-length", paramLabel = "N", description = "Maximum tokens per text, special tokens included.")
  void maxLength(int value) {
    maxLength = OptionChecks.atLeast(mixee, "--max-length", value, 3, "room for the special tokens and some text");
  }

  @Option(names = "--quantized", description = {"Use an int8 graph: the one the repository (or folder) offers for this CPU, among onnx/model_qint8_avx512_vnni.onnx,",
          "model_qint8_avx512, model_quint8_avx2, model_qint8_arm64 and model_quantized; --onnx-file picks another."})
  boolean quantized;

  public ModelOverrides overrides() {
    return ModelOverrides.builder().id(modelId).onnxFile(onnxFile).queryPrefix(queryPrefix).passagePrefix(passagePrefix)
        .pooling(pooling).maxSeqLength(maxLength).build();
  }

  /** Finds models: a directory, CLIR_MODEL_DIR, the Hugging Face cache, clir's cache, else a download with progress. */
  public ModelResolver resolver() {
    return ModelResolver.builder()
        .listener(Progress.onTerminal() ? ProgressBarDownloadListener.onStandardError() : DownloadListener.SILENT)
        .quantized(quantized)
        .onnxFile(onnxFile == null ? null : onnxFile.toString())
        .build();
  }

  /** Resolves {@code modelArg} (directory or Hugging Face id) and opens it as these options say. */
  OnnxEmbedder open(String modelArg, EmbedderOptions embedderOptions) {
    if (Files.isRegularFile(Path.of(modelArg))) {
      throw new ModelLoadException(modelArg + " is a file: --model takes a model directory (tokenizer.json and an ONNX graph)"
          + " or a Hugging Face id such as " + KnownModels.DEFAULT_MODEL_ID);
    }
    ResolvedModel m = resolver().locate(modelArg);
    OnnxEmbedder embedder = OnnxEmbedder.open(m.directory(), m.overrides(overrides()), embedderOptions);
    embedder.settings().prefixWarning().ifPresent(w -> System.err.println("warning: " + w));
    return embedder;
  }
}
