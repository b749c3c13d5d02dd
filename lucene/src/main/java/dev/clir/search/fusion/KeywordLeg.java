package dev.clir.search.fusion;

/**
 * How the BM25 leg of hybrid and auto search reads a question: whether it drops the question language's stop words
 * as well as English ones, and how many first letters of a foreign question's word find its English cognates (0:
 * whole words only; see {@code KeywordQuery}). Part of {@link FusionSettings}; the learner tries several.
 *
 * @param questionStopWords whether the question language's stop words are dropped (English ones always are, as the
 *     index drops them)
 * @param cognatePrefix 0, or {@value #MIN_COGNATE_PREFIX} to {@value #MAX_COGNATE_PREFIX} letters
 */
public record KeywordLeg(boolean questionStopWords, int cognatePrefix) {
  /** Shorter prefixes match too many unrelated words; longer ones are whole words already. */
  public static final int MIN_COGNATE_PREFIX = 3;
  public static final int MAX_COGNATE_PREFIX = 8;
  /** The index's analysis, whole words. */
  public static final KeywordLeg PLAIN = new KeywordLeg(false, 0);

  public KeywordLeg {
    if (!isCognatePrefix(cognatePrefix)) {
      throw new IllegalArgumentException("cognatePrefix must be " + RANGE + ": " + cognatePrefix);
    }
  }

  /** The values {@link #cognatePrefix} may take, for messages. */
  static final String RANGE = "0 (off) or " + MIN_COGNATE_PREFIX + " to " + MAX_COGNATE_PREFIX;

  static boolean isCognatePrefix(int letters) {
    return letters == 0 || (letters >= MIN_COGNATE_PREFIX && letters <= MAX_COGNATE_PREFIX);
  }

  /** Whether the leg needs the question's language. */
  public boolean identifiesLanguage() {
    return questionStopWords || cognatePrefix > 0;
  }

  public String describe() {
    return (questionStopWords ? "without" : "with") + " the question language's stop words, "
        + (cognatePrefix > 0 ? "matching the first " + cognatePrefix + " letters of foreign words" : "whole words");
  }
}
