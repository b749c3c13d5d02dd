package dev.clir.index;

/** What {@link ClirIndexWriter#add} did with a document. */
public enum AddResult {
  /** The id was new. */
  ADDED,
  /** The id existed with other content; its block was replaced. */
  UPDATED,
  /** The id existed with the same content hash; nothing was embedded or written. */
  UNCHANGED
}
