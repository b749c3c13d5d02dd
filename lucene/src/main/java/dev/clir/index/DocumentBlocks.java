package dev.clir.index;

import dev.clir.chunk.PassagePipeline.EmbeddedPassages;
import dev.clir.corpus.SourceDocument;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

/**
 * The Lucene block {@code clir-index} stores for a document: its passages as {@link ClirFields} makes them for any
 * application, then the document with the fields {@code clir-index} keeps about it ({@link IndexFields}).
 */
final class DocumentBlocks {
  private final ClirFields fields;

  DocumentBlocks(ClirFields fields) {
    this.fields = fields;
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
