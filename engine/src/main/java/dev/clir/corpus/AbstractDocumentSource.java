package dev.clir.corpus;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Single-use iterator plumbing shared by the sources: subclasses only say how to read the next record. */
abstract class AbstractDocumentSource implements DocumentSource {

  private final String name;
  private boolean iterated;

  AbstractDocumentSource(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** The next record, or {@code null} at the end. */
  abstract SourceRecord readNext();

  @Override
  public final Iterator<SourceRecord> iterator() {
    if (iterated) {
      throw new IllegalStateException("a DocumentSource can be iterated only once: " + name);
    }
    iterated = true;
    return new Iterator<>() {
      private SourceRecord next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          next = readNext();
          done = next == null;
        }
        return next != null;
      }

      @Override
      public SourceRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
      }
    };
  }
}
