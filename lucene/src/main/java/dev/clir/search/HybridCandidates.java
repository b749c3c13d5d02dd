package dev.clir.search;

import dev.clir.search.fusion.QuestionSignals;
import dev.clir.search.fusion.Ranking;
import java.util.Objects;

/**
 * What hybrid and auto search fuse for one question ({@link ClirSearcher#candidates}): both legs, keyed by document
 * id, and the question's signals.
 *
 * @param vector documents by the similarity of their best passage, best first
 * @param keyword documents by BM25 over title and text, best first
 * @param signals the question's language and signals
 */
public record HybridCandidates(Ranking<String> vector, Ranking<String> keyword, QuestionSignals signals) {
  public HybridCandidates {
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(signals, "signals");
  }
}
