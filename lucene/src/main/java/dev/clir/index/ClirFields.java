package dev.clir.index;

import dev.clir.chunk.Passage;
import dev.clir.chunk.PassagePipeline;
import dev.clir.chunk.PassagePipeline.EmbeddedPassages;
import dev.clir.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.QueryBitSetProducer;

/**
 * clir's passage schema: the vector and passage fields clir adds to Lucene documents, the same whether a clir index
 * ({@link ClirIndexWriter}, {@code clir-index}) or an application's own index holds them. Like
 * {@link KnnFloatVectorField}, a small immutable value: create it once with {@link #forModel} (which checks the
 * dimension) and reuse it for every document.
 *
 * <p>Field names are {@code <prefix>.vector}, {@code <prefix>.passage}, ... with prefix {@value #DEFAULT_PREFIX}
 * by default, the names of a clir index; {@link #withPrefix} gives a second set (a second model in one index).
 *
 * <p>Two ways to use it: one vector per application document ({@link #addTo(Document, PassagePipeline, String,
 * String, String)}: title and the beginning of the text, cut to what the model reads), or, for long documents, one
 * child document per passage ({@link #passageDocuments}) and the application's document after them as one Lucene
 * block ({@link #block}); then search with {@code CrossLingualQuery.withParents(fields.parentsFilter())} to get one
 * hit per application document. Blocks are what {@code ClirSearcher} and {@code clir-query} search.
 */
public final class ClirFields {
  public static final String DEFAULT_PREFIX = "clir";
  /** {@link #kindField()} value on a block's parent (the document). */
  public static final String KIND_DOC = "doc";
  /** {@link #kindField()} value on a block's children (the passages). */
  public static final String KIND_PASSAGE = "passage";

  static final String VECTOR_SUFFIX = ".vector";
  static final String PASSAGE_SUFFIX = ".passage";
  static final String KIND_SUFFIX = ".kind";
  static final String START_SUFFIX = ".start";
  static final String END_SUFFIX = ".end";
  static final String ORDINAL_SUFFIX = ".ordinal";

  private final String prefix;
  private final int dimension;
  private final VectorSimilarityFunction similarity;
  private final FieldType vectorType;

  private ClirFields(String prefix, int dimension, VectorSimilarityFunction similarity) {
    this.prefix = prefix;
    this.dimension = dimension;
    this.similarity = similarity;
    this.vectorType = KnnFloatVectorField.createFieldType(dimension, similarity);
  }

  /**
   * @throws IllegalArgumentException for a dimension outside {@code [1, 1024]}
   */
  public static ClirFields of(int dimension, VectorSimilarityFunction similarity) {
    Objects.requireNonNull(similarity, "similarity");
    if (dimension < 1 || dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
      throw new IllegalArgumentException("vector dimension must be in [1, " + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS
          + "]: " + dimension);
    }
    return new ClirFields(DEFAULT_PREFIX, dimension, similarity);
  }

  /** Fields for {@code model}'s vectors, with clir's default similarity for it. */
  public static ClirFields forModel(ModelInfo model) {
    return of(model.dimension(), IndexMetadata.defaultSimilarity(model));
  }

  /** The same fields under other names: {@code <prefix>.vector}, ... */
  public ClirFields withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isBlank()) {
      throw new IllegalArgumentException("field name prefix must not be blank");
    }
    return new ClirFields(prefix, dimension, similarity);
  }

  /** The passage vector: KnnFloatVectorField. */
  public String vectorField() {
    return prefix + VECTOR_SUFFIX;
  }

  /** The passage's text as it appears in the document (without the carried title): stored. */
  public String passageField() {
    return prefix + PASSAGE_SUFFIX;
  }

  /** {@link #KIND_DOC} or {@link #KIND_PASSAGE}: StringField; what the parents filter of block joins selects. */
  public String kindField() {
    return prefix + KIND_SUFFIX;
  }

  /** Offset of the passage in the document's text (UTF-16 units, inclusive): stored int. */
  public String startField() {
    return prefix + START_SUFFIX;
  }

  /** Offset after the passage (exclusive): stored int. */
  public String endField() {
    return prefix + END_SUFFIX;
  }

  /** Position of the passage in its document, from 0: stored int. */
  public String ordinalField() {
    return prefix + ORDINAL_SUFFIX;
  }

  public int dimension() {
    return dimension;
  }

  public VectorSimilarityFunction similarity() {
    return similarity;
  }

  /** The vector field for one vector. */
  public KnnFloatVectorField vector(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions; field " + vectorField()
          + " holds " + dimension);
    }
    return new KnnFloatVectorField(vectorField(), vector, vectorType);
  }

  /** Vector and stored passage text. */
  public List<IndexableField> fields(float[] vector, String passageText) {
    return List.of(vector(vector), new StoredField(passageField(), passageText));
  }

  /** Adds vector and passage text to {@code doc} and returns it. */
  public Document addTo(Document doc, float[] vector, String passageText) {
    fields(vector, passageText).forEach(doc::add);
    return doc;
  }

  /**
   * Embeds the document's first passage (title and the beginning of the text, as much as the model reads) and
   * adds it to {@code doc}. Text beyond the model's window is not represented: use {@link #passageDocuments}
   * for long documents.
   *
   * @param lang the document's language tag, or {@code null}
   */
  public Document addTo(Document doc, PassagePipeline passages, String title, String text, String lang) {
    checkModel(passages);
    List<Passage> all = passages.split(title, text, lang);
    if (all.isEmpty()) {
      return doc;
    }
    EmbeddedPassages first = passages.embed(List.of(all.subList(0, 1))).get(0);
    return addTo(doc, first.vectors()[0], first.passages().get(0).text());
  }

  /**
   * One child document per passage of the document, to be indexed right before the application's own document
   * (see {@link #block}). Each child holds the vector, the passage text, its offsets and ordinal, and
   * {@link #kindField()}{@code :passage}; the application adds its own id field to them if it deletes by term.
   *
   * @param lang the document's language tag (its sentence rules cut the passages), or {@code null}
   */
  public List<Document> passageDocuments(PassagePipeline passages, String title, String text, String lang) {
    checkModel(passages);
    return passageDocuments(passages.process(title, text, lang));
  }

  /** The child documents of passages embedded already (e.g. in a batch of several documents). */
  public List<Document> passageDocuments(EmbeddedPassages embedded) {
    List<Document> children = new ArrayList<>(embedded.size());
    for (int i = 0; i < embedded.size(); i++) {
      Passage p = embedded.passages().get(i);
      Document child = addTo(new Document(), embedded.vectors()[i], p.text());
      child.add(new StoredField(startField(), p.start()));
      child.add(new StoredField(endField(), p.end()));
      child.add(new StoredField(ordinalField(), p.ordinal()));
      child.add(new StringField(kindField(), KIND_PASSAGE, Field.Store.NO));
      children.add(child);
    }
    return children;
  }

  /**
   * A Lucene block for {@code IndexWriter.addDocuments}/{@code updateDocuments}: the passages, then {@code parent}
   * (the application's document), marked {@link #kindField()}{@code :doc} so that {@link #parentsFilter()} finds it.
   */
  public List<Document> block(List<Document> passageDocuments, Document parent) {
    parent.add(new StringField(kindField(), KIND_DOC, Field.Store.NO));
    List<Document> block = new ArrayList<>(passageDocuments.size() + 1);
    block.addAll(passageDocuments);
    block.add(parent);
    return block;
  }

  /**
   * clir's metadata for an application index of these fields (model, chunking, vector format), for its commit user
   * data: {@code writer.setLiveCommitData(fields.commitData(...).entrySet())}. With it, and documents indexed as
   * {@link #block}s, {@code ClirSearcher} and {@code clir-query} open the index (and refuse another model's).
   *
   * @throws IllegalStateException for fields under another prefix than {@value #DEFAULT_PREFIX}, which clir's
   *     searcher would not find
   */
  public Map<String, String> commitData(PassagePipeline passages, VectorFormat format, HnswParams hnsw) {
    checkModel(passages);
    if (!prefix.equals(DEFAULT_PREFIX)) {
      throw new IllegalStateException("clir's searcher reads the " + DEFAULT_PREFIX + ".* fields, not " + prefix
          + ".*; only the default prefix makes an index clir-query can open");
    }
    return IndexMetadata.create(passages.embedder().info(), similarity, passages.chunking(), passages.maxTokens(),
        format, hnsw).toUserData();
  }

  /** Matches the parents of blocks (documents) and nothing else. */
  public Query parentsQuery() {
    return new TermQuery(new Term(kindField(), KIND_DOC));
  }

  /** Matches the passages (children). */
  public Query passagesQuery() {
    return new TermQuery(new Term(kindField(), KIND_PASSAGE));
  }

  /** The parents filter of block joins; keep one per searcher (it caches a bit set per segment). */
  public BitSetProducer parentsFilter() {
    return new QueryBitSetProducer(parentsQuery());
  }

  private void checkModel(PassagePipeline passages) {
    if (passages.embedder().dimension() != dimension) {
      throw new IllegalArgumentException("model " + passages.embedder().info().id() + " makes "
          + passages.embedder().dimension() + "-dimensional vectors; field " + vectorField() + " holds " + dimension);
    }
  }

  @Override
  public String toString() {
    return "ClirFields(" + prefix + ", " + dimension + ", " + similarity + ")";
  }
}
