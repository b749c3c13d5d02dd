package dev.clir.index;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.QueryBitSetProducer;

/**
 * Field names of a clir index. A document is stored as a Lucene block: its passages (children), then the
 * document itself (parent). The passages and the block structure are {@link ClirFields}' schema with its default
 * prefix, the one applications use; the document fields are what {@code clir-index} stores about a document.
 * User-facing fields have plain names so that filters read naturally ({@code lang:pt}, {@code meta.product:router});
 * clir's own fields start with {@code clir.}.
 */
public final class IndexFields {
  private IndexFields() {}

  // ---- parent (document) ----
  /** Document id: StringField, stored, on the parent only, so that a term query on it finds documents. */
  public static final String ID = "id";
  /** Title: TextField (BM25), stored. */
  public static final String TITLE = "title";
  /** Full text: TextField (BM25), stored; passages point into it by offsets. */
  public static final String TEXT = "text";
  /** URL: stored only. */
  public static final String URL = "url";
  /** Language code: StringField, stored (filterable). */
  public static final String LANG = "lang";
  /** Prefix of metadata fields: {@code meta.<key>}, StringField, stored (filterable). */
  public static final String META_PREFIX = "meta.";
  /** SHA-256 of the document's content: stored only; equal hash means the document is unchanged. */
  public static final String CONTENT_HASH = "clir.hash";

  // ---- both ----
  /**
   * The document id on the parent and on every passage: StringField, not stored. Updates and deletes use it,
   * so that one term removes the whole block; a term on the parent only would leave its passages behind, still
   * searchable and joined to a deleted parent.
   */
  public static final String BLOCK = "clir.block";

  // ---- clir's passage schema ({@link ClirFields} with its default prefix) ----
  /** {@link #KIND_DOC} or {@link #KIND_PASSAGE}: StringField; the parents filter of block joins. */
  public static final String KIND = ClirFields.DEFAULT_PREFIX + ClirFields.KIND_SUFFIX;

  public static final String KIND_DOC = ClirFields.KIND_DOC;
  public static final String KIND_PASSAGE = ClirFields.KIND_PASSAGE;
  /** Passage vector: KnnFloatVectorField. */
  public static final String VECTOR = ClirFields.DEFAULT_PREFIX + ClirFields.VECTOR_SUFFIX;
  /** Passage text without the carried title: stored. */
  public static final String PASSAGE_TEXT = ClirFields.DEFAULT_PREFIX + ClirFields.PASSAGE_SUFFIX;
  /** Passage offsets into the parent's full text (UTF-16 units, [start, end)): stored ints. */
  public static final String PASSAGE_START = ClirFields.DEFAULT_PREFIX + ClirFields.START_SUFFIX;

  public static final String PASSAGE_END = ClirFields.DEFAULT_PREFIX + ClirFields.END_SUFFIX;
  /** Passage position in its document, from 0: stored int. */
  public static final String PASSAGE_ORDINAL = ClirFields.DEFAULT_PREFIX + ClirFields.ORDINAL_SUFFIX;

  public static String metaField(String key) {
    return META_PREFIX + key;
  }

  /** Matches every document (parent) and nothing else. */
  public static Query parentsQuery() {
    return new TermQuery(new Term(KIND, KIND_DOC));
  }

  /** Matches every passage (child). */
  public static Query passagesQuery() {
    return new TermQuery(new Term(KIND, KIND_PASSAGE));
  }

  /** The parents filter for block joins; cache one per searcher (it caches bit sets per segment). */
  public static BitSetProducer parentsFilter() {
    return new QueryBitSetProducer(parentsQuery());
  }

  /** Filter on a metadata key/value (exact keyword match). */
  public static Query metaFilter(String key, String value) {
    return new TermQuery(new Term(metaField(key), value));
  }

  public static Term blockTerm(String id) {
    return new Term(BLOCK, id);
  }
}
