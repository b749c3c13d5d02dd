package dev.clir.index;

import dev.clir.chunk.Passage;
import dev.clir.corpus.SourceDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Turns a document, its passages and their vectors into the Lucene block clir stores: passages, then parent. */
final class DocumentBlocks {
  private final FieldType vectorType;

  DocumentBlocks(int dimension, VectorSimilarityFunction similarity) {
    this.vectorType = KnnFloatVectorField.createFieldType(dimension, similarity);
  }

  /**
   * What makes {@code doc} unindexable, or {@code null}: its id, language and metadata values are single keywords,
   * which Lucene limits to {@value IndexWriter#MAX_TERM_LENGTH} bytes of UTF-8.
   */
  static String keywordProblem(SourceDocument doc) {
    Map<String, String> keywords = new LinkedHashMap<>();
    keywords.put("id", doc.id());
    if (doc.lang() != null) {
      keywords.put("lang", doc.lang());
    }
    doc.meta().forEach((k, v) -> keywords.put("meta " + k, v));
    for (Map.Entry<String, String> e : keywords.entrySet()) {
      int bytes = e.getValue().getBytes(StandardCharsets.UTF_8).length;
      if (bytes > IndexWriter.MAX_TERM_LENGTH) {
        return e.getKey() + " is " + bytes + " bytes long; it is indexed as one keyword, which can be at most "
            + IndexWriter.MAX_TERM_LENGTH + " bytes (UTF-8)";
      }
    }
    return null;
  }

  List<Document> block(SourceDocument doc, String contentHash, List<Passage> passages, float[][] vectors) {
    if (passages.size() != vectors.length) {
      throw new IllegalArgumentException(passages.size() + " passages but " + vectors.length + " vectors");
    }
    List<Document> block = new ArrayList<>(passages.size() + 1);
    for (int i = 0; i < passages.size(); i++) {
      Passage p = passages.get(i);
      Document child = new Document();
      child.add(new StringField(IndexFields.BLOCK, doc.id(), Field.Store.NO));
      child.add(new StringField(IndexFields.KIND, IndexFields.KIND_PASSAGE, Field.Store.NO));
      child.add(new KnnFloatVectorField(IndexFields.VECTOR, vectors[i], vectorType));
      child.add(new StoredField(IndexFields.PASSAGE_TEXT, p.text()));
      child.add(new StoredField(IndexFields.PASSAGE_START, p.start()));
      child.add(new StoredField(IndexFields.PASSAGE_END, p.end()));
      child.add(new StoredField(IndexFields.PASSAGE_ORDINAL, p.ordinal()));
      block.add(child);
    }
    Document parent = new Document();
    parent.add(new StringField(IndexFields.ID, doc.id(), Field.Store.YES));
    parent.add(new StringField(IndexFields.BLOCK, doc.id(), Field.Store.NO));
    parent.add(new StringField(IndexFields.KIND, IndexFields.KIND_DOC, Field.Store.NO));
    parent.add(new TextField(IndexFields.TITLE, doc.title(), Field.Store.YES));
    parent.add(new TextField(IndexFields.TEXT, doc.text(), Field.Store.YES));
    if (doc.url() != null) {
      parent.add(new StoredField(IndexFields.URL, doc.url()));
    }
    if (doc.lang() != null) {
      parent.add(new StringField(IndexFields.LANG, doc.lang(), Field.Store.YES));
    }
    doc.meta().forEach((k, v) -> parent.add(new StringField(IndexFields.metaField(k), v, Field.Store.YES)));
    parent.add(new StoredField(IndexFields.CONTENT_HASH, contentHash));
    block.add(parent);
    return block;
  }
}
