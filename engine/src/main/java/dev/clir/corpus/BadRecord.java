package dev.clir.corpus;

/** A record-level problem found while building a document; sources turn it into a {@link SourceRecord.Failed}. */
final class BadRecord extends Exception {

  private static final long serialVersionUID = 1L;

  BadRecord(String message) {
    super(message, null, false, false);
  }
}
