package dev.clir.index;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The analyzer of the BM25 fields (title, text) and of hybrid keyword queries: Unicode word segmentation,
 * lower-casing and the classic English stop words. Deliberately without stemming (lucene-core has none), so
 * keyword matches are exact words: names, product terms, error codes, which is what keyword search adds to
 * vectors.
 */
public final class ClirAnalyzer {
  /** Lucene's classic English stop words. */
  public static final List<String> ENGLISH_STOP_WORDS = List.of("a", "an", "and", "are", "as", "at", "be", "but",
      "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their",
      "then", "there", "these", "they", "this", "to", "was", "will", "with");

  private ClirAnalyzer() {}

  public static Analyzer create() {
    return new StandardAnalyzer(new CharArraySet(ENGLISH_STOP_WORDS, true));
  }
}
