package dev.clir.search;

import dev.clir.embed.Embedder;
import java.util.Arrays;
import java.util.Objects;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;

/**
 * A Lucene {@link Query} for a question in any language the model covers, over vectors made with
 * {@code ClirFields}: it composes with an application's own queries and filters ({@code BooleanQuery}) on the
 * application's own {@link IndexSearcher}.
 *
 * <p>The text is embedded when the query is built ({@link #of}), never while searching: queries are rewritten
 * and scored many times (caches, explain, per segment) and must be cheap and deterministic. It rewrites to a
 * {@link KnnFloatVectorQuery} (or, with {@link #withParents}, a {@link DiversifyingChildrenFloatKnnVectorQuery}
 * that returns each parent's best child). Immutable; equality is by field, vector, k, filter and parents.
 *
 * <p>Note that Lucene's kNN queries select their top {@code k} first: a {@link #withFilter filter} restricts the
 * candidates before the search, while a {@code FILTER} clause next to this query in a {@code BooleanQuery}
 * only removes hits from the {@code k} found.
 */
public final class CrossLingualQuery extends Query {
  private final String field;
  private final String text;
  private final float[] vector;
  private final int k;
  private final Query filter;
  private final BitSetProducer parents;

  private CrossLingualQuery(String field, String text, float[] vector, int k, Query filter, BitSetProducer parents) {
    this.field = Objects.requireNonNull(field, "field");
    this.text = Objects.requireNonNull(text, "text");
    this.vector = vector;
    this.k = k;
    this.filter = filter;
    this.parents = parents;
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
  }

  /** Embeds {@code text} as a query with {@code embedder} and searches the {@code k} nearest vectors of {@code field}. */
  public static CrossLingualQuery of(Embedder embedder, String field, String text, int k) {
    return new CrossLingualQuery(field, text, embedder.embedQuery(text), k, null, null);
  }

  /** With a query vector computed elsewhere; {@code text} is only shown by {@link #toString}. */
  public static CrossLingualQuery ofVector(String field, String text, float[] vector, int k) {
    return new CrossLingualQuery(field, text, vector.clone(), k, null, null);
  }

  /** Only documents matching {@code filter} are candidates (pre-filtering). */
  public CrossLingualQuery withFilter(Query filter) {
    return new CrossLingualQuery(field, text, vector, k, filter, parents);
  }

  /** For passage child documents: the best child per parent, {@code k} parents' children. */
  public CrossLingualQuery withParents(BitSetProducer parents) {
    return new CrossLingualQuery(field, text, vector, k, filter, parents);
  }

  public String getField() {
    return field;
  }

  public String getText() {
    return text;
  }

  public float[] getVector() {
    return vector.clone();
  }

  public int getK() {
    return k;
  }

  public Query getFilter() {
    return filter;
  }

  @Override
  public Query rewrite(IndexSearcher searcher) {
    if (parents != null) {
      return new DiversifyingChildrenFloatKnnVectorQuery(field, vector, filter, k, parents);
    }
    return new KnnFloatVectorQuery(field, vector, k, filter);
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String defaultField) {
    StringBuilder b = new StringBuilder("CrossLingualQuery(");
    if (!field.equals(defaultField)) {
      b.append(field).append(':');
    }
    b.append('"').append(text).append("\", k=").append(k);
    if (filter != null) {
      b.append(", filter=").append(filter.toString(defaultField));
    }
    if (parents != null) {
      b.append(", parents=").append(parents);
    }
    return b.append(')').toString();
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && equalsTo((CrossLingualQuery) other);
  }

  private boolean equalsTo(CrossLingualQuery o) {
    return k == o.k && field.equals(o.field) && Arrays.equals(vector, o.vector) && Objects.equals(filter, o.filter)
        && Objects.equals(parents, o.parents);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), field, Arrays.hashCode(vector), k, filter, parents);
  }
}
