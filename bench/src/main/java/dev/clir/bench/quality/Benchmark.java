package dev.clir.bench.quality;

import dev.clir.eval.Metric;
import dev.clir.eval.NeedIdStrategy;
import dev.clir.eval.Query;
import dev.clir.eval.QuerySet;
import dev.clir.model.Fingerprint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A public set converted for clir: one or more English knowledge bases ({@link EvalCorpus}) with questions in
 * several languages, and the metric that sums it up.
 *
 * @param id short name used for files and JSON keys: {@code xquad}, {@code tatoeba}, {@code flores}
 * @param title for people
 * @param kind what is retrieved
 * @param primary the headline metric (charts, recommendations, transfer ratio)
 * @param parts the knowledge bases; Tatoeba has one per language pair, the others one
 * @param notes what the conversion left out or assumed, for the report
 */
public record Benchmark(String id, String title, Kind kind, Metric primary, List<EvalCorpus> parts, List<String> notes) {

  /** What a question retrieves. */
  public enum Kind {
    /** A question finds the paragraph that answers it. */
    QUESTION_TO_PARAGRAPH,
    /** A sentence finds its English translation. */
    BITEXT
  }

  public Benchmark {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(primary, "primary");
    parts = List.copyOf(parts);
    notes = List.copyOf(notes);
  }

  /** Query languages over all parts, English first, then in order of appearance. */
  public List<String> languages() {
    Set<String> langs = new LinkedHashSet<>();
    for (EvalCorpus part : parts) {
      part.queries().queries().forEach(q -> langs.add(q.lang()));
    }
    List<String> ordered = new ArrayList<>(langs);
    ordered.sort(Comparator.comparing((String l) -> !l.equals(Languages.ENGLISH)));
    return ordered;
  }

  /** Questions per language over all parts. */
  public Map<String, Long> queriesPerLanguage() {
    Map<String, Long> counts = new LinkedHashMap<>();
    languages().forEach(l -> counts.put(l, 0L));
    for (EvalCorpus part : parts) {
      part.queries().queries().forEach(q -> counts.merge(q.lang(), 1L, Long::sum));
    }
    return counts;
  }

  public int documents() {
    return parts.stream().mapToInt(p -> p.documents().size()).sum();
  }

  /**
   * Keeps the questions of at most {@code maxNeeds} information needs per part, chosen by the SHA-256 of the need
   * id (deterministic, and the same needs in every language, so transfer ratios stay paired). The knowledge bases
   * are kept whole. {@code maxNeeds <= 0} keeps everything.
   */
  public Benchmark sample(int maxNeeds) {
    if (maxNeeds <= 0) {
      return this;
    }
    NeedIdStrategy needs = NeedIdStrategy.beforeLastDash();
    List<EvalCorpus> sampled = new ArrayList<>();
    boolean cut = false;
    for (EvalCorpus part : parts) {
      Set<String> all = part.queries().queries().stream().map(q -> needs.needId(q).orElse(q.id()))
          .collect(Collectors.toCollection(LinkedHashSet::new));
      if (all.size() <= maxNeeds) {
        sampled.add(part);
        continue;
      }
      cut = true;
      Set<String> kept = all.stream().sorted(Comparator.comparing(Fingerprint::sha256Hex).thenComparing(n -> n))
          .limit(maxNeeds).collect(Collectors.toSet());
      List<Query> queries = part.queries().queries().stream()
          .filter(q -> kept.contains(needs.needId(q).orElse(q.id()))).toList();
      sampled.add(new EvalCorpus(part.name(), part.documents(), QuerySet.of(queries), part.qrels()));
    }
    if (!cut) {
      return this;
    }
    List<String> newNotes = new ArrayList<>(notes);
    newNotes.add("Subsampled: at most " + maxNeeds + " questions per language and knowledge base, chosen by the "
        + "SHA-256 of the question id (the same questions in every language); the knowledge bases are whole.");
    return new Benchmark(id, title, kind, primary, sampled, newNotes);
  }

  /** The two halves of a set's questions: fusion settings are learned on {@link #DEV} and reported on {@link #TEST}. */
  public enum Half {
    DEV,
    TEST;

    /** The half of an information need: by the SHA-256 of its id, even first byte dev. */
    static Half of(String needId) {
      return (Character.digit(Fingerprint.sha256Hex(needId).charAt(1), 16) & 1) == 0 ? DEV : TEST;
    }
  }

  /**
   * The questions of one half, split by the SHA-256 of the information need's id: deterministic, independent of
   * order and sampling, and a question's translations land in the same half as the question (no test question
   * leaks into dev through its twin in another language). The knowledge bases are kept whole.
   */
  public Benchmark half(Half half) {
    NeedIdStrategy needs = NeedIdStrategy.beforeLastDash();
    List<EvalCorpus> kept = new ArrayList<>();
    for (EvalCorpus part : parts) {
      List<Query> queries = part.queries().queries().stream()
          .filter(q -> Half.of(needs.needId(q).orElse(q.id())) == half).toList();
      kept.add(new EvalCorpus(part.name(), part.documents(), QuerySet.of(queries), part.qrels()));
    }
    List<String> newNotes = new ArrayList<>(notes);
    newNotes.add((half == Half.DEV ? "Dev" : "Test") + " half: the questions whose need id's SHA-256 has an "
        + (half == Half.DEV ? "even" : "odd") + " first byte (translations of a question stay together); fusion "
        + "settings are learned on the dev half only.");
    return new Benchmark(id, title, kind, primary, kept, newNotes);
  }

}
