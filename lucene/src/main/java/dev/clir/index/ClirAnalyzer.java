package dev.clir.index;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The analyzer of the BM25 fields (title, text) and of hybrid keyword queries: Unicode word segmentation,
 * lower-casing and the classic English stop words. Deliberately without stemming (lucene-core has none), so
 * keyword matches are exact words: names, product terms, error codes, which is what keyword search adds to
 * vectors.
 */
public final class ClirAnalyzer {
  /** The language of the indexed text, which this analysis is for (ISO 639-1). */
  public static final String LANGUAGE = "en";
  /** Lucene's classic English stop words. */
  public static final List<String> ENGLISH_STOP_WORDS = List.of("a", "an", "and", "are", "as", "at", "be", "but",
      "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their",
      "then", "there", "these", "they", "this", "to", "was", "will", "with");

  /**
   * Lucene's stop sets (analysis-common) of the Latin-script languages whose short words also occur in English
   * text as codes and initials (Portuguese "e", "a", "o"). None for Swahili: Lucene has no Swahili stop set.
   */
  private static final Map<String, Supplier<CharArraySet>> STOP_SETS = Map.of(
      "pt", PortugueseAnalyzer::getDefaultStopSet, "es", SpanishAnalyzer::getDefaultStopSet,
      "fr", FrenchAnalyzer::getDefaultStopSet, "it", ItalianAnalyzer::getDefaultStopSet,
      "de", GermanAnalyzer::getDefaultStopSet, "nl", DutchAnalyzer::getDefaultStopSet,
      "id", IndonesianAnalyzer::getDefaultStopSet);
  private static final Map<String, Analyzer> FOR_QUESTION = new ConcurrentHashMap<>();

  private ClirAnalyzer() {}

  public static Analyzer create() {
    return new StandardAnalyzer(new CharArraySet(ENGLISH_STOP_WORDS, true));
  }

  /**
   * The keyword query's analyzer for a question in {@code language} (ISO 639-1): the index's analysis, with that
   * language's stop words dropped as well as English ones, so that a Portuguese "e" does not match the "E" of
   * "E-503". {@link #create()}'s analysis for a language without a stop set. Shared; analyzers are thread-safe.
   */
  public static Analyzer forQuestion(String language) {
    Supplier<CharArraySet> stop = STOP_SETS.get(language);
    String key = stop == null ? "en" : language;
    return FOR_QUESTION.computeIfAbsent(key, l -> {
      CharArraySet words = new CharArraySet(ENGLISH_STOP_WORDS, true);
      if (stop != null) {
        words.addAll(stop.get());
      }
      return new StandardAnalyzer(words);
    });
  }

  /** Whether {@link #forQuestion} drops more than English stop words for {@code language}. */
  public static boolean hasStopWords(String language) {
    return STOP_SETS.containsKey(language);
  }
}
