package dev.clir.search;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.PassagePipeline;
import dev.clir.corpus.SourceDocument;
import dev.clir.index.ClirCodec;
import dev.clir.index.ClirFields;
import dev.clir.index.HnswParams;
import dev.clir.index.VectorFormat;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The help corpus as an application indexes it through clir's documented field API (docs/lucene-extension.md),
 * not with clir-index: its own fields ({@code id}, {@code title}, {@code section}) on its documents, clir's fields
 * from {@link ClirFields}, int8 vectors. For the tests that clir's searcher and clir-query open such indexes.
 */
public final class ApplicationIndex {
  /** How the application lays out its documents. */
  public enum Layout {
    /** Passage children before each document, as {@link ClirFields#block} makes them. */
    BLOCKS,
    /** One vector on each document ({@link ClirFields#addTo}), no blocks. */
    ONE_VECTOR_PER_DOCUMENT
  }

  private ApplicationIndex() {}

  /**
   * Writes the index at {@code path}.
   *
   * @param recordModel whether the commit records clir's metadata ({@link ClirFields#commitData})
   */
  public static Path build(Path path, Layout layout, boolean recordModel) throws IOException {
    CachingEmbedder model = CachingEmbedder.shared();
    ClirFields clir = ClirFields.forModel(model.info());
    PassagePipeline passages = new PassagePipeline(model, ChunkingConfig.DEFAULTS);
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
        .setCodec(ClirCodec.wrap(Codec.getDefault(), Map.of(clir.vectorField(), VectorFormat.INT8)));
    try (Directory dir = FSDirectory.open(path); IndexWriter writer = new IndexWriter(dir, config)) {
      for (SourceDocument d : HelpCorpus.DOCS) {
        Document article = new Document();
        article.add(new StringField("id", d.id(), Field.Store.YES));
        article.add(new TextField("title", d.title(), Field.Store.YES));
        article.add(new StringField("section", d.meta().get("category"), Field.Store.YES));
        if (layout == Layout.BLOCKS) {
          writer.addDocuments(clir.block(clir.passageDocuments(passages, d.title(), d.text(), d.lang()), article));
        } else {
          writer.addDocument(clir.addTo(article, passages, d.title(), d.text(), d.lang()));
        }
      }
      if (recordModel) {
        writer.setLiveCommitData(clir.commitData(passages, VectorFormat.INT8, HnswParams.DEFAULTS).entrySet());
      }
      writer.commit();
    }
    return path;
  }
}
