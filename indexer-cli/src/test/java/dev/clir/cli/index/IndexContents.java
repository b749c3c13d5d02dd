package dev.clir.cli.index;

import dev.clir.index.IndexFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;

/**
 * What an index holds at its last commit, read with plain Lucene (no model, no write lock), after checking the
 * block structure: every live passage is followed by its live parent, no parent id occurs twice, and every
 * document has at least one passage.
 */
final class IndexContents {
  private IndexContents() {}

  /** A stored document and how many passages its block has. */
  record Doc(String id, String title, String text, String url, String lang, Map<String, String> meta, int passages) {}

  /** The documents by id, sorted. */
  static Map<String, Doc> read(Path index) {
    Map<String, Doc> docs = new TreeMap<>();
    try (Directory dir = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(dir)) {
      QueryBitSetProducer parents = new QueryBitSetProducer(IndexFields.parentsQuery());
      QueryBitSetProducer passages = new QueryBitSetProducer(IndexFields.passagesQuery());
      for (LeafReaderContext leaf : reader.leaves()) {
        BitSet isParent = parents.getBitSet(leaf);
        BitSet isPassage = passages.getBitSet(leaf);
        Bits live = leaf.reader().getLiveDocs();
        int pending = 0;
        for (int d = 0; d < leaf.reader().maxDoc(); d++) {
          boolean alive = live == null || live.get(d);
          if (isPassage != null && isPassage.get(d)) {
            if (alive) {
              pending++;
            }
          } else if (isParent != null && isParent.get(d)) {
            if (alive) {
              Doc doc = toDoc(leaf.reader().storedFields().document(d), pending);
              if (docs.put(doc.id(), doc) != null) {
                throw new AssertionError("document id " + doc.id() + " occurs twice in " + index);
              }
              if (pending == 0) {
                throw new AssertionError("document " + doc.id() + " has no passages in " + index);
              }
            } else if (pending > 0) {
              throw new AssertionError(pending + " live passages belong to a deleted document in " + index);
            }
            pending = 0;
          } else {
            throw new AssertionError("Lucene document " + d + " is neither a passage nor a document in " + index);
          }
        }
        if (pending > 0) {
          throw new AssertionError(pending + " passages without a parent document at the end of a segment of " + index);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  private static Doc toDoc(Document d, int passages) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (IndexableField f : d.getFields()) {
      if (f.name().startsWith(IndexFields.META_PREFIX)) {
        meta.put(f.name().substring(IndexFields.META_PREFIX.length()), f.stringValue());
      }
    }
    return new Doc(d.get(IndexFields.ID), d.get(IndexFields.TITLE), d.get(IndexFields.TEXT), d.get(IndexFields.URL),
        d.get(IndexFields.LANG), meta, passages);
  }
}
