package dev.clir.bench.quality;

import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.Origin;
import dev.clir.corpus.SourceDocument;
import dev.clir.corpus.SourceRecord;
import java.util.Iterator;
import java.util.List;

/**
 * Documents converted in memory, read like a file by {@link dev.clir.index.BulkIndexer}: the public sets are never
 * written into the project, so they reach the indexer this way. Record {@code n} has origin {@code name:n}.
 */
final class InMemorySource implements DocumentSource {
  private final String name;
  private final List<SourceDocument> documents;
  private boolean used;

  InMemorySource(String name, List<SourceDocument> documents) {
    this.name = name;
    this.documents = List.copyOf(documents);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Iterator<SourceRecord> iterator() {
    if (used) {
      throw new IllegalStateException(name + " can be read once");
    }
    used = true;
    Iterator<SourceDocument> docs = documents.iterator();
    return new Iterator<>() {
      private long line;

      @Override
      public boolean hasNext() {
        return docs.hasNext();
      }

      @Override
      public SourceRecord next() {
        return new SourceRecord.Parsed(docs.next(), new Origin(name, ++line));
      }
    };
  }

  @Override
  public void close() {
    // nothing to release
  }
}
