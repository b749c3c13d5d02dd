package dev.clir.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;

/**
 * Brute-force nearest documents: scores every passage against the query and keeps the best passage per
 * document. Scores come from {@link FloatVectorValues#rescorer}, i.e. the float32 vectors even in quantized
 * formats; Lucene's own exact path ({@code AbstractKnnVectorQuery.exactSearch}) uses {@code scorer}, which for
 * quantized formats scores the quantized copies, so it would not be a ground truth for them.
 */
final class ExactPassageSearch {
  private ExactPassageSearch() {}

  /** A document and its best passage; global doc ids. */
  record DocHit(int parentDoc, int childDoc, float score) {}

  private static final Comparator<DocHit> WORST_FIRST =
      Comparator.comparingDouble(DocHit::score).thenComparing(DocHit::parentDoc, Comparator.reverseOrder());

  /** The {@code n} best documents by their best passage, best first. */
  static List<DocHit> topDocuments(IndexSearcher searcher, String field, float[] query, Query childFilter,
      BitSetProducer parents, int n) throws IOException {
    Weight filterWeight = childFilter == null ? null
        : searcher.createWeight(searcher.rewrite(childFilter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    PriorityQueue<DocHit> top = new PriorityQueue<>(n + 1, WORST_FIRST);
    for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
      FloatVectorValues values = ctx.reader().getFloatVectorValues(field);
      BitSet parentBits = parents.getBitSet(ctx);
      if (values == null || parentBits == null) {
        continue;
      }
      DocIdSetIterator filter = null;
      if (filterWeight != null) {
        Scorer s = filterWeight.scorer(ctx);
        if (s == null) {
          continue;
        }
        filter = s.iterator();
      }
      VectorScorer scorer = values.rescorer(query);
      DocIdSetIterator it = scorer.iterator();
      Bits live = ctx.reader().getLiveDocs();
      int currentParent = -1;
      int bestChild = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      int doc = it.nextDoc();
      while (doc != DocIdSetIterator.NO_MORE_DOCS) {
        if (filter != null) {
          int f = filter.docID() < doc ? filter.advance(doc) : filter.docID();
          if (f != doc) {
            if (f == DocIdSetIterator.NO_MORE_DOCS) {
              break;
            }
            doc = it.advance(f);
            continue;
          }
        }
        int current = doc;
        boolean counts = live == null || live.get(current);
        float score = counts ? scorer.score() : 0f;
        doc = it.nextDoc();
        int parent = counts ? parentBits.nextSetBit(current) : DocIdSetIterator.NO_MORE_DOCS;
        if (parent == DocIdSetIterator.NO_MORE_DOCS) {
          continue; // deleted, or a vector outside any block (not a clir passage)
        }
        if (parent != currentParent) {
          offer(top, n, currentParent, bestChild, bestScore, ctx.docBase);
          currentParent = parent;
          bestChild = current;
          bestScore = score;
        } else if (score > bestScore) {
          bestChild = current;
          bestScore = score;
        }
      }
      offer(top, n, currentParent, bestChild, bestScore, ctx.docBase);
    }
    List<DocHit> out = new ArrayList<>(top);
    out.sort(WORST_FIRST.reversed());
    return out;
  }

  private static void offer(PriorityQueue<DocHit> top, int n, int parent, int child, float score, int docBase) {
    if (parent < 0) {
      return;
    }
    top.add(new DocHit(docBase + parent, docBase + child, score));
    if (top.size() > n) {
      top.poll();
    }
  }

  /** The best passage of one document (global id), or {@code null} when it has none. */
  static DocHit bestPassage(IndexSearcher searcher, String field, float[] query, int parentDoc,
      BitSetProducer parents) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext ctx = leaves.get(ReaderUtil.subIndex(parentDoc, leaves));
    int local = parentDoc - ctx.docBase;
    FloatVectorValues values = ctx.reader().getFloatVectorValues(field);
    BitSet parentBits = parents.getBitSet(ctx);
    if (values == null || parentBits == null || local == 0) {
      return null;
    }
    int previousParent = parentBits.prevSetBit(local - 1);
    VectorScorer scorer = values.rescorer(query);
    DocIdSetIterator it = scorer.iterator();
    Bits live = ctx.reader().getLiveDocs();
    DocHit best = null;
    for (int doc = it.advance(previousParent + 1); doc < local; doc = it.nextDoc()) {
      if (live != null && !live.get(doc)) {
        continue;
      }
      float score = scorer.score();
      if (best == null || score > best.score()) {
        best = new DocHit(parentDoc, ctx.docBase + doc, score);
      }
    }
    return best;
  }
}
