package dev.clir.corpus;

import java.util.Objects;

/**
 * One item read from a {@link DocumentSource}: a document, or the reason a record could not be read. Sources
 * yield failures instead of throwing so that the caller decides between stopping and skipping
 * ({@code --on-error}). Named {@code SourceRecord} rather than {@code Record} so as not to shadow
 * {@link java.lang.Record}.
 */
public sealed interface SourceRecord permits SourceRecord.Parsed, SourceRecord.Failed {

  Origin origin();

  /** The document, or an {@link InputFormatException} for a failure (for callers that stop at the first one). */
  SourceDocument orThrow();

  /**
   * A document read successfully. Its text may be empty: {@link #hasEmptyText()} lets the caller skip it with a
   * warning. Duplicate ids are not checked here; {@link #origin()} says where each one came from.
   */
  record Parsed(SourceDocument document, Origin origin) implements SourceRecord {
    public Parsed {
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(origin, "origin");
    }

    public boolean hasEmptyText() {
      return document.text().isBlank();
    }

    @Override
    public SourceDocument orThrow() {
      return document;
    }
  }

  /**
   * A record that could not be read.
   *
   * @param message what is wrong, without the origin (see {@link #toString()} for both)
   */
  record Failed(Origin origin, String message) implements SourceRecord {
    public Failed {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(message, "message");
    }

    public InputFormatException toException() {
      return new InputFormatException(origin, message);
    }

    @Override
    public SourceDocument orThrow() {
      throw toException();
    }

    /** {@code file:line: message}. */
    @Override
    public String toString() {
      return origin + ": " + message;
    }
  }
}
