package dev.clir.bench.reliability;

import dev.clir.corpus.SourceDocument;
import dev.clir.index.ContentHash;
import dev.clir.index.IndexChecker;
import dev.clir.index.IndexFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;

/**
 * What an index holds compared with the documents that were fed to it: the check behind "no loss, no duplicate".
 *
 * @param problems what {@link IndexChecker} found (Lucene's CheckIndex and clir's invariants); empty when sound
 * @param documents live documents
 * @param duplicates ids held more than once
 * @param lost expected ids that are absent (meaningful after a job completed)
 * @param stale ids whose stored content is not the expected document's
 * @param foreign ids that were never fed
 */
public record IndexAudit(List<String> problems, long documents, long duplicates, List<String> lost, long stale,
    long foreign) {

  /** Audits the last commit in {@code dir} against {@code expected}. */
  public static IndexAudit of(Directory dir, List<SourceDocument> expected) {
    IndexChecker.Report report = IndexChecker.check(dir, dir.toString(), null);
    List<String> problems = report.problems().stream().map(Object::toString).toList();
    Map<String, String> hashes = new HashMap<>();
    expected.forEach(d -> hashes.put(d.id(), ContentHash.of(d)));
    Map<String, Integer> seen = new HashMap<>();
    long stale = 0;
    long foreign = 0;
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      StoredFields stored = searcher.storedFields();
      for (ScoreDoc sd : searcher.search(IndexFields.parentsQuery(), Math.max(1, reader.numDocs())).scoreDocs) {
        var doc = stored.document(sd.doc, Set.of(IndexFields.ID, IndexFields.CONTENT_HASH));
        String id = doc.get(IndexFields.ID);
        seen.merge(id, 1, Integer::sum);
        String want = hashes.get(id);
        if (want == null) {
          foreign++;
        } else if (!want.equals(doc.get(IndexFields.CONTENT_HASH))) {
          stale++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> lost = new ArrayList<>();
    for (SourceDocument d : expected) {
      if (!seen.containsKey(d.id())) {
        lost.add(d.id());
      }
    }
    long duplicates = seen.values().stream().filter(n -> n > 1).count();
    return new IndexAudit(problems, seen.size(), duplicates, lost, stale, foreign);
  }

  /** Sound, and every expected document there exactly once with its content. */
  public boolean complete() {
    return problems.isEmpty() && duplicates == 0 && lost.isEmpty() && stale == 0 && foreign == 0;
  }

  /** Sound, no id twice, nothing that was not fed, no half-written content (some documents may be missing). */
  public boolean consistent() {
    return problems.isEmpty() && duplicates == 0 && stale == 0 && foreign == 0;
  }

  @Override
  public String toString() {
    return "documents " + documents + ", duplicates " + duplicates + ", lost " + lost.size() + ", stale " + stale
        + ", foreign " + foreign + (problems.isEmpty() ? "" : ", problems " + problems);
  }
}
