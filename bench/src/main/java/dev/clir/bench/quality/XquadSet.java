package dev.clir.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.corpus.SourceDocument;
import dev.clir.eval.Metric;
import dev.clir.eval.Qrels;
import dev.clir.eval.Query;
import dev.clir.eval.QuerySet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XQuAD as question → paragraph retrieval: the English file's paragraphs are the knowledge base, and each
 * question, in English (same file), Thai ({@value #THAI}, same question ids) and Portuguese ({@value #PORTUGUESE},
 * JSON Lines {@code {"id","question"}} for part of the ids), should find the paragraph it was written about.
 */
public final class XquadSet {
  public static final String ENGLISH = "xquad.en.json";
  public static final String THAI = "xquad.th.json";
  public static final String PORTUGUESE = "xquad.pt-questions.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private XquadSet() {}

  /**
   * Reads {@code folder/xquad.en.json} (required) and the Thai and Portuguese questions when present.
   *
   * @throws IllegalArgumentException when the English file is missing or not SQuAD-shaped
   */
  public static Benchmark read(Path folder) {
    Path enFile = folder.resolve(ENGLISH);
    if (!Files.isRegularFile(enFile)) {
      throw new IllegalArgumentException("XQuAD: " + enFile + " not found");
    }
    List<String> notes = new ArrayList<>();
    List<SourceDocument> docs = new ArrayList<>();
    Map<String, String> paragraphOf = new LinkedHashMap<>(); // question id -> document id
    List<Query> queries = new ArrayList<>();
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();

    JsonNode articles = readJson(enFile).path("data");
    if (!articles.isArray() || articles.isEmpty()) {
      throw new IllegalArgumentException("XQuAD: " + enFile + " has no \"data\" array of articles (SQuAD format)");
    }
    int a = 0;
    for (JsonNode article : articles) {
      String title = article.path("title").asText("article-" + a);
      String slug = title.strip().replaceAll("\\s+", "_");
      int p = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String docId = slug + "/" + p++;
        docs.add(new SourceDocument(docId, title.replace('_', ' '), paragraph.path("context").asText(), null,
            Languages.ENGLISH, Map.of("article", slug)));
        for (JsonNode qa : paragraph.path("qas")) {
          String qid = qa.path("id").asText();
          if (paragraphOf.putIfAbsent(qid, docId) != null) {
            throw new IllegalArgumentException("XQuAD: question id " + qid + " appears twice in " + enFile);
          }
        }
      }
      a++;
    }
    // English questions, in file order
    for (JsonNode article : articles) {
      for (JsonNode paragraph : article.path("paragraphs")) {
        for (JsonNode qa : paragraph.path("qas")) {
          add(queries, qrels, paragraphOf, qa.path("id").asText(), qa.path("question").asText(), Languages.ENGLISH);
        }
      }
    }

    Path thFile = folder.resolve(THAI);
    if (Files.isRegularFile(thFile)) {
      int unmatched = 0;
      for (JsonNode article : readJson(thFile).path("data")) {
        for (JsonNode paragraph : article.path("paragraphs")) {
          for (JsonNode qa : paragraph.path("qas")) {
            if (!add(queries, qrels, paragraphOf, qa.path("id").asText(), qa.path("question").asText(), "th")) {
              unmatched++;
            }
          }
        }
      }
      if (unmatched > 0) {
        notes.add(unmatched + " Thai questions whose id is not in " + ENGLISH + " were left out.");
      }
    } else {
      notes.add(THAI + " not found: no Thai questions.");
    }

    Path ptFile = folder.resolve(PORTUGUESE);
    if (Files.isRegularFile(ptFile)) {
      int unmatched = 0;
      try (BufferedReader r = Files.newBufferedReader(ptFile, StandardCharsets.UTF_8)) {
        int line = 0;
        for (String s; (s = r.readLine()) != null; ) {
          line++;
          if (s.isBlank()) {
            continue;
          }
          JsonNode q;
          try {
            q = JSON.readTree(s);
          } catch (IOException e) {
            throw new IllegalArgumentException("XQuAD: " + ptFile + ":" + line + ": not JSON: " + e.getMessage(), e);
          }
          if (!add(queries, qrels, paragraphOf, q.path("id").asText(), q.path("question").asText(), "pt")) {
            unmatched++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("XQuAD: cannot read " + ptFile, e);
      }
      if (unmatched > 0) {
        notes.add(unmatched + " Portuguese questions whose id is not in " + ENGLISH + " were left out.");
      }
    } else {
      notes.add(PORTUGUESE + " not found: no Portuguese questions.");
    }

    long english = queries.stream().filter(q -> q.lang().equals(Languages.ENGLISH)).count();
    long portuguese = queries.stream().filter(q -> q.lang().equals("pt")).count();
    if (portuguese > 0 && portuguese < english) {
      notes.add(0, "Portuguese asks " + portuguese + " of the " + english + " questions (the ids a Portuguese "
          + "translation of SQuAD has); its transfer ratio is over those ids only.");
    }
    EvalCorpus corpus = new EvalCorpus("xquad", docs, QuerySet.of(queries), Qrels.of(qrels));
    return new Benchmark("xquad", "XQuAD: question → paragraph", Benchmark.Kind.QUESTION_TO_PARAGRAPH,
        Metric.NDCG_10, List.of(corpus), notes);
  }

  /** Adds one question; false when its id names no English question (or its text is blank). */
  private static boolean add(List<Query> queries, Map<String, Map<String, Integer>> qrels,
      Map<String, String> paragraphOf, String qid, String text, String lang) {
    String docId = paragraphOf.get(qid);
    if (docId == null || text.isBlank()) {
      return false;
    }
    String id = qid + "-" + lang;
    queries.add(new Query(id, text.strip(), lang));
    qrels.put(id, Map.of(docId, 1));
    return true;
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("XQuAD: cannot read " + file + " as JSON: " + e.getMessage(), e);
    }
  }
}
