package dev.clir.index;

import dev.clir.chunk.PassagePipeline.EmbeddedPassages;
import dev.clir.corpus.SourceDocument;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;

/**
 * The Lucene block {@code clir-index} stores for a document: its passages as {@link ClirFields} makes them for any
 * application, then the document with the fields {@code clir-index} keeps about it ({@link IndexFields}).
 */
final class DocumentBlocks {
  private final ClirFields fields;

  DocumentBlocks(ClirFields fields) {
    this.fields = fields;
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

  List<Document> block(SourceDocument doc, String contentHash, EmbeddedPassages passages) {
    List<Document> children = fields.passageDocuments(passages);
    for (Document child : children) {
      child.add(new StringField(IndexFields.BLOCK, doc.id(), Field.Store.NO));
    }
    Document parent = new Document();
    parent.add(new StringField(IndexFields.ID, doc.id(), Field.Store.YES));
    parent.add(new StringField(IndexFields.BLOCK, doc.id(), Field.Store.NO));
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
    return fields.block(children, parent);
  }
}
