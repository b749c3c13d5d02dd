package dev.clir.bench.reliability;

import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexException;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexChecker;
import dev.clir.index.IndexConfig;
import dev.clir.index.IndexInfo;
import dev.clir.index.IndexLockedException;
import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Damaged index files, as a population of seeded runs: a copy of a small clir index gets one file damaged (bytes
 * flipped, cut short, emptied, deleted, or replaced by the same-named file of another index), then is opened the
 * ways users open it (clir-index info, clir-query's searcher and a vector and a hybrid question, clir-index's
 * writer) and checked with {@link IndexChecker} ({@code clir-index check}).
 *
 * <p>Expected: opening either works (Lucene verifies whole-file checksums only in merges and CheckIndex, so some
 * damage is invisible until then) or is refused with a {@link ClirIndexException} (exit 5) whose message names the
 * damaged file; and the check always finds the damage and names the file. Anything else is unexpected.
 */
public final class Corruption {

  /** What is done to the file. */
  public enum Damage {
    FLIP("1 to 4 bytes flipped"),
    TRUNCATE("cut short"),
    EMPTY("emptied"),
    DELETE("deleted"),
    FOREIGN("replaced by the same-named file of another index");

    public final String description;

    Damage(String description) {
      this.description = description;
    }
  }

  /**
   * One seeded run.
   *
   * @param file the damaged file
   * @param refusedOnOpen how many of the three ways to open it refused it with a clear error
   * @param checkFound whether {@code clir-index check} found it and named the file
   * @param problem why the run is unexpected, {@code null} when it is not
   */
  public record Run(Damage damage, long seed, String file, int refusedOnOpen, boolean checkFound, String checkMessage,
      String problem) {}

  private final Path work;
  private final Path pristine;
  private final Path other;
  private final HashingEmbedder embedder = new HashingEmbedder();

  public Corruption(long corpusSeed, Path workDir) {
    this.work = workDir;
    this.pristine = build(corpusSeed, workDir.resolve("pristine"));
    this.other = build(corpusSeed + 1, workDir.resolve("other"));
  }

  private Path build(long seed, Path index) {
    Path input = Corpus.writeJsonLines(Corpus.documents(seed, 60), work.resolve("corruption-" + seed + ".jsonl"));
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(index).build(), embedder);
        var source = DocumentSources.open(input, FieldMapping.DEFAULT, null)) {
      new BulkIndexer(writer, new BulkIndexer.Options(20, 16, BulkIndexer.OnError.FAIL), null).run(source);
    }
    return index;
  }

  /** One run made from {@code seed}. */
  public Run run(Damage damage, long seed) {
    Random random = new Random(seed);
    Path index = work.resolve("damaged-" + damage.name().toLowerCase() + "-" + Long.toHexString(seed));
    try {
      copy(pristine, index);
      List<String> files = indexFiles(index);
      if (damage == Damage.FOREIGN) {
        List<String> shared = new ArrayList<>(files);
        shared.retainAll(indexFiles(other));
        files = shared;
      }
      String file = files.get(random.nextInt(files.size()));
      damage(index.resolve(file), damage, random);
      int refused = 0;
      List<String> unclear = new ArrayList<>();
      for (Runnable open : List.<Runnable>of(
          () -> IndexInfo.read(index),
          () -> search(index),
          () -> ClirIndexWriter.open(IndexConfig.builder(index).build(), embedder).close())) {
        try {
          open.run();
        } catch (ClirIndexException e) {
          if (e instanceof IndexLockedException || !names(e.getMessage(), file)) {
            unclear.add("refused without naming " + file + ": " + e.getMessage());
          } else {
            refused++;
          }
        } catch (RuntimeException e) {
          unclear.add("failed with " + e.getClass().getSimpleName() + " instead of exit 5: " + e.getMessage());
        }
      }
      String checkMessage;
      boolean found;
      try {
        IndexChecker.Report report = IndexChecker.check(index, null);
        found = !report.clean() && report.problems().stream().anyMatch(p -> names(p.toString(), file));
        checkMessage = report.clean() ? "clean" : report.problems().get(0).toString();
      } catch (ClirIndexException e) {
        // no commit point left at all: the check refuses the directory, naming what is missing
        found = !(e instanceof IndexLockedException) && file.startsWith("segments");
        checkMessage = e.getMessage();
      } catch (RuntimeException e) {
        found = false;
        checkMessage = e.toString();
      }
      String problem = !unclear.isEmpty() ? unclear.get(0)
          : found ? null : "clir-index check did not name " + file + ": " + checkMessage;
      return new Run(damage, seed, file, refused, found, checkMessage, problem);
    } catch (IOException | RuntimeException e) {
      return new Run(damage, seed, null, 0, false, null, "the harness failed: " + e);
    } finally {
      TempFiles.deleteQuietly(index);
    }
  }

  /** Whether {@code message} names {@code file}; a lost commit point is named by its pattern, segments_N. */
  private static boolean names(String message, String file) {
    return message.contains(file) || file.startsWith("segments_") && message.contains("segments_N");
  }

  private void search(Path index) {
    try (ClirSearcher searcher = ClirSearcher.open(index, embedder, false)) {
      searcher.search(SearchRequest.builder("reset my password").k(5).build());
      searcher.search(SearchRequest.builder("router firmware error").k(5).hybrid().build());
    }
  }

  private void damage(Path file, Damage damage, Random random) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    switch (damage) {
      case FLIP -> {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n && bytes.length > 0; i++) {
          int at = random.nextInt(bytes.length);
          bytes[at] = (byte) (bytes[at] ^ (1 + random.nextInt(255)));
        }
        Files.write(file, bytes);
      }
      case TRUNCATE -> Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length)));
      case EMPTY -> Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      case DELETE -> Files.delete(file);
      case FOREIGN -> Files.copy(other.resolve(file.getFileName()), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static List<String> indexFiles(Path index) throws IOException {
    try (Stream<Path> s = Files.list(index)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("write.lock")).sorted().toList();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String f : indexFiles(from)) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
  }

  /** Runs {@code runsPerKind} seeded runs of every damage. */
  public List<Run> runAll(long seed, int runsPerKind) {
    return SeededRuns.of(Damage.values(), seed, runsPerKind, this::run);
  }
}
