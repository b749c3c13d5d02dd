package dev.clir.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * The result of a search already run, as a query: these documents with these scores. What {@link CrossLingualQuery}
 * rewrites to after rescoring (Lucene's own equivalent is package-private). Valid only on the reader it was made
 * for.
 */
final class FixedHitsQuery extends Query {
  private final Object readerId;
  /** Global doc ids, ascending, and their scores. */
  private final int[] docs;
  private final float[] scores;
  private final float maxScore;

  FixedHitsQuery(IndexReader reader, ScoreDoc[] hits) {
    ScoreDoc[] sorted = hits.clone();
    Arrays.sort(sorted, (a, b) -> Integer.compare(a.doc, b.doc));
    this.readerId = reader.getContext().id();
    this.docs = new int[sorted.length];
    this.scores = new float[sorted.length];
    float max = 0;
    for (int i = 0; i < sorted.length; i++) {
      docs[i] = sorted[i].doc;
      scores[i] = sorted[i].score;
      max = Math.max(max, sorted[i].score);
    }
    this.maxScore = max;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    if (searcher.getIndexReader().getContext().id() != readerId) {
      throw new IllegalStateException("this query was rewritten for another reader");
    }
    return new Weight(this) {
      @Override
      public Explanation explain(LeafReaderContext context, int doc) {
        int i = Arrays.binarySearch(docs, context.docBase + doc);
        return i < 0 ? Explanation.noMatch("not among the top " + docs.length + " vector hits")
            : Explanation.match(scores[i] * boost, "vector similarity, among the top " + docs.length);
      }

      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) {
        int from = lowerBound(context.docBase);
        int to = lowerBound(context.docBase + context.reader().maxDoc());
        if (from == to) {
          return null;
        }
        Scorer scorer = new FixedScorer(context.docBase, from, to, boost);
        return new ScorerSupplier() {
          @Override
          public Scorer get(long leadCost) {
            return scorer;
          }

          @Override
          public long cost() {
            return to - from;
          }
        };
      }

      @Override
      public int count(LeafReaderContext context) {
        return lowerBound(context.docBase + context.reader().maxDoc()) - lowerBound(context.docBase);
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return true;
      }
    };
  }

  /** Iterates docs {@code [from, to)} of the arrays, one segment's share. */
  private final class FixedScorer extends Scorer {
    private final int docBase;
    private final int from;
    private final int to;
    private final float boost;
    private int i;

    FixedScorer(int docBase, int from, int to, float boost) {
      this.docBase = docBase;
      this.from = from;
      this.to = to;
      this.boost = boost;
      this.i = from - 1;
    }

    @Override
    public int docID() {
      return i < from ? -1 : i >= to ? DocIdSetIterator.NO_MORE_DOCS : docs[i] - docBase;
    }

    @Override
    public float score() {
      return scores[i] * boost;
    }

    @Override
    public float getMaxScore(int upTo) {
      return maxScore * boost;
    }

    @Override
    public DocIdSetIterator iterator() {
      return new DocIdSetIterator() {
        @Override
        public int docID() {
          return FixedScorer.this.docID();
        }

        @Override
        public int nextDoc() {
          i = Math.min(i + 1, to);
          return FixedScorer.this.docID();
        }

        @Override
        public int advance(int target) throws IOException {
          return slowAdvance(target);
        }

        @Override
        public long cost() {
          return to - from;
        }
      };
    }
  }

  /** Index of the first doc {@code >= doc}. */
  private int lowerBound(int doc) {
    int i = Arrays.binarySearch(docs, doc);
    return i >= 0 ? i : -i - 1;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return "FixedHitsQuery(" + docs.length + " docs, maxScore=" + maxScore + ")";
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && readerId == ((FixedHitsQuery) other).readerId
        && Arrays.equals(docs, ((FixedHitsQuery) other).docs) && Arrays.equals(scores, ((FixedHitsQuery) other).scores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), readerId, Arrays.hashCode(docs), Arrays.hashCode(scores));
  }
}
