package dev.clir.eval;

import java.util.Objects;

/** Checks on query and document ids, which TREC files separate by whitespace. */
final class Ids {

  private Ids() {}

  static String require(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isWhitespace(id.charAt(i))) {
        throw new IllegalArgumentException(what + " must not contain whitespace (TREC files are whitespace-separated): '"
            + id + "'");
      }
    }
    return id;
  }
}
