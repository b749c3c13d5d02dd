package dev.clir.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;

/**
 * Size of an index as {@code clir-index info} shows it.
 *
 * @param documents live documents
 * @param passages live passages (vectors)
 * @param segments Lucene segments of the searched view
 * @param sizeOnDiskBytes all files of the index directory, including files of older commits not yet deleted
 */
public record IndexStats(long documents, long passages, int segments, long sizeOnDiskBytes) {

  /** Counts what {@code searcher} sees and measures {@code dir}. */
  public static IndexStats compute(IndexSearcher searcher, Directory dir) {
    try {
      long docs = searcher.count(IndexFields.parentsQuery());
      long passages = searcher.count(IndexFields.passagesQuery());
      return new IndexStats(docs, passages, searcher.getIndexReader().leaves().size(), sizeOnDisk(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long sizeOnDisk(Directory dir) throws IOException {
    long total = 0;
    for (String file : dir.listAll()) {
      try {
        total += dir.fileLength(file);
      } catch (NoSuchFileException e) {
        // deleted by a concurrent merge or commit
      }
    }
    return total;
  }
}
