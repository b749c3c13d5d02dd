package dev.clir.eval;

import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Relevance judgments in TREC qrels form: lines {@code qid iteration docid relevance}, whitespace-separated. The
 * iteration column is ignored (as trec_eval does); relevance is a graded integer and a document is relevant when
 * it is {@code > 0} (trec_eval's default relevance level 1). Blank lines and lines starting with {@code #} are
 * skipped. Immutable.
 */
public final class Qrels {

  private final Map<String, Map<String, Integer>> byQuery;

  private Qrels(Map<String, Map<String, Integer>> byQuery) {
    this.byQuery = byQuery;
  }

  /** Judgments per query id, then per document id; copied. */
  public static Qrels of(Map<String, Map<String, Integer>> judgments) {
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    judgments.forEach((qid, docs) -> {
      Ids.require(qid, "query id");
      docs.keySet().forEach(d -> Ids.require(d, "document id"));
      copy.put(qid, Collections.unmodifiableMap(new LinkedHashMap<>(docs)));
    });
    return new Qrels(Collections.unmodifiableMap(copy));
  }

  /**
   * Reads a qrels file.
   *
   * @throws InputFormatException naming file and line for a line without exactly 4 columns, a relevance that is
   *     not an integer, a document judged twice for one query, or invalid UTF-8
   */
  public static Qrels read(Path file) {
    Reader reader = new Reader();
    LineFiles.forEachLine(file, reader::line);
    return reader.build();
  }

  /** Reads and closes a stream; {@code name} is how messages call it. */
  public static Qrels read(InputStream in, String name) {
    Reader reader = new Reader();
    LineFiles.forEachLine(in, name, reader::line);
    return reader.build();
  }

  /** Document id to relevance for one query; empty when the query has no judgments. */
  public Map<String, Integer> judgments(String qid) {
    return byQuery.getOrDefault(qid, Map.of());
  }

  /** The judged relevance, 0 for a document without a judgment. */
  public int relevance(String qid, String docId) {
    return judgments(qid).getOrDefault(docId, 0);
  }

  /** Documents with relevance {@code > 0} for the query. */
  public int relevantCount(String qid) {
    return Metrics.relevantCount(judgments(qid));
  }

  public Set<String> queryIds() {
    return byQuery.keySet();
  }

  /**
   * The judged documents of the given queries (any grade) that are not among {@code knownDocIds}, sorted: judgments
   * the index cannot satisfy, usually a sign that qrels and corpus do not match.
   */
  public Set<String> docIdsNotIn(Collection<String> qids, Set<String> knownDocIds) {
    Set<String> unknown = new TreeSet<>();
    for (String qid : qids) {
      for (String docId : judgments(qid).keySet()) {
        if (!knownDocIds.contains(docId)) {
          unknown.add(docId);
        }
      }
    }
    return unknown;
  }

  private static final class Reader {
    private final Map<String, Map<String, Integer>> byQuery = new LinkedHashMap<>();
    private final Map<String, Long> firstLine = new HashMap<>();

    void line(Origin origin, String line) {
      String stripped = line.strip();
      if (stripped.startsWith("#")) {
        return;
      }
      String[] cols = stripped.split("\\s+");
      if (cols.length != 4) {
        throw new InputFormatException(origin,
            "expected 4 columns 'qid iteration docid relevance', found " + cols.length);
      }
      int rel;
      try {
        rel = Integer.parseInt(cols[3]);
      } catch (NumberFormatException e) {
        throw new InputFormatException(origin, "relevance '" + cols[3] + "' is not an integer");
      }
      Long first = firstLine.putIfAbsent(cols[0] + ' ' + cols[2], origin.line());
      if (first != null) {
        throw new InputFormatException(origin, "document '" + cols[2] + "' judged twice for query '" + cols[0]
            + "' (first on line " + first + ")");
      }
      byQuery.computeIfAbsent(cols[0], q -> new LinkedHashMap<>()).put(cols[2], rel);
    }

    Qrels build() {
      return Qrels.of(byQuery);
    }
  }
}
