package dev.clir.eval;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the information need a query expresses, so that the same question asked in several languages can be
 * compared like for like (transfer ratios). Queries with an empty need id are never paired.
 */
@FunctionalInterface
public interface NeedIdStrategy {

  Optional<String> needId(Query query);

  /**
   * The part of the query id before its last {@code -}: {@code qa01-pt} and {@code qa01-en} share need
   * {@code qa01}. Ids without a {@code -} (or starting with it) have no need id.
   */
  static NeedIdStrategy beforeLastDash() {
    return q -> {
      int dash = q.id().lastIndexOf('-');
      return dash > 0 ? Optional.of(q.id().substring(0, dash)) : Optional.empty();
    };
  }

  /** The first capturing group of {@code pattern} when it matches the whole query id; else no need id. */
  static NeedIdStrategy pattern(Pattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.matcher("").groupCount() < 1) {
      throw new IllegalArgumentException("need id pattern needs a capturing group: " + pattern);
    }
    return q -> {
      Matcher m = pattern.matcher(q.id());
      return m.matches() && m.group(1) != null && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    };
  }

  /** No pairing: transfer ratios compare whole-language means. */
  static NeedIdStrategy none() {
    return q -> Optional.empty();
  }
}
