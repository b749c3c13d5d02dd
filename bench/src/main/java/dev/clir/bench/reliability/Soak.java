package dev.clir.bench.reliability;

import dev.clir.bench.perf.Percentiles;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.Embedder;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchHit;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchRequest;
import dev.clir.search.SearchResults;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load held for a fixed time: {@code threads} callers ask vector and hybrid questions on one shared searcher
 * while a writer adds and replaces documents and commits (each commit reopens the searcher), all in this process
 * on one model. Every answer is checked (at most k hits, ids that were indexed, none twice, finite scores, best
 * first); latency percentiles, heap after the last collection and resident memory are sampled per interval, so that growth once warm
 * (native tensors or ONNX results left open, readers never closed) shows as drift.
 */
public final class Soak {

  /** One sampling interval. */
  public record Sample(double atSeconds, long questions, double qps, double p50Millis, double p99Millis,
      long heapUsedBytes, long rssBytes, long documents, long commits) {}

  /**
   * The run.
   *
   * @param errors exceptions from callers or the writer
   * @param malformed answers that failed a check
   * @param firstProblem the first error or malformed answer, {@code null} when none
   * @param warmRssBytes resident memory at the end of the first quarter
   * @param endRssBytes resident memory at the end
   */
  public record Result(double seconds, int threads, long questions, long errors, long malformed, String firstProblem,
      double qps, double p50Millis, double p99Millis, long commits, long documentsWritten, long warmRssBytes,
      long endRssBytes, long warmHeapBytes, long endHeapBytes, List<Sample> samples) {

    /** Resident memory growth from warm to the end, in percent of the warm figure. */
    public double rssDriftPercent() {
      return warmRssBytes == 0 ? 0 : 100.0 * (endRssBytes - warmRssBytes) / warmRssBytes;
    }
  }

  private static final List<String> QUESTIONS = List.of("How do I reset my password?",
      "Como faço para redefinir minha senha?", "ฉันลืมรหัสผ่าน", "Nimesahau nenosiri langu",
      "router firmware update error", "refund for an expired card", "Quero cancelar minha assinatura",
      "printer driver error 0x80070005", "two-step verification recovery code", "sync calendar contacts");

  private final Embedder embedder;
  private final Path index;

  /** @param embedder the model (shared by the writer and the callers, as in a server) */
  public Soak(Embedder embedder, Path index) {
    this.embedder = embedder;
    this.index = index;
  }

  /**
   * Runs for {@code seconds} with {@code threads} callers, sampling every {@code intervalSeconds}.
   *
   * @param initialDocuments documents indexed before the clock starts
   * @param writesPerCommit documents the writer adds or replaces between commits
   */
  public Result run(long seed, int seconds, int threads, double intervalSeconds, int initialDocuments,
      int writesPerCommit) throws InterruptedException {
    List<SourceDocument> corpus = Corpus.documents(seed, initialDocuments * 4);
    Set<String> known = ConcurrentHashMap.newKeySet();
    AtomicLong errors = new AtomicLong();
    AtomicLong malformed = new AtomicLong();
    AtomicLong commits = new AtomicLong();
    AtomicLong written = new AtomicLong();
    String[] firstProblem = new String[1];
    List<Double> latencies = new ArrayList<>();
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(index).build(), embedder)) {
      writer.addAll(corpus.subList(0, initialDocuments));
      writer.commit();
      corpus.subList(0, initialDocuments).forEach(d -> known.add(d.id()));
      ClirSearcher searcher = ClirSearcher.over(writer);
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random random = new Random(seed + 1 + t);
        workers.add(Thread.ofPlatform().name("soak-caller-" + t).start(() -> {
          while (System.nanoTime() < end) {
            String q = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
            SearchRequest request = SearchRequest.builder(q).k(5)
                .mode(random.nextBoolean() ? SearchMode.VECTOR : SearchMode.HYBRID).build();
            long t0 = System.nanoTime();
            try {
              SearchResults results = searcher.search(request);
              double ms = (System.nanoTime() - t0) / 1e6;
              synchronized (latencies) {
                latencies.add(ms);
              }
              String problem = check(results, request, known);
              if (problem != null) {
                malformed.incrementAndGet();
                note(firstProblem, problem);
              }
            } catch (RuntimeException e) {
              errors.incrementAndGet();
              note(firstProblem, e.toString());
            }
          }
        }));
      }
      Thread writerThread = Thread.ofPlatform().name("soak-writer").start(() -> {
        Random random = new Random(seed);
        int next = initialDocuments;
        while (System.nanoTime() < end) {
          try {
            List<SourceDocument> batch = new ArrayList<>();
            for (int i = 0; i < writesPerCommit; i++) {
              // new documents while the corpus lasts, then replacements of existing ones with new text
              SourceDocument d = next < corpus.size() ? corpus.get(next++)
                  : replace(corpus.get(random.nextInt(corpus.size())), random);
              batch.add(d);
            }
            batch.forEach(d -> known.add(d.id())); // before a searcher can see them
            writer.addAll(batch);
            writer.commit();
            written.addAndGet(batch.size());
            commits.incrementAndGet();
          } catch (RuntimeException e) {
            errors.incrementAndGet();
            note(firstProblem, "writer: " + e);
          }
        }
      });
      List<Sample> samples = new ArrayList<>();
      int seen = 0;
      long lastAt = start;
      while (System.nanoTime() < end) {
        Thread.sleep((long) (intervalSeconds * 1000));
        long now = System.nanoTime();
        double[] window;
        synchronized (latencies) {
          window = latencies.subList(seen, latencies.size()).stream().mapToDouble(Double::doubleValue).toArray();
          seen = latencies.size();
        }
        Percentiles.Summary s = Percentiles.summarize(window.length == 0 ? new double[] {0} : window);
        samples.add(new Sample((now - start) / 1e9, window.length, window.length / ((now - lastAt) / 1e9), s.p50(),
            s.p99(), heapAfterGc(), rss(), known.size(), commits.get()));
        lastAt = now;
      }
      for (Thread w : workers) {
        w.join();
      }
      writerThread.join();
      double elapsed = (System.nanoTime() - start) / 1e9;
      double[] all;
      synchronized (latencies) {
        all = latencies.stream().mapToDouble(Double::doubleValue).toArray();
      }
      Percentiles.Summary total = Percentiles.summarize(all.length == 0 ? new double[] {0} : all);
      Sample warm = samples.get(Math.max(0, samples.size() / 4 - 1));
      Sample last = samples.get(samples.size() - 1);
      return new Result(elapsed, threads, all.length, errors.get(), malformed.get(), firstProblem[0],
          all.length / elapsed, total.p50(), total.p99(), commits.get(), written.get(), warm.rssBytes(),
          last.rssBytes(), warm.heapUsedBytes(), last.heapUsedBytes(), samples);
    }
  }

  private static SourceDocument replace(SourceDocument d, Random random) {
    return new SourceDocument(d.id(), d.title(), d.text() + " update " + random.nextInt(1_000_000), d.url(), d.lang(),
        d.meta());
  }

  private static void note(String[] first, String problem) {
    synchronized (first) {
      if (first[0] == null) {
        first[0] = problem;
      }
    }
  }

  /** What is wrong with an answer, or {@code null}. */
  static String check(SearchResults results, SearchRequest request, Set<String> known) {
    List<SearchHit> hits = results.hits();
    if (hits.size() > request.k()) {
      return hits.size() + " hits for k=" + request.k();
    }
    if (hits.isEmpty()) {
      return "no hits for '" + request.query() + "' on a non-empty index";
    }
    Set<String> ids = new HashSet<>();
    float previous = Float.POSITIVE_INFINITY;
    for (SearchHit h : hits) {
      if (h.id() == null || !known.contains(h.id())) {
        return "unknown id " + h.id();
      }
      if (!ids.add(h.id())) {
        return "id " + h.id() + " twice in one answer";
      }
      if (!Float.isFinite(h.score()) || h.score() > previous) {
        return "scores not finite and descending: " + hits.stream().map(SearchHit::score).toList();
      }
      previous = h.score();
    }
    return null;
  }

  /** Heap in use after the last collection (no collection is forced, so as not to disturb the callers). */
  private static long heapAfterGc() {
    long used = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  /** Resident set size of this process (Linux), 0 where unknown. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
