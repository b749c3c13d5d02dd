package dev.clir.search;

/**
 * The passage of a hit that best matches the query.
 *
 * @param ordinal its position in the document, from 0
 * @param start offset into the document's full text (UTF-16 units, inclusive)
 * @param end offset after its end (exclusive)
 * @param text the passage text (without the carried title)
 */
public record PassageMatch(int ordinal, int start, int end, String text) {}
