package dev.clir.cli.index;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.Json;
import dev.clir.cli.ModelOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.ClirIndexException;
import dev.clir.index.IndexChecker;
import dev.clir.model.ModelInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clir-index check}: verifies every file and clir's invariants of an index; exit 5 names what is damaged. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Verify an index: Lucene's CheckIndex (every file's checksum, every segment's structures) and",
        "clir's own checks (clir metadata in the commit, the recorded vector dimension and similarity in every",
        "segment, every document with its passages and each passage with its vector, each id once, and with --model",
        "the model fingerprint). Opening an index does not verify whole files: run this after a crash, a full disk or",
        "a copy from another machine, and before a backup. It takes the write lock: not while clir-index runs.",
        "Exit 5 names the damaged file; restore it from a backup or rebuild the index (clir-index --rebuild)."},
    footerHeading = "%nExamples:%n",
    footer = {"  clir-index check --index idx", "  clir-index check --index idx --model engine/target/test-model --json"})
final class CheckCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
  Path index;

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ModelInfo modelInfo = null;
    if (model.model != null) {
      try (OnnxEmbedder embedder = model.open(model.model)) {
        modelInfo = embedder.info();
      }
    }
    IndexChecker.Report report = IndexChecker.check(index, modelInfo);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index.toAbsolutePath().toString());
    out.put("clean", report.clean());
    out.put("documents", report.documents());
    out.put("passages", report.passages());
    out.put("segments", report.segments());
    out.put("model", report.metadata() == null ? null : report.metadata().modelId());
    out.put("modelChecked", modelInfo != null);
    out.put("damagedFiles", report.damagedFiles());
    out.put("problems", report.problems().stream().map(Object::toString).toList());
    if (json) {
      System.out.println(Json.pretty(out));
    }
    if (!report.clean()) {
      if ("1".equals(System.getenv("CLIR_DEBUG"))) {
        System.err.println(report.luceneLog());
      }
      List<String> files = report.damagedFiles();
      throw new ClirIndexException("index " + index + " is damaged" + (files.isEmpty() ? "" : " (" + String.join(", ", files) + ")")
          + ": " + String.join("; ", report.problems().stream().limit(5).map(Object::toString).toList())
          + (report.problems().size() > 5 ? "; and " + (report.problems().size() - 5) + " more" : "")
          + ". Restore the index from a backup, or rebuild it from the source documents (clir-index --rebuild).");
    }
    if (!json) {
      System.out.printf("index %s is sound: %d documents, %d passages, %d segments; every file's checksum verified%s%n",
          index, report.documents(), report.passages(), report.segments(),
          modelInfo == null ? "" : "; built with " + modelInfo.id() + " (fingerprint matches)");
    }
    return ExitCodes.OK;
  }
}
