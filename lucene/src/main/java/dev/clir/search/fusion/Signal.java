package dev.clir.search.fusion;

import java.util.Locale;

/** The per-question signal that moves the vector weight in {@code auto} mode, each in [0, 1]. */
public enum Signal {
  /** None: the rule's weight is fixed. */
  NONE("none"),
  /** {@link QuestionSignals#termShare()}. */
  TERM_SHARE("term-share"),
  /** {@link QuestionSignals#idfShare()}. */
  IDF_SHARE("idf-share"),
  /** {@link QuestionSignals#keywordBreadth()}. */
  KEYWORD_BREADTH("keyword-breadth"),
  /** {@link QuestionSignals#vectorMargin()}. */
  VECTOR_MARGIN("vector-margin"),
  /** {@link QuestionSignals#keywordMargin()}. */
  KEYWORD_MARGIN("keyword-margin");

  private final String label;

  Signal(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public double value(QuestionSignals s) {
    return switch (this) {
      case NONE -> 0;
      case TERM_SHARE -> s.termShare();
      case IDF_SHARE -> s.idfShare();
      case KEYWORD_BREADTH -> s.keywordBreadth();
      case VECTOR_MARGIN -> s.vectorMargin();
      case KEYWORD_MARGIN -> s.keywordMargin();
    };
  }

  /** By {@link #label()}, case-insensitively. */
  public static Signal parse(String label) {
    String l = label.strip().toLowerCase(Locale.ROOT);
    for (Signal s : values()) {
      if (s.label.equals(l)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown signal '" + label + "' (use " + String.join(", ",
        java.util.Arrays.stream(values()).map(Signal::label).toList()) + ")");
  }
}
