package dev.clir.bench.reliability;

import dev.clir.cli.ExitCodes;
import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.store.FSDirectory;

/**
 * The indexing job that {@link ProcessFaults} kills: {@code clir-index}'s library path ({@link BulkIndexer} over a
 * JSON Lines file into an index on disk) with {@link HashingEmbedder}, as a process of its own. It prints one line
 * per event the killer waits for ({@code ready}, {@code commit-begin N}, {@code commit-end N}, {@code merge-write
 * FILE}, {@code done}), and the disk is slowed by a few milliseconds at each, so that a kill can land inside a
 * commit or a merge. Failures exit with clir's documented codes (6 when another writer holds the index).
 *
 * <p>Usage: {@code IndexJob INDEX INPUT COMMIT_EVERY}
 */
public final class IndexJob {
  private IndexJob() {}

  public static void main(String[] args) {
    Path index = Path.of(args[0]);
    Path input = Path.of(args[1]);
    int commitEvery = Integer.parseInt(args[2]);
    try {
      run(index, input, commitEvery, true);
      System.out.println("done");
      System.exit(0);
    } catch (RuntimeException e) {
      System.out.println("error " + ExitCodes.of(e) + " " + e.getMessage());
      System.exit(ExitCodes.of(e));
    }
  }

  /** Runs the job; with {@code announce}, prints the events (see the class comment). */
  static void run(Path index, Path input, int commitEvery, boolean announce) {
    IndexConfig config = IndexConfig.builder(index).ramBufferMb(1).embedBatchSize(32).build();
    FaultyDirectory dir;
    try {
      java.nio.file.Files.createDirectories(index);
      dir = new FaultyDirectory(FSDirectory.open(index), new Random(0));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (announce) {
      dir.listener(IndexJob::announce);
    }
    try (ClirIndexWriter writer = ClirIndexWriter.open(config, dir, new HashingEmbedder());
        var source = DocumentSources.open(input, FieldMapping.DEFAULT, null)) {
      if (announce) {
        System.out.println("ready " + ProcessHandle.current().pid());
      }
      new BulkIndexer(writer, new BulkIndexer.Options(commitEvery, 16, BulkIndexer.OnError.FAIL), null).run(source);
    } finally {
      try {
        dir.close();
      } catch (IOException e) {
        // the writer closed it already
      }
    }
  }

  private static void announce(String op, String file) {
    String event = null;
    if (op.equals("create") && file.startsWith("pending_segments_")) {
      event = "commit-begin " + file.substring("pending_segments_".length());
    } else if (op.equals("rename") && file.startsWith("segments_")) {
      event = "commit-end " + file.substring("segments_".length());
    } else if (op.equals("create") && Thread.currentThread().getName().contains("Merge")) {
      event = "merge-write " + file;
    }
    if (event != null) {
      System.out.println(event);
      System.out.flush();
      try {
        Thread.sleep(5); // a slow disk: the killer's signal lands inside the commit or merge
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
