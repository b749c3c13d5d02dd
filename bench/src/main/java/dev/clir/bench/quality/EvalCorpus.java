package dev.clir.bench.quality;

import dev.clir.corpus.SourceDocument;
import dev.clir.eval.Qrels;
import dev.clir.eval.QuerySet;
import java.util.List;
import java.util.Objects;

/**
 * One English knowledge base with the questions asked of it, converted in memory from a public set.
 *
 * @param name names the index built from it, e.g. {@code tatoeba-por}
 * @param documents the English side, indexed
 * @param queries the questions, each with its language; ids are {@code NEED-LANG} so that the same need asked in
 *     two languages pairs up ({@link dev.clir.eval.NeedIdStrategy#beforeLastDash()})
 * @param qrels which documents answer each question (grade 1)
 */
public record EvalCorpus(String name, List<SourceDocument> documents, QuerySet queries, Qrels qrels) {
  public EvalCorpus {
    Objects.requireNonNull(name, "name");
    documents = List.copyOf(documents);
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(qrels, "qrels");
  }
}
