package dev.clir.search;

import dev.clir.index.ClirAnalyzer;
import dev.clir.index.IndexFields;
import dev.clir.language.LanguageIdentifier;
import dev.clir.search.ExactPassageSearch.DocHit;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.Fused;
import dev.clir.search.fusion.QuestionSignals;
import dev.clir.search.fusion.Ranking;
import dev.clir.search.fusion.Scored;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/**
 * The seam between {@link ClirSearcher} and {@code dev.clir.search.fusion}: turns the two legs of a search into
 * rankings, measures the question's signals, picks the weight for the mode, and fuses.
 */
final class HybridFusion {
  /** Lucene's score for unit vectors, {@code (1 + cos) / 2}, and BM25 are both at least 0. */
  static final double LOWER_BOUND = 0;

  private HybridFusion() {}

  /** The vector leg: documents by their best passage, as the kNN search returned them. */
  static Ranking<Integer> vectorLeg(List<DocHit> hits) {
    List<Scored<Integer>> items = new ArrayList<>(hits.size());
    hits.forEach(h -> items.add(new Scored<>(h.parentDoc(), h.score())));
    return new Ranking<>(items, LOWER_BOUND);
  }

  /** A leg from Lucene's hits (the BM25 leg, or any query's), best first. */
  static Ranking<Integer> leg(ScoreDoc[] docs) {
    List<Scored<Integer>> items = new ArrayList<>(docs.length);
    for (ScoreDoc sd : docs) {
      items.add(new Scored<>(sd.doc, sd.score));
    }
    return new Ranking<>(items, LOWER_BOUND);
  }

  /**
   * The question's signals: its language, how much of it the English BM25 index holds at all (share of its terms,
   * and that share weighted by BM25's IDF, a term in no document counting with the IDF it would have in one), and
   * how many documents the BM25 leg matched of the {@code depth} it was asked for, and each leg's top margin.
   * A few term look-ups.
   */
  static QuestionSignals signals(IndexSearcher searcher, Analyzer analyzer, String question, String language,
      Ranking<?> vectorLeg, Ranking<?> keywordLeg, int depth) throws IOException {
    List<String> terms = KeywordQuery.terms(analyzer, question);
    IndexReader reader = searcher.getIndexReader();
    long docs = Math.max(1, reader.getDocCount(IndexFields.TEXT));
    int found = 0;
    double idfFound = 0;
    double idfAll = 0;
    for (String t : terms) {
      int df = reader.docFreq(new Term(IndexFields.TEXT, t));
      double idf = Math.log(1 + (docs - Math.max(df, 1) + 0.5) / (Math.max(df, 1) + 0.5));
      idfAll += idf;
      if (df > 0) {
        found++;
        idfFound += idf;
      }
    }
    double termShare = terms.isEmpty() ? 0 : (double) found / terms.size();
    double idfShare = idfAll > 0 ? Math.min(1, idfFound / idfAll) : termShare;
    return new QuestionSignals(language, terms.size(), termShare, idfShare,
        QuestionSignals.breadth(keywordLeg.size(), depth), QuestionSignals.margin(vectorLeg),
        QuestionSignals.margin(keywordLeg));
  }

  /** The question's language among the settings' languages ({@code und} when they name none). */
  static String language(FusionSettings settings, String question) {
    return LanguageIdentifier.identify(question, settings.languages());
  }

  /** The BM25 leg's analyzer for a question in {@code language} under these settings. */
  static Analyzer keywordAnalyzer(FusionSettings settings, String language, Analyzer index) {
    return settings.questionStopWords() && ClirAnalyzer.hasStopWords(language) ? ClirAnalyzer.forQuestion(language)
        : index;
  }

  /** How many letters of a word the BM25 leg matches by prefix for a question in {@code language}: 0 for the index's own. */
  static int cognatePrefix(FusionSettings settings, String language) {
    return ClirAnalyzer.LANGUAGE.equals(language) || LanguageIdentifier.UNDETERMINED.equals(language) ? 0
        : settings.cognatePrefix();
  }

  /** The vector leg's weight for this mode and question. */
  static FusionSettings.Weight weight(SearchMode mode, FusionSettings settings, QuestionSignals signals) {
    return mode == SearchMode.AUTO ? settings.auto(signals) : settings.hybrid();
  }

  /** Both legs cut to the settings' depth and fused with {@code weight}. */
  static <T> List<Fused<T>> fuse(FusionSettings settings, Ranking<T> vector, Ranking<T> keyword,
      FusionSettings.Weight weight) {
    return settings.function().fuse(List.of(vector.top(settings.depth()), keyword.top(settings.depth())),
        weight.vector(), weight.keyword());
  }
}
