package dev.clir.search.fusion;

import java.util.Objects;

/**
 * What a question tells about how far each leg can be trusted, measured cheaply at query time:
 *
 * @param language the question's language as {@link dev.clir.language.LanguageIdentifier} names it among the
 *     settings' languages (ISO 639-1, e.g. {@code pt}), or {@link dev.clir.language.LanguageIdentifier#UNDETERMINED}
 *     when the settings name none or the question has no letters
 * @param terms distinct BM25 terms of the question (after the keyword leg's analyzer)
 * @param termShare share of those terms that occur in the index at all, in [0, 1]; 0 without terms
 * @param idfShare the same share weighted by each term's IDF (a term absent from the index counts with the IDF it
 *     would have in one document), in [0, 1]: names, numbers and codes weigh more than common words
 * @param keywordBreadth how many documents the BM25 leg matched, {@code log(1 + hits) / log(1 + depth)}, in [0, 1]:
 *     a question that shares only a name or a code with the knowledge base matches a few documents, and BM25 is
 *     precise there; one whose words are common matches many, and BM25 is noise
 * @param vectorMargin how far the vector leg's top hit stands out: {@code (s1 - s2) / (s1 - s_last)} over its
 *     candidates, in [0, 1]; 0 with fewer than two candidates or when all score the same
 * @param keywordMargin the same for the BM25 leg: a question that shares one rare name or code with one document
 *     puts that document far ahead, one whose words are spread over many documents does not
 */
public record QuestionSignals(String language, int terms, double termShare, double idfShare, double keywordBreadth,
    double vectorMargin, double keywordMargin) {

  public QuestionSignals {
    Objects.requireNonNull(language, "language");
    checkShare("termShare", termShare);
    checkShare("idfShare", idfShare);
    checkShare("keywordBreadth", keywordBreadth);
    checkShare("vectorMargin", vectorMargin);
    checkShare("keywordMargin", keywordMargin);
  }

  private static void checkShare(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
    }
  }

  /** {@code log(1 + hits) / log(1 + depth)}, at most 1. */
  public static double breadth(int hits, int depth) {
    return depth < 1 ? 0 : Math.min(1, Math.log1p(hits) / Math.log1p(depth));
  }

  /** {@code (s1 - s2) / (s1 - s_last)} over a leg's candidates. */
  public static double margin(Ranking<?> leg) {
    if (leg.size() < 2) {
      return 0;
    }
    double spread = leg.score(1) - leg.score(leg.size());
    return spread > 0 ? Math.min(1, (leg.score(1) - leg.score(2)) / spread) : 0;
  }
}
