package dev.clir.search;

import dev.clir.index.IndexFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The BM25 side of hybrid search: the query's words as optional terms over title (boosted) and text. No query
 * syntax, so users' punctuation cannot make the query fail.
 */
final class KeywordQuery {
  static final float TITLE_BOOST = 2f;
  /** Two clauses per term must stay below IndexSearcher's default limit of 1024 clauses. */
  static final int MAX_TERMS = 256;

  private KeywordQuery() {}

  /** The distinct terms of {@code text} the query searches for (at most {@value #MAX_TERMS}), in order. */
  static List<String> terms(Analyzer analyzer, String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && terms.size() < MAX_TERMS) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(terms);
  }

  /** The query, or {@code null} when the text has no indexable words. */
  static Query build(Analyzer analyzer, String text) {
    List<String> terms = terms(analyzer, text);
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new BoostQuery(new TermQuery(new Term(IndexFields.TITLE, t)), TITLE_BOOST), Occur.SHOULD);
      b.add(new TermQuery(new Term(IndexFields.TEXT, t)), Occur.SHOULD);
    }
    return b.build();
  }
}
