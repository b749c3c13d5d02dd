package dev.clir.eval;

import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A system's ranked results per query, as in a TREC run file ({@code qid Q0 docid rank score tag}). Rankings are
 * kept in {@linkplain #TREC_EVAL_ORDER trec_eval order} (score descending, ties by document id descending),
 * whatever order or ranks they were given in, because that is the order trec_eval evaluates: it ignores the rank
 * column. Written files therefore evaluate identically here and in trec_eval. Immutable.
 */
public final class Run {

  /**
   * trec_eval's order ({@code form_res_rels.c}, {@code comp_sim_docno}): score descending, then document id
   * descending by {@code strcmp}, i.e. by UTF-8 bytes, which is Unicode code point order.
   */
  public static final Comparator<ScoredDoc> TREC_EVAL_ORDER = Comparator
      .comparingDouble(ScoredDoc::score).reversed()
      .thenComparing((a, b) -> compareCodePoints(b.docId(), a.docId()));

  private final String tag;
  private final Map<String, List<ScoredDoc>> byQuery;

  private Run(String tag, Map<String, List<ScoredDoc>> byQuery) {
    this.tag = tag;
    this.byQuery = byQuery;
  }

  /** @param tag the run name written in the last column; non-empty, no whitespace */
  public static Builder builder(String tag) {
    return new Builder(tag);
  }

  public String tag() {
    return tag;
  }

  /** Query ids in the order they were first added. */
  public Set<String> queryIds() {
    return byQuery.keySet();
  }

  /** The ranking of a query in trec_eval order; empty when the run has none. */
  public List<ScoredDoc> ranking(String qid) {
    return byQuery.getOrDefault(qid, List.of());
  }

  /** The document ids of {@link #ranking(String)}. */
  public List<String> rankedDocIds(String qid) {
    return ranking(qid).stream().map(ScoredDoc::docId).toList();
  }

  /**
   * Writes the run in TREC format, one line {@code qid Q0 docid rank score tag} per document, ranks from 1 in
   * trec_eval order. Scores are written in the shortest decimal form that reads back as the same double (no
   * exponent), so rounding cannot create ties that were not there.
   */
  public void write(Writer out) throws IOException {
    for (Map.Entry<String, List<ScoredDoc>> e : byQuery.entrySet()) {
      int rank = 1;
      for (ScoredDoc d : e.getValue()) {
        out.write(e.getKey() + " Q0 " + d.docId() + " " + rank++ + " "
            + BigDecimal.valueOf(d.score()).toPlainString() + " " + tag + "\n");
      }
    }
    out.flush();
  }

  public void write(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out);
    }
  }

  /**
   * Reads a TREC run file. The rank column must be an integer but is otherwise ignored (see the class comment);
   * the tag is taken from the first line. Blank lines and lines starting with {@code #} are skipped.
   *
   * @throws InputFormatException naming file and line for a line without exactly 6 columns, a rank that is not
   *     an integer, a score that is not a finite number, a document listed twice for one query, or invalid UTF-8
   */
  public static Run read(Path file) {
    Reader reader = new Reader();
    LineFiles.forEachLine(file, reader::line);
    return reader.build();
  }

  /** Reads and closes a stream; {@code name} is how messages call it. */
  public static Run read(InputStream in, String name) {
    Reader reader = new Reader();
    LineFiles.forEachLine(in, name, reader::line);
    return reader.build();
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Collects results; each query's documents must be distinct (trec_eval rejects duplicates too). */
  public static final class Builder {
    private final String tag;
    private final Map<String, List<ScoredDoc>> byQuery = new LinkedHashMap<>();
    private final Map<String, Set<String>> seen = new HashMap<>();

    private Builder(String tag) {
      this.tag = Ids.require(tag, "run tag");
    }

    /** @throws IllegalArgumentException when the document is already in this query's ranking */
    public Builder add(String qid, String docId, double score) {
      return add(qid, new ScoredDoc(docId, score));
    }

    /** @throws IllegalArgumentException when the document is already in this query's ranking */
    public Builder add(String qid, ScoredDoc doc) {
      Ids.require(qid, "query id");
      if (!seen.computeIfAbsent(qid, q -> new HashSet<>()).add(doc.docId())) {
        throw new IllegalArgumentException("document '" + doc.docId() + "' twice in the ranking of query '" + qid
            + "'");
      }
      byQuery.computeIfAbsent(qid, q -> new ArrayList<>()).add(doc);
      return this;
    }

    /** Records that a query was run, even if it retrieved nothing. */
    public Builder query(String qid) {
      byQuery.computeIfAbsent(Ids.require(qid, "query id"), q -> new ArrayList<>());
      return this;
    }

    public Run build() {
      Map<String, List<ScoredDoc>> sorted = new LinkedHashMap<>();
      byQuery.forEach((qid, docs) -> {
        List<ScoredDoc> copy = new ArrayList<>(docs);
        copy.sort(TREC_EVAL_ORDER);
        sorted.put(qid, List.copyOf(copy));
      });
      return new Run(tag, Collections.unmodifiableMap(sorted));
    }
  }

  private static final class Reader {
    private Builder builder;
    private final Map<String, Long> firstLine = new HashMap<>();

    void line(Origin origin, String line) {
      String stripped = line.strip();
      if (stripped.startsWith("#")) {
        return;
      }
      String[] cols = stripped.split("\\s+");
      if (cols.length != 6) {
        throw new InputFormatException(origin, "expected 6 columns 'qid Q0 docid rank score tag', found "
            + cols.length);
      }
      try {
        Integer.parseInt(cols[3]);
      } catch (NumberFormatException e) {
        throw new InputFormatException(origin, "rank '" + cols[3] + "' is not an integer");
      }
      double score;
      try {
        score = Double.parseDouble(cols[4]);
      } catch (NumberFormatException e) {
        score = Double.NaN;
      }
      if (!Double.isFinite(score)) {
        throw new InputFormatException(origin, "score '" + cols[4] + "' is not a finite number");
      }
      Long first = firstLine.putIfAbsent(cols[0] + ' ' + cols[2], origin.line());
      if (first != null) {
        throw new InputFormatException(origin, "document '" + cols[2] + "' listed twice for query '" + cols[0]
            + "' (first on line " + first + ")");
      }
      if (builder == null) {
        builder = new Builder(cols[5]);
      }
      builder.add(cols[0], cols[2], score);
    }

    Run build() {
      return (builder == null ? new Builder("empty") : builder).build();
    }
  }
}
