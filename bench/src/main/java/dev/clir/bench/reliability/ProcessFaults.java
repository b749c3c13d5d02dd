package dev.clir.bench.reliability;

import dev.clir.corpus.SourceDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * {@code kill -9} during indexing, as a population of seeded runs: an {@link IndexJob} process is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) at a chosen moment (before its first commit, between commits,
 * inside a commit, inside a merge, or after a seeded delay); then the last commit must be sound with no id twice,
 * and running the same job again must leave every document exactly once. And two jobs started together on one
 * index: one completes, the other exits 6 naming the process that holds the index.
 */
public final class ProcessFaults {

  /** When the kill is aimed. */
  public enum Moment {
    BEFORE_FIRST_COMMIT,
    BETWEEN_COMMITS,
    DURING_COMMIT,
    DURING_MERGE,
    SEEDED_DELAY
  }

  /**
   * One kill.
   *
   * @param landed where the kill landed, by the last events the job printed ({@code after the job} when it finished
   *     first)
   * @param committedBefore documents in the last commit after the kill
   * @param afterKill the audit of the last commit after the kill ({@code null} when nothing was committed)
   * @param afterResume the audit after the same job ran again
   */
  public record Run(Moment aimed, long seed, String landed, long committedBefore, IndexAudit afterKill,
      IndexAudit afterResume, String problem) {}

  /**
   * Two writers started together.
   *
   * @param exitCodes the two exit codes
   * @param loserMessage what the losing job said
   */
  public record Race(long seed, List<Integer> exitCodes, String loserMessage, String problem) {}

  private static final int COMMIT_EVERY = 10;
  private final List<SourceDocument> docs;
  private final Path input;
  private final Path work;

  public ProcessFaults(long corpusSeed, int documents, Path workDir) {
    this.docs = Corpus.documents(corpusSeed, documents);
    this.input = Corpus.writeJsonLines(docs, workDir.resolve("process-faults.jsonl"));
    this.work = workDir;
  }

  private Process start(Path index) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        IndexJob.class.getName(), index.toString(), input.toString(), String.valueOf(COMMIT_EVERY))
        .redirectErrorStream(true).start();
  }

  /** The job's output lines as they come; {@code eof} at the end. */
  private static BlockingQueue<String> lines(Process p) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          q.add(line);
        }
      } catch (IOException e) {
        // the process died
      }
      q.add("eof");
    }, "job-output");
    t.setDaemon(true);
    t.start();
    return q;
  }

  /** One kill aimed at {@code moment}, made from {@code seed}. */
  public Run run(Moment moment, long seed) {
    Random random = new Random(seed);
    Path index = work.resolve("killed-" + moment.name().toLowerCase() + "-" + Long.toHexString(seed));
    try {
      Process p = start(index);
      BlockingQueue<String> out = lines(p);
      List<String> seen = new ArrayList<>();
      int nth = 1 + random.nextInt(4);
      long delayMillis = switch (moment) {
        case BEFORE_FIRST_COMMIT -> random.nextInt(20);
        case BETWEEN_COMMITS -> 1 + random.nextInt(15);
        case DURING_COMMIT, DURING_MERGE -> 0;
        case SEEDED_DELAY -> 300 + random.nextInt(2500);
      };
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int count = 0;
      boolean fire = false;
      long fireAt = moment == Moment.SEEDED_DELAY ? System.nanoTime() + delayMillis * 1_000_000 : Long.MAX_VALUE;
      while (System.nanoTime() < deadline && System.nanoTime() < fireAt) {
        String line = out.poll(5, TimeUnit.MILLISECONDS);
        if (line == null) {
          continue;
        }
        seen.add(line);
        if (line.equals("eof") || line.equals("done") || line.startsWith("error")) {
          break;
        }
        boolean match = switch (moment) {
          case BEFORE_FIRST_COMMIT -> line.startsWith("ready");
          case BETWEEN_COMMITS -> line.startsWith("commit-end") && !line.equals("commit-end 1");
          case DURING_COMMIT -> line.startsWith("commit-begin") && !line.equals("commit-begin 1");
          case DURING_MERGE -> line.startsWith("merge-write");
          case SEEDED_DELAY -> false;
        };
        if (match && ++count >= (moment == Moment.BEFORE_FIRST_COMMIT ? 1 : nth)) {
          fire = true;
          fireAt = System.nanoTime() + delayMillis * 1_000_000;
        }
      }
      while (fire && System.nanoTime() < fireAt) {
        String line = out.poll(1, TimeUnit.MILLISECONDS);
        if (line != null) {
          seen.add(line);
        }
      }
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      out.drainTo(seen);
      String landed = landed(seen, p.exitValue());
      String problem = null;
      IndexAudit afterKill = null;
      long committed = 0;
      if (Files.isDirectory(index)) {
        try (Directory dir = FSDirectory.open(index)) {
          if (dev.clir.index.IndexOpener.exists(dir)) {
            afterKill = IndexAudit.of(dir, docs);
            committed = afterKill.documents();
            if (!afterKill.consistent()) {
              problem = "the last commit after the kill is not sound: " + afterKill;
            }
          }
        }
      }
      IndexJob.run(index, input, COMMIT_EVERY, false);
      IndexAudit afterResume;
      try (Directory dir = FSDirectory.open(index)) {
        afterResume = IndexAudit.of(dir, docs);
      }
      if (!afterResume.complete() && problem == null) {
        problem = "after the resume: " + afterResume;
      }
      return new Run(moment, seed, landed, committed, afterKill, afterResume, problem);
    } catch (IOException | RuntimeException e) {
      return new Run(moment, seed, "?", 0, null, null, "the harness or the resume failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(moment, seed, "?", 0, null, null, "interrupted");
    } finally {
      TempFiles.deleteQuietly(index);
    }
  }

  /** Where the kill landed, from the events the job printed before it died. */
  static String landed(List<String> events, int exitCode) {
    if (exitCode != 137 || events.contains("done")) {
      return "after the job (exit " + exitCode + ")";
    }
    boolean dataCommitted = false;
    String last = "";
    for (String e : events) {
      if (e.startsWith("commit-end") && !e.equals("commit-end 1")) {
        dataCommitted = true;
      }
      if (!e.equals("eof")) {
        last = e;
      }
    }
    if (last.startsWith("commit-begin")) {
      return "during a commit";
    }
    if (last.startsWith("merge-write")) {
      return "during a merge";
    }
    return dataCommitted ? "between commits" : "before the first commit";
  }

  /** Two jobs started together on one new index. */
  public Race race(long seed) {
    Path index = work.resolve("race-" + Long.toHexString(seed));
    try {
      Process a = start(index);
      Process b = start(index);
      String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      a.waitFor(60, TimeUnit.SECONDS);
      b.waitFor(60, TimeUnit.SECONDS);
      List<Integer> codes = List.of(a.exitValue(), b.exitValue());
      String loser = a.exitValue() != 0 ? outA : outB;
      Process winner = a.exitValue() != 0 ? b : a;
      String problem = null;
      if (!(codes.contains(0) && codes.contains(6))) {
        problem = "expected one exit 0 and one exit 6, got " + codes + ": " + outA.lines().reduce((x, y) -> y).orElse("")
            + " / " + outB.lines().reduce((x, y) -> y).orElse("");
      } else if (!loser.contains("pid " + winner.pid())) {
        problem = "the losing job does not name the holder (pid " + winner.pid() + "): " + loser.strip();
      } else {
        try (Directory dir = FSDirectory.open(index)) {
          IndexAudit audit = IndexAudit.of(dir, docs);
          if (!audit.complete()) {
            problem = "the winner's index: " + audit;
          }
        }
      }
      String message = loser.lines().filter(l -> l.startsWith("error")).findFirst().orElse(loser.strip());
      return new Race(seed, codes, message, problem);
    } catch (IOException | RuntimeException e) {
      return new Race(seed, List.of(), null, "the harness failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Race(seed, List.of(), null, "interrupted");
    } finally {
      TempFiles.deleteQuietly(index);
    }
  }

  /** {@code runsPerMoment} kills of every moment. */
  public List<Run> runAll(long seed, int runsPerMoment) {
    return SeededRuns.of(Moment.values(), seed, runsPerMoment, this::run);
  }
}
