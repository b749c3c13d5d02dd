package dev.clir.index;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.Passage;
import dev.clir.chunk.PassageSplitter;
import dev.clir.embed.Embedder;
import dev.clir.embed.TextKind;
import dev.clir.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * clir's vector and passage fields for an application's own Lucene documents, which keep all their other
 * fields. Like {@link KnnFloatVectorField}, a small immutable value: create it once per field with
 * {@link #of} (which checks the dimension once) and reuse it for every document.
 *
 * <p>Two ways to use it: one vector per application document ({@link #addTo(Document, Embedder, String,
 * String)}: title and the beginning of the text, cut to what the model reads), or, for long documents, one child
 * document per passage ({@link #passageDocuments}) written before the application's document as a block with
 * {@code IndexWriter.addDocuments}; then search with {@code CrossLingualQuery.withParents} to get one hit per
 * application document.
 */
public final class ClirFields {
  public static final String DEFAULT_VECTOR_FIELD = "clir_vector";
  /** Stored passage text: what the vector was computed from. */
  public static final String PASSAGE_SUFFIX = "_passage";
  /** Marker on passage child documents ({@code <vectorField>_kind:passage}). */
  public static final String KIND_SUFFIX = "_kind";

  private final String vectorField;
  private final int dimension;
  private final VectorSimilarityFunction similarity;
  private final FieldType vectorType;

  private ClirFields(String vectorField, int dimension, VectorSimilarityFunction similarity) {
    this.vectorField = vectorField;
    this.dimension = dimension;
    this.similarity = similarity;
    this.vectorType = KnnFloatVectorField.createFieldType(dimension, similarity);
  }

  /**
   * @throws IllegalArgumentException for a blank field name or a dimension outside {@code [1, 1024]}
   */
  public static ClirFields of(String vectorField, int dimension, VectorSimilarityFunction similarity) {
    Objects.requireNonNull(vectorField, "vectorField");
    Objects.requireNonNull(similarity, "similarity");
    if (vectorField.isBlank()) {
      throw new IllegalArgumentException("vector field name must not be blank");
    }
    if (dimension < 1 || dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
      throw new IllegalArgumentException("vector dimension must be in [1, " + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS
          + "]: " + dimension);
    }
    return new ClirFields(vectorField, dimension, similarity);
  }

  /** Fields for {@code model}'s vectors, with clir's default similarity for it. */
  public static ClirFields forModel(String vectorField, ModelInfo model) {
    return of(vectorField, model.dimension(), IndexMetadata.defaultSimilarity(model));
  }

  public String vectorField() {
    return vectorField;
  }

  public String passageField() {
    return vectorField + PASSAGE_SUFFIX;
  }

  public String kindField() {
    return vectorField + KIND_SUFFIX;
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
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions; field " + vectorField
          + " holds " + dimension);
    }
    return new KnnFloatVectorField(vectorField, vector, vectorType);
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
   */
  public Document addTo(Document doc, Embedder embedder, String title, String text) {
    checkModel(embedder);
    List<Passage> passages = new PassageSplitter(embedder.tokenizer(), ChunkingConfig.DEFAULTS).split(title, text);
    if (passages.isEmpty()) {
      return doc;
    }
    Passage first = passages.get(0);
    float[] v = embedder.embed(TextKind.PASSAGE, List.of(first.embeddingText())).vector(0);
    return addTo(doc, v, first.text());
  }

  /**
   * One child document per passage of {@code text}, to be indexed right before the application's own document
   * in one {@code addDocuments}/{@code updateDocuments} call. Each child holds the vector, the passage text and
   * {@link #kindField()}{@code :passage}; the application adds its own id field to them if it deletes by term.
   */
  public List<Document> passageDocuments(Embedder embedder, ChunkingConfig chunking, String title, String text) {
    checkModel(embedder);
    List<Passage> passages = new PassageSplitter(embedder.tokenizer(), chunking).split(title, text);
    List<String> texts = passages.stream().map(Passage::embeddingText).toList();
    float[][] vectors = texts.isEmpty() ? new float[0][] : embedder.embed(TextKind.PASSAGE, texts).vectors();
    List<Document> children = new ArrayList<>(passages.size());
    for (int i = 0; i < passages.size(); i++) {
      Document child = addTo(new Document(), vectors[i], passages.get(i).text());
      child.add(new StringField(kindField(), IndexFields.KIND_PASSAGE, Field.Store.NO));
      children.add(child);
    }
    return children;
  }

  private void checkModel(Embedder embedder) {
    if (embedder.dimension() != dimension) {
      throw new IllegalArgumentException("model " + embedder.info().id() + " makes " + embedder.dimension()
          + "-dimensional vectors; field " + vectorField + " holds " + dimension);
    }
  }

  @Override
  public String toString() {
    return "ClirFields(" + vectorField + ", " + dimension + ", " + similarity + ")";
  }
}
