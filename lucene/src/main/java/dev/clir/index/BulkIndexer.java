package dev.clir.index;

import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import dev.clir.corpus.SourceDocument;
import dev.clir.corpus.SourceRecord;
import dev.clir.embed.MeteredEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds a whole {@link DocumentSource} into a {@link ClirIndexWriter}: what {@code clir-index} does, as a library.
 * Documents go in batches (so passages of many documents share embedding calls; the first batches are small, so that
 * the {@link Listener} hears of progress from the first document on) and a commit follows every
 * {@code commitEvery} documents, so a killed run loses at most that much work; running it again skips what was
 * committed (unchanged content hashes) and finishes the rest, with no duplicates.
 *
 * <p>With {@link OnError#FAIL} the first bad record stops the run and nothing after the last commit is kept; with
 * {@link OnError#SKIP} bad records are counted and listed, and the run goes on.
 */
public final class BulkIndexer {

  /** What to do with a record that cannot be read. */
  public enum OnError {
    FAIL,
    SKIP
  }

  /**
   * @param commitEvery documents between commits
   * @param batchDocuments documents handed to the writer at once
   * @param onError policy for unreadable records
   */
  public record Options(int commitEvery, int batchDocuments, OnError onError) {
    public static final Options DEFAULTS = new Options(1000, 64, OnError.FAIL);

    public Options {
      if (commitEvery < 1 || batchDocuments < 1) {
        throw new IllegalArgumentException("commitEvery and batchDocuments must be >= 1");
      }
    }
  }

  /** Hears about progress and warnings; called on the indexing thread. */
  public interface Listener {
    void progress(Summary soFar);

    void warning(String message);

    Listener NONE = new Listener() {
      @Override
      public void progress(Summary soFar) {}

      @Override
      public void warning(String message) {}
    };
  }

  /**
   * What a run did.
   *
   * @param read records read from the source (good or bad)
   * @param added new documents
   * @param updated documents whose content changed
   * @param unchanged documents skipped because their content hash matched the index
   * @param deleted documents deleted by id
   * @param failed unreadable records skipped ({@link OnError#SKIP})
   * @param empty documents skipped because their text was empty
   * @param duplicates ids seen more than once in the input (the last one won)
   * @param passagesEmbedded passages embedded in this run
   * @param tokens tokens fed to the model in this run
   * @param truncatedPassages passages the model had to cut (should be 0: passages are cut to fit)
   * @param embedNanos time inside the embedder (tokenizing + inference)
   * @param elapsedNanos wall time of the run
   * @param commits commits made
   * @param failures the first {@value #MAX_LISTED} unreadable records, as {@code file:line: what is wrong}
   */
  public record Summary(long read, long added, long updated, long unchanged, long deleted, long failed, long empty,
      long duplicates, long passagesEmbedded, long tokens, long truncatedPassages, long embedNanos, long elapsedNanos,
      int commits, List<String> failures) {
    public static final int MAX_LISTED = 100;

    public long documentsWritten() {
      return added + updated;
    }

    public double docsPerSecond() {
      return elapsedNanos == 0 ? 0 : (added + updated + unchanged) / (elapsedNanos / 1e9);
    }

    public double tokensPerSecond() {
      return elapsedNanos == 0 ? 0 : tokens / (elapsedNanos / 1e9);
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("read", read);
      m.put("added", added);
      m.put("updated", updated);
      m.put("unchanged", unchanged);
      m.put("deleted", deleted);
      m.put("failed", failed);
      m.put("empty", empty);
      m.put("duplicates", duplicates);
      m.put("passagesEmbedded", passagesEmbedded);
      m.put("tokens", tokens);
      m.put("truncatedPassages", truncatedPassages);
      m.put("commits", commits);
      m.put("elapsedSeconds", elapsedNanos / 1e9);
      m.put("embedSeconds", embedNanos / 1e9);
      m.put("docsPerSecond", docsPerSecond());
      m.put("tokensPerSecond", tokensPerSecond());
      m.put("failures", failures);
      return m;
    }
  }

  private final ClirIndexWriter writer;
  private final MeteredEmbedder meter;
  private final Options options;
  private final Listener listener;
  private final long start = System.nanoTime();
  private long read;
  private long added;
  private long updated;
  private long unchanged;
  private long deleted;
  private long failed;
  private long empty;
  private long duplicates;
  private long sinceCommit;
  private int commits;
  private final List<String> failures = new ArrayList<>();
  private final Map<String, Origin> seen = new HashMap<>();
  private Map<String, String> commitData = Map.of();

  /**
   * @param writer the index; its embedder should be a {@link MeteredEmbedder} for token counts (else they stay 0)
   */
  public BulkIndexer(ClirIndexWriter writer, Options options, Listener listener) {
    this.writer = writer;
    this.meter = writer.embedder() instanceof MeteredEmbedder m ? m : null;
    this.options = options;
    this.listener = listener == null ? Listener.NONE : listener;
  }

  /** Extra commit user data written with every commit of this run (e.g. which model directory was used). */
  public BulkIndexer commitData(Map<String, String> data) {
    this.commitData = Map.copyOf(data);
    return this;
  }

  /** Deletes documents by id; each id that existed counts as deleted. */
  public void delete(List<String> ids) {
    for (String id : ids) {
      if (writer.delete(id)) {
        deleted++;
      } else {
        listener.warning("--delete " + id + ": no such document in the index");
      }
    }
  }

  /**
   * Reads every record of {@code source} into the index and commits at the end.
   *
   * @throws InputFormatException with {@link OnError#FAIL}, at the first unreadable record (nothing after the last
   *     commit is kept: the caller closes the writer without committing)
   */
  public Summary run(DocumentSource source) {
    List<SourceDocument> batch = new ArrayList<>();
    // The first batches are small (1, 2, 4, ... documents up to batchDocuments), so that progress is reported from the
    // first document on instead of after a whole batch has been embedded (seconds on a small machine). The sizes are
    // fixed, not chosen by the clock: the int8 graph's vectors depend slightly on the batch a text is embedded in, so
    // the same input must give the same batches (tried: a time-driven size moved eval figures by up to 0.01).
    int batchLimit = 1;
    for (SourceRecord record : source) {
      read++;
      if (record instanceof SourceRecord.Parsed p && DocumentBlocks.keywordProblem(p.document()) != null) {
        // a value Lucene cannot index as one keyword is the input's fault: file and line, like a malformed record
        record = new SourceRecord.Failed(p.origin(), DocumentBlocks.keywordProblem(p.document()));
      }
      switch (record) {
        case SourceRecord.Failed f -> {
          if (options.onError() == OnError.FAIL) {
            throw f.toException();
          }
          failed++;
          if (failures.size() < Summary.MAX_LISTED) {
            failures.add(f.toString());
          }
          listener.warning("skipped " + f);
        }
        case SourceRecord.Parsed p -> {
          if (p.hasEmptyText()) {
            empty++;
            listener.warning(p.origin() + ": document '" + p.document().id() + "' has no text; skipped");
            continue;
          }
          Origin before = seen.put(p.document().id(), p.origin());
          if (before != null) {
            duplicates++;
            listener.warning(p.origin() + ": id '" + p.document().id() + "' already appeared at " + before + "; the last one wins");
          }
          batch.add(p.document());
          // Write when the batch is full, and also when it completes a commit's worth: with commitEvery smaller
          // than batchDocuments, a commit must not wait for a full batch.
          if (batch.size() >= batchLimit || sinceCommit + batch.size() >= options.commitEvery()) {
            write(batch);
            batchLimit = Math.min(batchLimit * 2, options.batchDocuments());
          }
        }
      }
    }
    write(batch);
    commit();
    return summary();
  }

  private void write(List<SourceDocument> batch) {
    if (batch.isEmpty()) {
      return;
    }
    for (AddResult r : writer.addAll(batch)) {
      switch (r) {
        case ADDED -> added++;
        case UPDATED -> updated++;
        case UNCHANGED -> unchanged++;
      }
    }
    sinceCommit += batch.size();
    batch.clear();
    if (sinceCommit >= options.commitEvery()) {
      commit();
    }
    listener.progress(summary());
  }

  /** Commits now (also called at the end of {@link #run}); deletes alone are committed by this too. */
  public void commit() {
    writer.commit(commitData);
    commits++;
    sinceCommit = 0;
  }

  public Summary summary() {
    return new Summary(read, added, updated, unchanged, deleted, failed, empty, duplicates, meter == null ? 0 : meter.texts(),
        meter == null ? 0 : meter.tokens(), meter == null ? 0 : meter.truncated(), meter == null ? 0 : meter.nanos(),
        System.nanoTime() - start, commits, List.copyOf(failures));
  }
}
