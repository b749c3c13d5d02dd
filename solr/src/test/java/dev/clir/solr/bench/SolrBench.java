package dev.clir.solr.bench;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.eval.Metrics;
import dev.clir.model.ModelOverrides;
import dev.clir.solr.testing.HelpCenter;
import dev.clir.solr.testing.StandaloneRanking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * Solr path against the standalone embedding on the testdata corpus: indexing rate, query latency and retrieval
 * quality of one-vector-per-article (first passage) against nested passage documents. A main class, not a test:
 *
 * <pre>
 * solr/run-bench.sh --model engine/target/test-model [--topK 20] [--rounds 3] [--batch 16]
 * </pre>
 *
 * <p>Solr runs in this JVM as a two-node MiniSolrCloudCluster (ZooKeeper, Jetty, HTTP between client and nodes and
 * between shards); both sides embed with the same options (ONNX Runtime on all cores). Latencies are for one client
 * sending one question at a time.
 */
public final class SolrBench {
  private SolrBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path root = HelpCenter.projectRoot();
    Path model = root.resolve(opts.getOrDefault("model", "engine/target/test-model")).toAbsolutePath().normalize();
    int batch = Integer.parseInt(opts.getOrDefault("batch", "16"));
    String topK = opts.getOrDefault("topK", "20");
    rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    HelpCenter help = HelpCenter.load();
    List<HelpCenter.Article> articles = help.articles;
    List<HelpCenter.Question> questions = help.questions;
    System.out.printf(Locale.ROOT, "corpus: %d articles, %d questions; model %s; %d cores; load average %.1f%n",
        articles.size(), questions.size(), model, Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // --- standalone: the engine's chunking + OnnxEmbedder + brute force, no Lucene, no Solr
    Map<String, Map<String, List<String>>> runs = new LinkedHashMap<>();
    Map<String, double[]> latencies = new LinkedHashMap<>();
    Map<String, Double> indexingRates = new LinkedHashMap<>();
    try (OnnxEmbedder embedder = OnnxEmbedder.open(model, ModelOverrides.NONE, EmbedderOptions.DEFAULTS)) {
      embedder.embed(dev.clir.embed.TextKind.QUERY, List.of("warm up"));
      long t0 = System.nanoTime();
      StandaloneRanking standalone = new StandaloneRanking(embedder, articles);
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "standalone indexing (chunk + embed every passage): %d articles, %d passages in "
          + "%.1f s = %.1f articles/s, %.1f passages/s%n", articles.size(), standalone.passageCount(), secs,
          articles.size() / secs, standalone.passageCount() / secs);
      indexingRates.put("standalone", articles.size() / secs);
      run(questions, q -> {
        embedder.embed(dev.clir.embed.TextKind.QUERY, List.of(q));
        return List.of();
      }, latencies, "query embedding alone (OnnxEmbedder)");
      runs.put("standalone best passage", run(questions, q -> ids(standalone.bestPassage(q, 10, a -> true)), latencies,
          "standalone best passage"));
      runs.put("standalone first passage", run(questions, q -> ids(standalone.firstPassage(q, 10, a -> true)), latencies,
          "standalone first passage"));
    }

    // --- Solr: two nodes, a two-shard collection per mode
    Path base = Files.createTempDirectory("clir-solr-bench");
    System.setProperty("clir.model", model.toString());
    System.setProperty("solr.allowPaths", model.toString());
    System.setProperty("solr.autoSoftCommit.maxTime", "-1");
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(2, base)
        .addConfig("clir", root.resolve("solr/configsets/clir/conf"))
        .withJettyConfig(b -> b.setContext("/solr"))
        .build();
    try {
      CloudSolrClient client = cluster.getSolrClient();
      for (String mode : List.of("first", "nested")) {
        String collection = "kb_" + mode;
        CollectionAdminRequest.createCollection(collection, "clir", 2, 1).withProperty("clir.passages", mode)
            .process(client);
        cluster.waitForActiveCollection(collection, 2, 2);
        // one warm-up document (loads the model on both nodes: a one-off cost not counted as indexing)
        new UpdateRequest().add(articles.get(0).toSolr()).process(client, collection);
        long t0 = System.nanoTime();
        for (int i = 0; i < articles.size(); i += batch) {
          UpdateRequest add = new UpdateRequest();
          for (HelpCenter.Article a : articles.subList(i, Math.min(articles.size(), i + batch))) {
            add.add(a.toSolr());
          }
          add.process(client, collection);
        }
        client.commit(collection);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "solr indexing, passages=%s (HTTP, update processor, 2 shards, commit): %d "
            + "articles in %.1f s = %.1f articles/s%n", mode, articles.size(), secs, articles.size() / secs);
        indexingRates.put(mode, articles.size() / secs);
      }
      runs.put("solr {!clir f=vector} (first passage, kb_first)",
          run(questions, q -> solr(client, "kb_first", "/select", "q", "{!clir f=vector topK=" + topK + "}" + q), latencies,
              "solr {!clir f=vector} (first passage, kb_first)"));
      runs.put("solr {!clir f=vector} (first passage, kb_nested)",
          run(questions, q -> solr(client, "kb_nested", "/select", "q", "{!clir f=vector topK=" + topK + "}" + q), latencies,
              "solr {!clir f=vector} (first passage, kb_nested)"));
      runs.put("solr /ask (nested passages, kb_nested)",
          run(questions, q -> solr(client, "kb_nested", "/ask", "question", q, "topK", topK), latencies,
              "solr /ask (nested passages, kb_nested)"));
    } finally {
      cluster.shutdown();
    }

    System.out.println();
    System.out.println("latency per question (one client, sequential; best of " + rounds + " rounds; ms): mean / p50 / p95");
    latencies.forEach((name, ms) -> {
      double[] s = ms.clone();
      Arrays.sort(s);
      System.out.printf(Locale.ROOT, "  %-50s %6.1f %6.1f %6.1f%n", name, Arrays.stream(s).average().orElse(0),
          s[s.length / 2], s[(int) Math.floor(s.length * 0.95)]);
    });
    System.out.println();
    System.out.println("Solr / standalone (same corpus, same model and options, this run)");
    double standaloneRate = indexingRates.get("standalone");
    for (String mode : List.of("first", "nested")) {
      System.out.printf(Locale.ROOT, "  indexing rate, passages=%-6s %5.1f / %5.1f articles/s = %.2fx%n", mode,
          indexingRates.get(mode), standaloneRate, indexingRates.get(mode) / standaloneRate);
    }
    ratio(latencies, "solr {!clir f=vector} (first passage, kb_first)", "standalone first passage");
    ratio(latencies, "solr /ask (nested passages, kb_nested)", "standalone best passage");
    System.out.printf(Locale.ROOT, "load average at the end: %.1f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println();
    System.out.println("retrieval (testdata qrels, trec_eval definitions as clir-query eval): nDCG@10 / MRR@10 / recall@10");
    List<String> langs = List.of("en", "pt", "th", "sw", "all");
    System.out.printf(Locale.ROOT, "  %-50s %s%n", "", String.join("  ", langs.stream().map(l -> String.format(
        Locale.ROOT, "%-20s", l)).toList()));
    runs.forEach((name, byQuestion) -> {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-50s", name));
      for (String lang : langs) {
        double[] m = metrics(help, questions, byQuestion, lang);
        row.append(String.format(Locale.ROOT, " %.3f/%.3f/%.3f  ", m[0], m[1], m[2]));
      }
      System.out.println(row);
    });
  }

  /** Prints {@code solr}'s mean and p50 latency against {@code standalone}'s, as absolute values and a ratio. */
  private static void ratio(Map<String, double[]> latencies, String solr, String standalone) {
    double[] a = latencies.get(solr).clone();
    double[] b = latencies.get(standalone).clone();
    Arrays.sort(a);
    Arrays.sort(b);
    double meanA = Arrays.stream(a).average().orElse(0);
    double meanB = Arrays.stream(b).average().orElse(0);
    System.out.printf(Locale.ROOT, "  latency %s vs %s: mean %.1f / %.1f ms = %.2fx, p50 %.1f / %.1f ms = %.2fx%n", solr,
        standalone, meanA, meanB, meanA / meanB, a[a.length / 2], b[b.length / 2], a[a.length / 2] / b[b.length / 2]);
  }

  private static List<String> ids(List<StandaloneRanking.Hit> hits) {
    return hits.stream().map(StandaloneRanking.Hit::id).toList();
  }

  private static List<String> solr(CloudSolrClient client, String collection, String handler, String... kv) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    for (int i = 0; i < kv.length; i += 2) {
      p.add(kv[i], kv[i + 1]);
    }
    p.set("rows", 10);
    p.set("fl", "id");
    QueryRequest req = new QueryRequest(p);
    req.setPath(handler);
    try {
      QueryResponse rsp = req.process(client, collection);
      List<String> ids = new ArrayList<>();
      for (SolrDocument d : rsp.getResults()) {
        ids.add((String) d.getFieldValue("id"));
      }
      return ids;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int rounds = 3;
  private static int salt;

  /**
   * Asks every question once for the rankings (untimed), then {@link #rounds} timed rounds, one question at a time,
   * keeping the round with the lowest mean latency (on a shared machine the other rounds measure the neighbours' load
   * more than this code). Timed rounds append a suffix never asked before, so that neither Solr's query result cache
   * nor the query parser's query-vector cache answers: every timed question is embedded.
   */
  private static Map<String, List<String>> run(List<HelpCenter.Question> questions, Function<String, List<String>> search,
      Map<String, double[]> latencies, String name) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (HelpCenter.Question q : questions) {
      out.put(q.id(), search.apply(q.text()));
    }
    double[] best = null;
    for (int r = 0; r < rounds; r++) {
      String suffix = " #" + (++salt);
      double[] ms = new double[questions.size()];
      for (int i = 0; i < questions.size(); i++) {
        String text = questions.get(i).text() + suffix;
        long t0 = System.nanoTime();
        search.apply(text);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      if (best == null || Arrays.stream(ms).average().orElse(0) < Arrays.stream(best).average().orElse(0)) {
        best = ms;
      }
    }
    latencies.put(name, best);
    return out;
  }

  /**
   * nDCG@10, MRR@10, recall@10 averaged over the questions of {@code lang} ("all" for every question), with the
   * engine's trec_eval-compatible definitions ({@link Metrics}, as {@code clir-query eval} prints them).
   */
  static double[] metrics(HelpCenter help, List<HelpCenter.Question> questions, Map<String, List<String>> ranked,
      String lang) {
    double ndcg = 0;
    double mrr = 0;
    double recall = 0;
    int n = 0;
    for (HelpCenter.Question q : questions) {
      Map<String, Integer> judged = help.qrels.getOrDefault(q.id(), Map.of());
      if ((!lang.equals("all") && !q.lang().equals(lang)) || Metrics.relevantCount(judged) == 0) {
        continue;
      }
      List<String> got = ranked.get(q.id());
      ndcg += Metrics.ndcg(10, got, judged);
      mrr += Metrics.reciprocalRank(10, got, judged);
      recall += Metrics.recall(10, got, judged);
      n++;
    }
    return new double[] {ndcg / n, mrr / n, recall / n};
  }
}
