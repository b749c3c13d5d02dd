/**
 * TREC-style evaluation: queries ({@link dev.clir.eval.QueryFileReader}), judgments ({@link dev.clir.eval.Qrels}),
 * results ({@link dev.clir.eval.Run}), per-query metrics ({@link dev.clir.eval.Metrics}) and the report
 * ({@link dev.clir.eval.Evaluator}, {@link dev.clir.eval.EvalReport}, {@link dev.clir.eval.EvalReportFormat}).
 *
 * <p>The metrics reproduce trec_eval 10.0 (checked value by value in {@code TrecEvalParityTest}):
 *
 * <ul>
 *   <li>Ranking: score descending, ties by document id descending (byte order); the run file's rank column is
 *       ignored.
 *   <li>Relevant means relevance {@code > 0}; unjudged retrieved documents are non-relevant.
 *   <li>nDCG@k ({@code ndcg_cut.k}): gain = relevance grade, discount {@code log2(rank + 1)}, ideal DCG from all
 *       relevant judgments of the query, cut at k.
 *   <li>R@k = relevant in the top k / all relevant; MRR@10 = 1 / rank of the first relevant in the top 10, else 0.
 * </ul>
 *
 * <p>Where trec_eval has no say or we differ: queries without any relevant judgment are left out of the means
 * and reported; judged queries without results score 0 (trec_eval {@code -c}); means are also given per query
 * language, with transfer ratios to English over shared information needs ({@link dev.clir.eval.NeedIdStrategy}).
 */
package dev.clir.eval;
