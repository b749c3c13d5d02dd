package dev.clir.bench.reliability;

import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.corpus.SourceDocument;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.index.IndexOpener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

/**
 * Indexing on a failing disk, as a population of seeded runs: one job ({@link BulkIndexer} over a JSON Lines
 * file, commits every few documents) runs on a {@link FaultyDirectory}; it must either complete or stop with an
 * error that names the index and the I/O failure. Then, with the disk healed: the last commit is sound
 * ({@link IndexAudit}: Lucene's CheckIndex, clir's invariants, no id twice) and the same job completes with every
 * document exactly once.
 */
public final class StorageFaults {

  /** How the disk fails. */
  public enum Kind {
    RANDOM_IO("random I/O exceptions on any file operation"),
    DISK_FULL("disk full at a random size"),
    COMMIT("I/O exceptions while committing (segments_N, which holds clir's metadata)"),
    POWER_CUT("power cut at a random operation: unsynced files lost, cut short or garbled");

    public final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** How one run ended. */
  public enum Outcome {
    COMPLETED,
    FAILED_CLEARLY,
    UNEXPECTED
  }

  /**
   * One seeded run.
   *
   * @param error the error the job stopped with, {@code null} when it completed
   * @param faults faults injected
   * @param committedBefore documents in the last commit after the fault (before the resume)
   * @param afterFault the audit of the last commit after the fault, {@code null} when nothing was committed
   * @param afterResume the audit after the same job ran again on the healed disk
   * @param problem why the run counts as unexpected, {@code null} otherwise
   */
  public record Run(Kind kind, long seed, Outcome outcome, String error, long faults, long committedBefore,
      IndexAudit afterFault, IndexAudit afterResume, String problem) {}

  private final List<SourceDocument> docs;
  private final Path input;
  private final HashingEmbedder embedder = new HashingEmbedder();
  private final long fullSize;
  private final long fullOperations;

  /**
   * @param documents documents of the job
   * @param workDir where the job's input file is written
   */
  public StorageFaults(long corpusSeed, int documents, Path workDir) {
    this.docs = Corpus.documents(corpusSeed, documents);
    this.input = Corpus.writeJsonLines(docs, workDir.resolve("storage-faults.jsonl"));
    try {
      FaultyDirectory calibration = new FaultyDirectory(new ByteBuffersDirectory(), new Random(0));
      job(calibration, Path.of("calibration"), 10);
      this.fullSize = calibration.bytesUsed();
      this.fullOperations = calibration.operations();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int documents() {
    return docs.size();
  }

  private void job(Directory dir, Path name, int commitEvery) {
    IndexConfig config = IndexConfig.builder(name).ramBufferMb(1).embedBatchSize(32).build();
    try (ClirIndexWriter writer = ClirIndexWriter.open(config, dir, embedder);
        var source = DocumentSources.open(input, FieldMapping.DEFAULT, null)) {
      new BulkIndexer(writer, new BulkIndexer.Options(commitEvery, 16, BulkIndexer.OnError.FAIL), null).run(source);
    }
  }

  /** One run of {@code kind} made from {@code seed}. */
  public Run run(Kind kind, long seed) {
    Random random = new Random(seed);
    Path name = Path.of("faults-" + kind.name().toLowerCase() + "-" + seed);
    int commitEvery = 5 + random.nextInt(40);
    try {
      ByteBuffersDirectory disk = new ByteBuffersDirectory();
      FaultyDirectory faulty = new FaultyDirectory(disk, new Random(random.nextLong()));
      switch (kind) {
        case RANDOM_IO -> faulty.randomIOExceptionRate(0.0002 + random.nextDouble() * 0.004);
        case DISK_FULL -> faulty.maxSizeInBytes((long) (fullSize * (0.02 + random.nextDouble() * 0.9)));
        case COMMIT -> {
          long fromCommit = 1 + random.nextInt(4); // 1: the commit that creates the index
          faulty.faultyFiles(f -> commitGeneration(f) >= fromCommit).randomIOExceptionRate(0.05 + random.nextDouble() * 0.3);
        }
        case POWER_CUT -> faulty.crashAfterOperations(1 + (long) (random.nextDouble() * fullOperations),
            new Random(random.nextLong()));
      }
      Outcome outcome = Outcome.COMPLETED;
      String error = null;
      String problem = null;
      try {
        job(faulty, name, commitEvery);
      } catch (RuntimeException e) {
        error = String.valueOf(e.getMessage());
        problem = unclear(e, name);
        outcome = problem == null ? Outcome.FAILED_CLEARLY : Outcome.UNEXPECTED;
      }
      faulty.heal();
      Directory after = kind == Kind.POWER_CUT && faulty.crashImage() != null ? faulty.crashImage() : disk;
      IndexAudit afterFault = null;
      long committed = 0;
      if (IndexOpener.exists(after)) {
        afterFault = IndexAudit.of(after, docs);
        committed = afterFault.documents();
        if (!afterFault.consistent() && problem == null) {
          problem = "the last commit after the fault is not sound: " + afterFault;
        }
      }
      IndexAudit afterResume = null;
      try {
        job(after, name, commitEvery);
        afterResume = IndexAudit.of(after, docs);
        if (!afterResume.complete() && problem == null) {
          problem = "after the resume: " + afterResume;
        }
      } catch (RuntimeException e) {
        if (problem == null) {
          problem = "the resume failed: " + e;
        }
      }
      if (problem != null) {
        outcome = Outcome.UNEXPECTED;
      }
      return new Run(kind, seed, outcome, error, faulty.faultsInjected(), committed, afterFault, afterResume, problem);
    } catch (IOException | RuntimeException e) {
      return new Run(kind, seed, Outcome.UNEXPECTED, String.valueOf(e), 0, 0, null, null, "the harness failed: " + e);
    }
  }

  /** The commit a file belongs to ({@code segments_N}, {@code pending_segments_N}), else -1. */
  private static long commitGeneration(String file) {
    if (file.equals("segments")) {
      return Long.MAX_VALUE; // the directory sync that ends every commit
    }
    int at = file.startsWith("segments_") || file.startsWith("pending_segments_") ? file.lastIndexOf('_') : -1;
    return at < 0 ? -1 : Long.parseLong(file.substring(at + 1), Character.MAX_RADIX);
  }

  /**
   * Why an error would not help a user, or {@code null} when it does: it must name the index and carry the I/O
   * failure's own message.
   */
  private static String unclear(RuntimeException e, Path index) {
    String message = e.getMessage();
    if (message == null || !message.contains(index.toString())) {
      return "the error does not name the index: " + e;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof FaultyDirectory.InjectedFault fault) {
        return message.contains(fault.getMessage()) ? null : "the error hides the I/O failure (" + fault.getMessage()
            + "): " + message;
      }
    }
    return "the error is not the I/O failure: " + e;
  }

  /** Runs {@code runsPerKind} seeded runs of every kind. */
  public List<Run> runAll(long seed, int runsPerKind) {
    return SeededRuns.of(Kind.values(), seed, runsPerKind, this::run);
  }
}
