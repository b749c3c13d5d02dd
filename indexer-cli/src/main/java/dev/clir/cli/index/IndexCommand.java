package dev.clir.cli.index;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.cli.Cli;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.OptionChecks;
import dev.clir.cli.Json;
import dev.clir.cli.ModelCommand;
import dev.clir.cli.ModelOptions;
import dev.clir.cli.Progress;
import dev.clir.cli.RequiredWhenRun;
import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.corpus.Format;
import dev.clir.embed.MeteredEmbedder;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.BulkIndexer;
import dev.clir.index.BulkIndexer.Summary;
import dev.clir.index.ClirIndexException;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.HnswParams;
import dev.clir.index.IndexConfig;
import dev.clir.index.IndexMetadata;
import dev.clir.index.RecordedModel;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.index.VectorFormat;
import dev.clir.model.KnownModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clir-index}: bulk-index English documents for cross-lingual search. */
@Command(
    name = "clir-index",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"Index English documents so that questions in any language find them.",
        "",
        "Each document is cut into passages that fit the model, embedded, and stored with its metadata. Runs "
            + "are incremental: unchanged documents (same content hash) are skipped, changed ones replaced "
            + "atomically. A commit follows every --commit-every documents, so an interrupted run resumes where it "
            + "stopped when run again."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  clir-index --index idx --input testdata/kb.jsonl \\",
        "      --model engine/target/test-model",
        "  clir-index --index idx --input docs/ --vector-format int8 --on-error skip",
        "  cat more.jsonl | clir-index --index idx --input -",
        "  clir-index --index idx --delete kb-a001,kb-a002",
        "  clir-index info --index idx"},
    subcommands = {InfoCommand.class, CheckCommand.class, IntentsCommand.class, ModelCommand.class, CommandLine.HelpCommand.class})
public final class IndexCommand implements Callable<Integer>, RequiredWhenRun {
  @Spec CommandSpec spec;

  @Override
  public List<String> requiredWhenRun() {
    return List.of("--index"); // not `required`: the model subcommands need no index
  }

  // no -i: it would read as --input as much as --index
  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (created if missing).")
  Path index;

  @Option(names = "--input", paramLabel = "PATH",
      description = {"Documents: a .jsonl file, a .csv/.tsv file with a header row, a directory of .txt/.md/.html files, "
        + "or - for JSON Lines on standard input."})
  String input;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Input format when the path does not tell: jsonl, csv, tsv, dir.")
  String format;

  @Option(names = "--fields", paramLabel = "MAPPING",
      description = "Field names in the input, e.g. id=doc_id,text=body,title=headline (defaults: id,title,text,url,lang,meta).")
  String fields;

  @Mixin ModelOptions model;

  @Option(names = "--chunk-tokens", paramLabel = "N", defaultValue = "0",
      description = "Passage size in model tokens; 0 = as much as the model takes (default: ${DEFAULT-VALUE}).")
  int chunkTokens;

  @Option(names = "--chunk-overlap", paramLabel = "N", defaultValue = "32",
      description = "Tokens shared by consecutive passages of a long document (default: ${DEFAULT-VALUE}).")
  int chunkOverlap;

  @Option(names = "--no-title-in-passages", description = "Do not repeat the title at the start of every passage.")
  boolean noTitle;

  @Option(names = "--vector-format", paramLabel = "FORMAT", defaultValue = "float32", completionCandidates = VectorFormats.class,
      description = "Vector storage: ${COMPLETION-CANDIDATES} (quantized formats are rescored at search time; default: ${DEFAULT-VALUE}). "
          + "Fixed when the index is created.")
  VectorFormat vectorFormat;

  @Option(names = "--hnsw-m", paramLabel = "N", description = "HNSW neighbours per node (default: Lucene's, 16).")
  Integer hnswM;

  @Option(names = "--hnsw-beam-width", paramLabel = "N", description = "HNSW beam width while building (default: Lucene's, 100).")
  Integer hnswBeam;

  @Option(names = "--commit-every", paramLabel = "N", defaultValue = "1000",
      description = "Commit after this many documents; a killed run loses at most this much work (default: ${DEFAULT-VALUE}).")
  int commitEvery;

  @Option(names = "--on-error", paramLabel = "POLICY", defaultValue = "fail", completionCandidates = OnErrorPolicies.class,
      description = "fail: stop at the first bad record, keeping only what was committed before it; skip: count, list and skip "
          + "bad records (default: ${DEFAULT-VALUE}).")
  BulkIndexer.OnError onError;

  @Option(names = "--delete", paramLabel = "ID", split = ",", description = "Delete these document ids (comma-separated or repeated).")
  List<String> delete = List.of();

  @Option(names = "--rebuild", description = "Start the index over: everything in it is replaced by this run.")
  boolean rebuild;

  @Option(names = "--fusion-settings", paramLabel = "FILE",
      description = {"How hybrid and auto search fuse the vector and BM25 rankings on this index: a settings file "
          + "written by clir-bench learn-fusion or clir-bench quality, recorded in the index and used by clir-query "
          + "(unless its --fusion-settings says otherwise). Default: the settings clir ships for the model, recorded "
          + "when the index is created; an existing index keeps what it records."})
  Path fusionSettings;

  @Option(names = "--allow-model-mismatch", description = "Expert: write to an index built with another model (its vectors will not be comparable).")
  boolean allowModelMismatch;

  @Option(names = {"-q", "--quiet"}, description = "No progress and no warnings; only errors and the summary.")
  boolean quiet;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (input == null && delete.isEmpty()) {
      throw usage("Nothing to do: give --input PATH (documents to index) and/or --delete IDS");
    }
    Format inputFormat = format == null ? null : parse("--format", format, Format::parse);
    FieldMapping mapping = fields == null ? FieldMapping.DEFAULT : parse("--fields", fields, FieldMapping::parse);

    IndexConfig indexConfig = checkedConfig(vectorFormat);
    // Read before anything is opened: a malformed file is an input error that leaves no index behind.
    FusionSettings givenFusion = fusionSettings == null ? null : FusionSettings.read(fusionSettings);
    // The index before the model: what it records decides which model to load, and the layout asked for must be its own.
    Optional<RecordedModel> existing = existingIndex();
    if (existing.isEmpty() && input == null) {
      throw new ClirIndexException("no index at " + index + ": nothing to delete from (build one with clir-index --index "
          + index + " --input FILE)");
    }
    existing.ifPresent(r -> checkLayout(r.metadata()));
    long total = countRecords(input);
    // The input is opened (and a CSV header checked) before the model and the index, so that a wrong path fails
    // at once and leaves no empty index behind.
    try (DocumentSource source = input == null ? null : DocumentSources.open(input, mapping, inputFormat);
        OnnxEmbedder embedder = model.open(existing.map(r -> r.modelArgument(model.model))
            .orElseGet(() -> model.modelOr(KnownModels.DEFAULT_MODEL_ID)));
        MeteredEmbedder meter = new MeteredEmbedder(embedder);
        ClirIndexWriter writer = openWriter(indexConfig, meter);
        Progress progress = Progress.create("Indexing", "docs", total, quiet)) {
      Map<String, String> commitData = new HashMap<>(RecordedModel.commitData(embedder.info().directory()));
      if (givenFusion != null) {
        commitData.putAll(givenFusion.commitData());
      } else if (!writer.commitData().containsKey(FusionSettings.COMMIT_KEY)) {
        commitData.putAll(FusionSettings.forModel(embedder.info().id()).commitData());
      }
      BulkIndexer bulk = new BulkIndexer(writer, new BulkIndexer.Options(commitEvery, 64, onError), listener(progress))
          .commitData(commitData);
      bulk.delete(delete);
      Summary summary;
      if (source != null) {
        summary = bulk.run(source);
        if (summary.read() == 0 && !quiet) {
          System.err.println("warning: " + input + " holds no documents (JSON Lines records, CSV rows, or .txt/.md/.html files)");
        }
      } else {
        bulk.commit();
        summary = bulk.summary();
      }
      progress.close();
      print(summary, writer);
      return ExitCodes.OK;
    }
  }

  /**
   * What the index at --index records, or empty when there is none yet. The model is --model, else the recorded one
   * (also with --rebuild, as --model's help says), else the default; only a --rebuild of a directory whose commit
   * cannot be read starts from the default.
   */
  private Optional<RecordedModel> existingIndex() {
    if (!rebuild || !Files.isDirectory(index)) {
      return RecordedModel.readIfPresent(index);
    }
    try {
      return RecordedModel.readIfPresent(index);
    } catch (ClirIndexException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /**
   * An index's layout (vector format, HNSW graph, chunking) is fixed when it is created: asking an existing index for
   * another one is refused with the stored value, instead of being silently ignored. --rebuild creates it anew.
   */
  private void checkLayout(IndexMetadata stored) {
    if (rebuild) {
      return;
    }
    List<String> changes = new ArrayList<>();
    differs(changes, "--vector-format", vectorFormat.label(), stored.vectorFormat().label());
    differs(changes, "--hnsw-m", hnswM, stored.hnsw().m());
    differs(changes, "--hnsw-beam-width", hnswBeam, stored.hnsw().beamWidth());
    differs(changes, "--chunk-tokens", chunkTokens, stored.chunking().maxTokens());
    differs(changes, "--chunk-overlap", chunkOverlap, stored.chunking().overlapTokens());
    if (noTitle && stored.chunking().includeTitle()) {
      changes.add("--no-title-in-passages (the index puts titles in its passages)");
    }
    if (!changes.isEmpty()) {
      throw usage("index " + index + " was created with another layout: " + String.join("; ", changes)
          + ". The layout is fixed when an index is created: drop " + (changes.size() == 1 ? "the option" : "these options")
          + ", or add --rebuild to index everything anew with it.");
    }
  }

  private void differs(List<String> changes, String option, Object asked, Object stored) {
    if (asked != null && spec.commandLine().getParseResult().hasMatchedOption(option) && !asked.equals(stored)) {
      changes.add(option + " " + asked + " (the index has " + stored + ")");
    }
  }

  private <T> T parse(String option, String value, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
    }
  }

  /** The index settings of the command line, checked before anything is loaded: bad values are usage errors. */
  private IndexConfig checkedConfig(VectorFormat vf) {
    if (commitEvery < 1) {
      throw usage("--commit-every must be at least 1, not " + commitEvery);
    }
    if (chunkTokens < 0 || chunkOverlap < 0) {
      throw usage("--chunk-tokens and --chunk-overlap must not be negative");
    }
    if (chunkTokens > 0 && chunkOverlap >= chunkTokens) {
      throw usage("--chunk-overlap (" + chunkOverlap + ") must be smaller than --chunk-tokens (" + chunkTokens + ")");
    }
    try {
      return config(vf);
    } catch (IllegalArgumentException e) {
      throw usage("Invalid option value: " + e.getMessage());
    }
  }

  /** Opens the index; chunking that does not fit the model (known only now) is a usage error too. */
  private ClirIndexWriter openWriter(IndexConfig config, MeteredEmbedder meter) {
    try {
      return ClirIndexWriter.open(config, meter);
    } catch (IllegalArgumentException e) {
      throw usage("The chunking options do not fit model " + meter.info().id() + ": " + e.getMessage()
          + " (set --chunk-tokens and --chunk-overlap to fit)");
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return OptionChecks.usage(spec, message);
  }

  private IndexConfig config(VectorFormat vf) {
    HnswParams hnsw = new HnswParams(hnswM != null ? hnswM : HnswParams.DEFAULTS.m(), hnswBeam != null ? hnswBeam : HnswParams.DEFAULTS.beamWidth());
    return IndexConfig.builder(index)
        .openMode(rebuild ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND)
        .chunking(ChunkingConfig.builder().maxTokens(chunkTokens).overlapTokens(chunkOverlap).includeTitle(!noTitle).build())
        .vectorFormat(vf)
        .hnsw(hnsw)
        .allowModelMismatch(allowModelMismatch)
        .embedBatchSize(Math.max(model.embedderOptions().batchSize(), 64))
        .build();
  }

  private BulkIndexer.Listener listener(Progress progress) {
    return new BulkIndexer.Listener() {
      @Override
      public void progress(Summary s) {
        // short, so that the bar keeps its room (the summary gives tokens/s)
        progress.update(s.read(), s.passagesEmbedded() + " passages");
      }

      @Override
      public void warning(String message) {
        if (!quiet) {
          System.err.println("warning: " + message);
        }
      }
    };
  }

  private void print(Summary s, ClirIndexWriter writer) {
    writer.refresh();
    var stats = writer.stats();
    if (json) {
      Map<String, Object> out = new java.util.LinkedHashMap<>(s.toMap());
      out.put("index", index.toAbsolutePath().toString());
      out.put("documentsInIndex", stats.documents());
      out.put("passagesInIndex", stats.passages());
      System.out.println(Json.pretty(out));
      return;
    }
    System.out.printf(Locale.ROOT, "added %d, updated %d, unchanged %d, deleted %d, failed %d, empty %d, duplicate ids %d%n",
        s.added(), s.updated(), s.unchanged(), s.deleted(), s.failed(), s.empty(), s.duplicates());
    String commits = s.commits() + (s.commits() == 1 ? " commit" : " commits");
    if (s.passagesEmbedded() == 0) {
      // a rate over documents that were only compared with their hash would be a meaningless figure
      System.out.printf(Locale.ROOT, "nothing to embed (%.1f s); %s%n", s.elapsedNanos() / 1e9, commits);
    } else {
      System.out.printf(Locale.ROOT, "embedded %d passages (%d tokens) in %.1f s: %.1f docs/s, %.0f tokens/s; %s%n",
          s.passagesEmbedded(), s.tokens(), s.elapsedNanos() / 1e9, s.docsPerSecond(), s.tokensPerSecond(), commits);
    }
    System.out.printf(Locale.ROOT, "index %s: %d documents, %d passages%n", index, stats.documents(), stats.passages());
    if (!s.failures().isEmpty()) {
      System.out.println("skipped records:");
      s.failures().forEach(f -> System.out.println("  " + f));
    }
  }

  /** Lines in a JSON Lines file, for the progress bar's total; -1 when unknown (stdin, directories, CSV). */
  private static long countRecords(String input) {
    if (input == null || input.equals("-")) {
      return -1;
    }
    Path p = Path.of(input);
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    if (!Files.isRegularFile(p) || !(name.endsWith(".jsonl") || name.endsWith(".ndjson"))) {
      return -1;
    }
    try (var lines = Files.lines(p)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return -1; // the reader will report the real problem with file and line
    }
  }

  /** --vector-format's values as typed. */
  static final class VectorFormats extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    VectorFormats() {
      super(Arrays.stream(VectorFormat.values()).map(VectorFormat::label).toList());
    }
  }

  /** --on-error's values as typed. */
  static final class OnErrorPolicies extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    OnErrorPolicies() {
      super(Arrays.stream(BulkIndexer.OnError.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  public static void main(String[] args) {
    System.exit(Cli.create(new IndexCommand()).execute(args));
  }
}
