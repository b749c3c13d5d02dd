package dev.clir.search;

import dev.clir.index.IndexFields;
import dev.clir.search.fusion.FusionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.BlendedTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The BM25 side of hybrid search: the query's words as optional terms over title (boosted) and text. No query
 * syntax, so users' punctuation cannot make the query fail.
 *
 * <p>For a question in another language than the index's, a word can also match the index words that begin with its
 * first letters ({@link FusionSettings#cognatePrefix()}): truncation, which serves as a stemmer in retrieval across
 * European languages (McNamee, Nicholas and Mayfield, "Addressing morphological variation in alphabetic languages",
 * SIGIR 2009), here finds English cognates of Portuguese or Swahili words ("população" population, "kompyuta"
 * computer). Of the index words with that beginning, the {@value #EXPANSIONS} that share the longest start with the
 * question's word (then the most frequent) stand for it, scored together as one term (Lucene's
 * {@link BlendedTermQuery}), and such a match counts half a whole-word match.
 */
final class KeywordQuery {
  static final float TITLE_BOOST = 2f;
  /** Two clauses per term must stay below IndexSearcher's default limit of 1024 clauses. */
  static final int MAX_TERMS = 256;
  static final float PREFIX_BOOST = 0.5f;
  static final int EXPANSIONS = 8;
  /** With {@value #MAX_TERMS} whole words (512 clauses), prefixes of this many words keep the query within 1024. */
  static final int MAX_PREFIXED_TERMS = 48;
  /** Bounds the look-up of a short beginning in a large index. */
  static final int MAX_SCANNED = 10_000;

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

  /** The query over whole words, or {@code null} when the text has no indexable words. */
  static Query build(Analyzer analyzer, String text) {
    try {
      return build(null, analyzer, text, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // no index is read for whole words
    }
  }

  /**
   * The query, or {@code null} when the text has no indexable words; with {@code prefix > 0}, each word longer than
   * that whose first {@code prefix} characters are letters also matches its cognates in {@code reader}'s text.
   */
  static Query build(IndexReader reader, Analyzer analyzer, String text, int prefix) throws IOException {
    List<String> terms = terms(analyzer, text);
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int prefixed = 0;
    for (String t : terms) {
      b.add(new BoostQuery(new TermQuery(new Term(IndexFields.TITLE, t)), TITLE_BOOST), Occur.SHOULD);
      b.add(new TermQuery(new Term(IndexFields.TEXT, t)), Occur.SHOULD);
      if (prefix > 0 && prefixed < MAX_PREFIXED_TERMS && t.codePointCount(0, t.length()) > prefix
          && t.codePoints().limit(prefix).allMatch(Character::isLetter)) {
        Query cognates = cognates(reader, t, prefix);
        if (cognates != null) {
          b.add(new BoostQuery(cognates, PREFIX_BOOST), Occur.SHOULD);
          prefixed++;
        }
      }
    }
    return b.build();
  }

  /**
   * The index words other than {@code word} that begin with its first {@code prefix} letters: the
   * {@value #EXPANSIONS} sharing the longest start with it, then the most frequent, as one blended term; {@code null}
   * when there is none. At most {@value #MAX_SCANNED} words with that beginning are looked at.
   */
  static Query cognates(IndexReader reader, String word, int prefix) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, IndexFields.TEXT);
    if (terms == null) {
      return null;
    }
    BytesRef start = new BytesRef(word.substring(0, word.offsetByCodePoints(0, prefix)));
    TermsEnum te = terms.iterator();
    if (te.seekCeil(start) == TermsEnum.SeekStatus.END) {
      return null;
    }
    List<Cognate> found = new ArrayList<>();
    for (BytesRef term = te.term(); term != null && StringHelper.startsWith(term, start) && found.size() < MAX_SCANNED;
        term = te.next()) {
      String w = term.utf8ToString();
      if (!w.equals(word)) {
        found.add(new Cognate(w, sharedStart(w, word), te.docFreq()));
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    found.sort(Comparator.comparingInt(Cognate::shared).reversed().thenComparing(Comparator.comparingInt(Cognate::docFreq)
        .reversed()).thenComparing(Cognate::word));
    BlendedTermQuery.Builder q = new BlendedTermQuery.Builder().setRewriteMethod(BlendedTermQuery.BOOLEAN_REWRITE);
    found.stream().limit(EXPANSIONS).forEach(c -> q.add(new Term(IndexFields.TEXT, c.word())));
    return q.build();
  }

  private record Cognate(String word, int shared, int docFreq) {}

  private static int sharedStart(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }
}
