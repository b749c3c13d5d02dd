package dev.clir.search;

import java.util.Map;

/**
 * A document found by a search.
 *
 * @param id document id
 * @param score ranking score: the vector similarity in vector mode, the fused score in hybrid and auto mode, the
 *     BM25 score in keyword mode
 * @param vectorScore similarity of the best passage to the query (full precision when rescored or exact); 0 in
 *     keyword mode without a query vector
 * @param vectorRank rank in the vector ranking, from 1; 0 when the vector search did not return the document (or
 *     in keyword mode)
 * @param keywordRank rank in the BM25 ranking, from 1; 0 when not ranked by BM25 (or in vector mode)
 * @param keywordScore its BM25 score; {@code NaN} when not ranked by BM25
 * @param title document title
 * @param url document URL, or {@code null}
 * @param lang document language, or {@code null}
 * @param meta document metadata
 * @param passage the best matching passage, or {@code null} for a document without passages and in keyword mode
 *     without a query vector
 */
public record SearchHit(String id, float score, float vectorScore, int vectorRank, int keywordRank,
    float keywordScore, String title,
    String url, String lang, Map<String, String> meta, PassageMatch passage) {}
