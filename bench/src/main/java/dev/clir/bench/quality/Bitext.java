package dev.clir.bench.quality;

import dev.clir.corpus.SourceDocument;
import dev.clir.eval.Qrels;
import dev.clir.eval.Query;
import dev.clir.eval.QuerySet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a bitext-retrieval corpus from aligned sentences: the distinct English sentences are the documents, and
 * each other sentence asks for its row's English sentence. An English sentence that occurs in several rows is
 * indexed once (under its first row's id) and every one of those rows asks for it, so each question has exactly one
 * right answer and R@1 is the share of sentences whose translation ranks first.
 */
final class Bitext {
  private final String name;
  private final List<SourceDocument> docs = new ArrayList<>();
  private final Map<String, String> docByEnglish = new HashMap<>();
  private final Map<String, String> docByRow = new HashMap<>();
  private final List<String[]> asks = new ArrayList<>(); // {query id, text, lang, row id}
  private int repeatedRows;

  Bitext(String name) {
    this.name = name;
  }

  /** Adds an English row; a sentence already added is not indexed again. */
  void document(String rowId, String english, Map<String, String> meta) {
    String doc = docByEnglish.get(english);
    if (doc == null) {
      doc = rowId;
      docByEnglish.put(english, doc);
      docs.add(new SourceDocument(doc, "", english, null, Languages.ENGLISH, meta));
    } else {
      repeatedRows++;
    }
    docByRow.put(rowId, doc);
  }

  /** A question: {@code text} in {@code lang} should find the English sentence of row {@code rowId}; its id is {@code need-lang}. */
  void ask(String need, String lang, String text, String rowId) {
    asks.add(new String[] {need + "-" + lang, text, lang, rowId});
  }

  EvalCorpus build() {
    List<Query> queries = new ArrayList<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    for (String[] a : asks) {
      queries.add(new Query(a[0], a[1], a[2]));
      qrels.put(a[0], Map.of(docByRow.get(a[3]), 1));
    }
    return new EvalCorpus(name, docs, QuerySet.of(queries), Qrels.of(qrels));
  }

  /** Rows whose English sentence an earlier row already had (not indexed again). */
  int repeatedRows() {
    return repeatedRows;
  }
}
