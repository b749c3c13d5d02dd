package dev.clir.cli;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.IndexMetadata;
import dev.clir.index.RecordedModel;
import dev.clir.model.CachedModel;
import dev.clir.model.Fingerprint;
import dev.clir.model.KnownModels;
import dev.clir.model.ModelCache;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelSettings;
import dev.clir.model.ResolvedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code model} subcommands of both CLIs: what a model is, as the engine reads it. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect models.",
    subcommands = {ModelCommand.Info.class, ModelCommand.Pull.class, ModelCommand.ListCached.class})
public final class ModelCommand {

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = {"Show what the engine reads from a model: id, dimension, pooling, prefixes, max length, graph inputs "
        + "and outputs, fingerprint, and which file (or table, or default) each setting came from."})
  static final class Info implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|HF-ID", description = "Model directory or Hugging Face id (default: "
        + KnownModels.DEFAULT_MODEL_ID + ").")
    String model;

    @Mixin ModelReading options; // not ModelOptions: batch sizes and threads change nothing that info shows

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String arg = model != null ? model : KnownModels.DEFAULT_MODEL_ID;
      try (OnnxEmbedder e = options.open(arg, EmbedderOptions.DEFAULTS)) {
        ModelInfo i = e.info();
        ModelSettings s = e.settings();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("directory", i.directory().toString());
        out.put("onnxFile", i.onnxFile().toString());
        out.put("tokenizer", i.tokenizerFile().toString());
        out.put("dimension", i.dimension());
        out.put("maxSeqLength", i.maxSeqLength());
        out.put("pooling", i.pooling().label());
        out.put("normalize", i.normalize());
        out.put("queryPrefix", i.queryPrefix());
        out.put("passagePrefix", i.passagePrefix());
        out.put("graphInputs", e.graphInputs());
        out.put("graphOutput", e.graphOutput());
        out.put("fingerprint", i.fingerprint());
        out.put("sources", s.sources());
        s.prefixWarning().ifPresent(w -> out.put("prefixWarning", w));
        if (json) {
          System.out.println(Json.pretty(out));
        } else {
          out.put("fingerprint", Fingerprint.shortForm(i.fingerprint()) + "…  (" + i.fingerprint() + ")");
          KeyValueReport.print(out, System.out);
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "pull", mixinStandardHelpOptions = true,
      description = {"Download a model by Hugging Face id into clir's cache (only tokenizer, config files and one ONNX "
        + "graph), resumable and checksum-verified. Honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, https_proxy,"
        + " http_proxy, no_proxy (or their uppercase forms) and CLIR_DOWNLOAD_STALL_TIMEOUT (seconds without "
        + "data before a transfer is resumed; 60)."})
  static final class Pull implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "HF-ID[@REV]", description = "Model id (default: " + KnownModels.DEFAULT_MODEL_ID + ").")
    String model;

    @Option(names = "--quantized", description = "Download the int8 graph that fits this CPU (AVX-512 VNNI, AVX-512, AVX2 or "
        + "ARM64 exports, else onnx/model_quantized.onnx), chosen from the repository's file list, instead of onnx/model.onnx; "
        + "when the repository has none, the error lists the graphs it has.")
    boolean quantized;

    @Option(names = "--onnx-file", paramLabel = "FILE", description = "Download this ONNX graph, by its path in the repository "
        + "(e.g. onnx/model_qint8_avx512_vnni.onnx).")
    Path onnxFile;

    @Override
    public Integer call() {
      // only what downloading needs: embedding options (--pooling, --batch-size, ...) mean nothing here
      ModelReading options = new ModelReading();
      options.quantized = quantized;
      options.onnxFile = onnxFile;
      ResolvedModel m = options.resolver().pull(model != null ? model : KnownModels.DEFAULT_MODEL_ID);
      System.out.println(m.id() + "@" + m.revision() + " -> " + m.directory());
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the models on this machine, with size, fingerprint and where each was found: the Hugging Face "
          + "cache, clir's cache, CLIR_MODEL_DIR, and with --index the folder each index records as its model.")
  static final class ListCached implements Callable<Integer> {
    @Option(names = "--index", paramLabel = "DIR", description = "Also the model this index was built with (repeatable).")
    List<Path> indexes = List.of();

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      ModelCache cache = ModelCache.fromEnvironment();
      // the indexes first: a wrong --index fails before the caches are read
      List<Map.Entry<CachedModel, String>> found = new ArrayList<>();
      for (Path index : indexes) {
        RecordedModel recorded = RecordedModel.read(index);
        String where = "index " + index;
        Optional<CachedModel> folder = recorded.directory().flatMap(d -> ModelCache.folder(d, CachedModel.Location.INDEX));
        if (folder.isEmpty()) {
          // the recorded folder has moved or was never recorded: the index still says which model it needs
          IndexMetadata m = recorded.metadata();
          String missing = recorded.directory().map(d -> d + " (gone)").orElse("(no folder recorded)");
          found.add(Map.entry(new CachedModel(m.modelId(), "-", null, Path.of(missing), 0, m.modelFingerprint(),
              CachedModel.Location.INDEX), where));
        } else {
          found.add(Map.entry(folder.get(), where));
        }
      }
      for (CachedModel m : cache.list()) {
        found.add(Map.entry(m, where(m)));
      }
      if (json) {
        System.out.println(Json.pretty(found.stream().map(e -> {
          CachedModel m = e.getKey();
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("id", m.id());
          o.put("revision", m.revision());
          o.put("directory", m.directory().toString());
          o.put("sizeBytes", m.sizeBytes());
          o.put("fingerprint", m.fingerprint());
          o.put("location", m.location().name());
          o.put("foundIn", e.getValue());
          return o;
        }).toList()));
        return ExitCodes.OK;
      }
      if (found.isEmpty()) {
        System.out.println("no models in " + cache.locations().hfHubCache() + " or " + cache.locations().clirModels()
            + cache.modelDir().map(d -> " or " + d + " (CLIR_MODEL_DIR)").orElse(" (CLIR_MODEL_DIR is not set)"));
      }
      for (Map.Entry<CachedModel, String> e : found) {
        CachedModel m = e.getKey();
        System.out.printf(Locale.ROOT, "%-45s %-10s %8.1f MiB  %s  %-14s %s%n", m.id(), m.revision(), m.sizeBytes() / 1048576.0,
            Fingerprint.shortForm(m.fingerprint()), e.getValue(), m.directory());
      }
      return ExitCodes.OK;
    }

    private static String where(CachedModel m) {
      return switch (m.location()) {
        case HF_CACHE -> "hf-cache";
        case CLIR_CACHE -> "clir-cache";
        case CLIR_MODEL_DIR -> "CLIR_MODEL_DIR";
        case INDEX -> "index";
      };
    }
  }
}
