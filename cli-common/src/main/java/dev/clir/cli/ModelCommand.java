package dev.clir.cli;

import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.Fingerprint;
import dev.clir.model.KnownModels;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model} subcommands of both CLIs: what a model is, as the engine reads it. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect models.",
    subcommands = {ModelCommand.Info.class})
public final class ModelCommand {

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = {"Show what the engine reads from a model: id, dimension, pooling, prefixes, max length, graph inputs and outputs,",
          "fingerprint, and which file (or table, or default) each setting came from."})
  static final class Info implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|HF-ID", description = "Model directory or Hugging Face id (default: "
        + KnownModels.DEFAULT_MODEL_ID + ").")
    String model;

    @Mixin ModelOptions options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      String arg = model != null ? model : options.modelOr(KnownModels.DEFAULT_MODEL_ID);
      try (OnnxEmbedder e = options.open(arg)) {
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
        if (json) {
          System.out.println(Json.pretty(out));
        } else {
          out.put("fingerprint", Fingerprint.shortForm(i.fingerprint()) + "…  (" + i.fingerprint() + ")");
          out.forEach((k, v) -> System.out.printf("%-14s %s%n", k, v instanceof String str ? "\"" + str + "\"" : v));
        }
      }
      return ExitCodes.OK;
    }
  }
}
