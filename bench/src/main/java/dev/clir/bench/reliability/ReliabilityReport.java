package dev.clir.bench.reliability;

import dev.clir.bench.perf.Machine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of one {@code clir-bench reliability} run as Markdown (bench/RELIABILITY.md): per kind of fault, how
 * many were injected and survived; documents lost; load held; inputs tried; and every unexpected outcome listed.
 */
public record ReliabilityReport(String command, String startedAt, double minutes, Machine machine, double[] loadBefore,
    double[] loadAfter, List<StorageFaults.Run> storage, List<Corruption.Run> corruption,
    List<ProcessFaults.Run> kills, List<ProcessFaults.Race> races, List<InputFuzz.Result> inputs,
    long keptRegressions, Soak.Result soak, String soakModel) {

  /** Documents missing after a resume, summed over every storage fault and kill. */
  public long documentsLost() {
    return storage.stream().mapToLong(r -> r.afterResume() == null ? 0 : r.afterResume().lost().size()).sum()
        + kills.stream().mapToLong(r -> r.afterResume() == null ? 0 : r.afterResume().lost().size()).sum();
  }

  /** Ids held twice, after a fault or after a resume. */
  public long duplicates() {
    return storage.stream().mapToLong(r -> dup(r.afterFault()) + dup(r.afterResume())).sum()
        + kills.stream().mapToLong(r -> dup(r.afterKill()) + dup(r.afterResume())).sum();
  }

  private static long dup(IndexAudit a) {
    return a == null ? 0 : a.duplicates();
  }

  /** Everything that should not have happened, one line each. */
  public List<String> unexpected() {
    List<String> all = new ArrayList<>();
    storage.stream().filter(r -> r.problem() != null)
        .forEach(r -> all.add("storage " + r.kind() + " seed " + r.seed() + ": " + r.problem()));
    corruption.stream().filter(r -> r.problem() != null)
        .forEach(r -> all.add("corruption " + r.damage() + " seed " + r.seed() + " (" + r.file() + "): " + r.problem()));
    kills.stream().filter(r -> r.problem() != null)
        .forEach(r -> all.add("kill " + r.aimed() + " seed " + r.seed() + ": " + r.problem()));
    races.stream().filter(r -> r.problem() != null).forEach(r -> all.add("race seed " + r.seed() + ": " + r.problem()));
    inputs.stream().filter(r -> r.outcome() == InputFuzz.Outcome.UNEXPECTED)
        .forEach(r -> all.add("input " + r.target() + " seed " + r.seed() + ": " + r.detail()));
    if (soak != null && (soak.errors() > 0 || soak.malformed() > 0)) {
      all.add("load: " + soak.errors() + " errors, " + soak.malformed() + " malformed answers; first: " + soak.firstProblem());
    }
    return all;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Reliability: what clir survives, in figures\n\n");
    md.append("Written by `").append(command).append("` (").append(startedAt).append(", ")
        .append(fmt("%.1f", minutes)).append(" minutes). One run, on one machine: ").append(machine.cores())
        .append(" cores (").append(machine.cpu()).append("), ").append(machine.memoryBytes() >> 30)
        .append(" GiB, ").append(machine.jdk()).append(", Lucene ").append(machine.lucene())
        .append(". Load average (1/5/15 min) ").append(Machine.formatLoad(loadBefore)).append(" before, ")
        .append(Machine.formatLoad(loadAfter)).append(" after: the machine was shared with other builds.\n\n");
    List<String> unexpected = unexpected();
    md.append("| | |\n| --- | --- |\n");
    md.append("| faults injected (storage runs, damaged files, kills, races, bad inputs) | ")
        .append(storage.size()).append(" + ").append(corruption.size()).append(" + ").append(kills.size()).append(" + ")
        .append(races.size()).append(" + ").append(inputs.size()).append(" |\n");
    md.append("| documents lost | **").append(documentsLost()).append("** |\n");
    md.append("| ids held twice | **").append(duplicates()).append("** |\n");
    md.append("| unexpected outcomes | **").append(unexpected.size()).append("** |\n");
    if (soak != null) {
      md.append("| load held | ").append(fmt("%.0f", soak.seconds())).append(" s, ").append(fmt("%.1f", soak.qps()))
          .append(" questions/s, p99 ").append(fmt("%.1f", soak.p99Millis())).append(" ms, resident memory drift ")
          .append(fmt("%+.1f", soak.rssDriftPercent())).append(" % once warm, errors ").append(soak.errors() + soak.malformed())
          .append(" |\n");
    }
    md.append('\n');
    storage(md);
    corruption(md);
    kills(md);
    inputs(md);
    load(md);
    md.append("## Unexpected outcomes\n\n");
    if (unexpected.isEmpty()) {
      md.append("None.\n");
    } else {
      unexpected.stream().limit(50).forEach(u -> md.append("- ").append(u.replace('\n', ' ')).append('\n'));
    }
    return md.toString();
  }

  private void storage(StringBuilder md) {
    md.append("## Storage faults\n\n");
    md.append("One indexing job (").append(storage.isEmpty() ? 0 : "the same").append(" seeded JSON Lines corpus, ")
        .append("`BulkIndexer` committing every 5 to 44 documents, a deterministic hashing embedder so that a run takes ")
        .append("milliseconds) on a fault-injecting Lucene `Directory`. After each run the disk is healed; the last ")
        .append("commit must pass Lucene's `CheckIndex` and clir's checks with no id twice, and the same job run again must ")
        .append("leave every document exactly once. A run that stops must stop with an error naming the index and the I/O ")
        .append("failure (exit 1 on the command line).\n\n");
    md.append("| fault | runs | faults injected | completed | stopped with a clear error | last commit sound | lost after resume | unexpected |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (StorageFaults.Kind kind : StorageFaults.Kind.values()) {
      List<StorageFaults.Run> runs = storage.stream().filter(r -> r.kind() == kind).toList();
      if (runs.isEmpty()) {
        continue;
      }
      md.append("| ").append(kind.description).append(" | ").append(runs.size())
          .append(" | ").append(runs.stream().mapToLong(r -> kind == StorageFaults.Kind.POWER_CUT ? 1 : r.faults()).sum())
          .append(" | ").append(count(runs, r -> r.outcome() == StorageFaults.Outcome.COMPLETED && r.problem() == null))
          .append(" | ").append(count(runs, r -> r.outcome() == StorageFaults.Outcome.FAILED_CLEARLY))
          .append(" | ").append(count(runs, r -> r.afterFault() == null || r.afterFault().consistent()))
          .append(" | ").append(runs.stream().mapToLong(r -> r.afterResume() == null ? 0 : r.afterResume().lost().size()).sum())
          .append(" | ").append(count(runs, r -> r.problem() != null)).append(" |\n");
    }
    md.append("\n(\"last commit sound\" counts runs where nothing was committed as sound: the job then starts over.)\n\n");
    example(md, "Example errors", storage.stream().filter(r -> r.error() != null)
        .collect(Collectors.toMap(StorageFaults.Run::kind, StorageFaults.Run::error, (a, b) -> a, TreeMap::new)));
  }

  private void corruption(StringBuilder md) {
    md.append("## Damaged index files\n\n");
    md.append("A copy of a 60-document clir index gets one file damaged, then is opened three ways (`clir-index info`, ")
        .append("`clir-query`'s searcher asking a vector and a hybrid question, `clir-index`'s writer) and checked with ")
        .append("`clir-index check`. Opening may succeed: Lucene verifies whole-file checksums only when merging or in ")
        .append("CheckIndex. When it refuses, it must be exit 5 with the damaged file named; the check must always name it.\n\n");
    md.append("| damage | runs | opens refused with exit 5 naming the file | opens that worked | found by `clir-index check` | unexpected |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Corruption.Damage damage : Corruption.Damage.values()) {
      List<Corruption.Run> runs = corruption.stream().filter(r -> r.damage() == damage).toList();
      if (runs.isEmpty()) {
        continue;
      }
      int refused = runs.stream().mapToInt(Corruption.Run::refusedOnOpen).sum();
      md.append("| ").append(damage.description).append(" | ").append(runs.size()).append(" | ").append(refused)
          .append(" of ").append(runs.size() * 3).append(" | ")
          .append(runs.stream().mapToInt(r -> r.problem() == null ? 3 - r.refusedOnOpen() : 0).sum())
          .append(" | ").append(count(runs, Corruption.Run::checkFound))
          .append(" | ").append(count(runs, r -> r.problem() != null)).append(" |\n");
    }
    md.append('\n');
    example(md, "What `clir-index check` said", corruption.stream().filter(r -> r.checkMessage() != null)
        .collect(Collectors.toMap(Corruption.Run::damage, Corruption.Run::checkMessage, (a, b) -> a, TreeMap::new)));
  }

  private void kills(StringBuilder md) {
    md.append("## Killed processes\n\n");
    md.append("An indexing process (the same job, 10 documents per commit, a slowed disk announcing each commit and ")
        .append("merge) is killed with SIGKILL at the aimed moment; \"landed\" is where the kill fell by the last ")
        .append("events the process printed. Then the last commit must be sound with no id twice, and the same job ")
        .append("run again must leave every document exactly once.\n\n");
    md.append("| aimed at | kills | landed | documents committed before the kill (min-max) | lost after resume | ids twice | unexpected |\n");
    md.append("| --- | ---: | --- | --- | ---: | ---: | ---: |\n");
    for (ProcessFaults.Moment m : ProcessFaults.Moment.values()) {
      List<ProcessFaults.Run> runs = kills.stream().filter(r -> r.aimed() == m).toList();
      if (runs.isEmpty()) {
        continue;
      }
      Map<String, Long> landed = runs.stream().collect(Collectors.groupingBy(ProcessFaults.Run::landed,
          LinkedHashMap::new, Collectors.counting()));
      md.append("| ").append(m.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" | ").append(runs.size())
          .append(" | ").append(landed.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
              .collect(Collectors.joining(", ")))
          .append(" | ").append(runs.stream().mapToLong(ProcessFaults.Run::committedBefore).min().orElse(0)).append('-')
          .append(runs.stream().mapToLong(ProcessFaults.Run::committedBefore).max().orElse(0))
          .append(" | ").append(runs.stream().mapToLong(r -> r.afterResume() == null ? 0 : r.afterResume().lost().size()).sum())
          .append(" | ").append(runs.stream().mapToLong(r -> dup(r.afterKill()) + dup(r.afterResume())).sum())
          .append(" | ").append(count(runs, r -> r.problem() != null)).append(" |\n");
    }
    if (!races.isEmpty()) {
      md.append("\nTwo writers started together on one new index, ").append(races.size()).append(" times: ")
          .append(count(races, r -> r.problem() == null))
          .append(" times one completed and the other exited 6 naming the holder's process. ");
      races.stream().filter(r -> r.loserMessage() != null).findFirst()
          .ifPresent(r -> md.append("The loser said:\n\n```text\n").append(r.loserMessage()).append("\n```\n"));
    }
    md.append('\n');
  }

  private void inputs(StringBuilder md) {
    md.append("## Bad input\n\n");
    md.append("Seeded mutations of a valid file of each format (flipped and inserted bytes, invalid UTF-8, quotes, ")
        .append("braces, tabs and line breaks in odd places, cut, repeated and swapped lines, long lines, deep nesting), ")
        .append("each read the way the command reads it (documents are also indexed, `--on-error skip`). Each must be ")
        .append("accepted or refused with the documented input error (exit 3, message starting with the file, and the ")
        .append("line where there is one); a hang (more than the time limit) or any other exception is unexpected. ")
        .append(keptRegressions).append(" inputs that once failed are kept in ")
        .append("`bench/src/test/resources/reliability/inputs/` and replayed by the tests.\n\n");
    md.append("| reader | inputs | accepted | input error (exit 3) | unexpected |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (InputFuzz.Target t : InputFuzz.Target.values()) {
      List<InputFuzz.Result> rs = inputs.stream().filter(r -> r.target() == t).toList();
      if (rs.isEmpty()) {
        continue;
      }
      md.append("| ").append(t.command).append(" | ").append(rs.size()).append(" | ")
          .append(count(rs, r -> r.outcome() == InputFuzz.Outcome.ACCEPTED)).append(" | ")
          .append(count(rs, r -> r.outcome() == InputFuzz.Outcome.INPUT_ERROR)).append(" | ")
          .append(count(rs, r -> r.outcome() == InputFuzz.Outcome.UNEXPECTED)).append(" |\n");
    }
    md.append('\n');
  }

  private void load(StringBuilder md) {
    md.append("## Load\n\n");
    if (soak == null) {
      md.append("Not run.\n\n");
      return;
    }
    md.append(soak.threads()).append(" threads asked vector and hybrid questions (10 questions in English, Portuguese, ")
        .append("Thai and Swahili, k=5) on one shared searcher for ").append(fmt("%.0f", soak.seconds()))
        .append(" s while a writer added and replaced documents and committed (each commit reopens the searcher); ")
        .append("model: ").append(soakModel).append(", in this process. Every answer was checked (at most k hits, ")
        .append("indexed ids, none twice, finite scores, best first).\n\n");
    md.append("| questions | questions/s | p50 ms | p99 ms | errors | malformed answers | commits | documents written |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    md.append("| ").append(soak.questions()).append(" | ").append(fmt("%.1f", soak.qps())).append(" | ")
        .append(fmt("%.1f", soak.p50Millis())).append(" | ").append(fmt("%.1f", soak.p99Millis())).append(" | ")
        .append(soak.errors()).append(" | ").append(soak.malformed()).append(" | ").append(soak.commits()).append(" | ")
        .append(soak.documentsWritten()).append(" |\n\n");
    md.append("Resident memory ").append(mb(soak.warmRssBytes())).append(" MiB once warm (end of the first quarter), ")
        .append(mb(soak.endRssBytes())).append(" MiB at the end: ").append(fmt("%+.1f", soak.rssDriftPercent()))
        .append(" %. Heap in use after the last collection ").append(mb(soak.warmHeapBytes())).append(" → ")
        .append(mb(soak.endHeapBytes())).append(" MiB (the index grows during the run, mostly off the heap). Resident ")
        .append("memory includes the heap this JVM committed during the earlier sections of the run (its default maximum ")
        .append("heap is a quarter of the machine's memory): what matters is its drift once warm.\n\n");
    md.append("| at s | questions | questions/s | p50 ms | p99 ms | heap after GC MiB | resident MiB | documents | commits |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    List<Soak.Sample> samples = soak.samples();
    int step = Math.max(1, samples.size() / 12);
    for (int i = 0; i < samples.size(); i++) {
      if (i % step != 0 && i != samples.size() - 1) {
        continue;
      }
      Soak.Sample s = samples.get(i);
      md.append("| ").append(fmt("%.0f", s.atSeconds())).append(" | ").append(s.questions()).append(" | ")
          .append(fmt("%.1f", s.qps())).append(" | ").append(fmt("%.1f", s.p50Millis())).append(" | ")
          .append(fmt("%.1f", s.p99Millis())).append(" | ").append(mb(s.heapUsedBytes())).append(" | ")
          .append(mb(s.rssBytes())).append(" | ").append(s.documents()).append(" | ").append(s.commits()).append(" |\n");
    }
    md.append('\n');
  }

  private static <K> void example(StringBuilder md, String heading, Map<K, String> byKind) {
    if (byKind.isEmpty()) {
      return;
    }
    md.append(heading).append(" (the first of each kind):\n\n```text\n");
    byKind.forEach((k, v) -> md.append(v.length() > 300 ? v.substring(0, 300) + "…" : v).append('\n'));
    md.append("```\n\n");
  }

  private static <T> long count(List<T> list, Predicate<T> p) {
    return list.stream().filter(p).count();
  }

  private static String mb(long bytes) {
    return fmt("%.0f", bytes / (1024.0 * 1024));
  }

  private static String fmt(String f, double v) {
    return String.format(Locale.ROOT, f, v);
  }
}
