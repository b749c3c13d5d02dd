package dev.clir.embed;

/**
 * Tokens of a text with their character offsets into it ({@code [start, end)} in UTF-16 units, as
 * {@link String#substring(int, int)} takes them). Offsets never split a surrogate pair.
 */
public record TokenSpans(String text, long[] ids, int[] starts, int[] ends) {
  public TokenSpans {
    if (ids.length != starts.length || ids.length != ends.length) {
      throw new IllegalArgumentException("ids, starts and ends must have the same length");
    }
  }

  public int size() {
    return ids.length;
  }
}
