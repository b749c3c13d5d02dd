package dev.clir.search.fusion;

import dev.clir.eval.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns {@link FusionSettings} from judged questions: the fusion function, candidate depth, hybrid mode's weight
 * and auto mode's weight rules per question language (as identified at query time, so misidentified questions are
 * learned as they will run), each a line in one per-question signal, that do best on average over the groups (a
 * group is one set and language) without losing more than {@link Options#maxLoss()} on any group to the better of
 * the two legs alone. Give it dev questions only; measure the result on questions it never saw.
 *
 * <p>Every (function, depth, weight on the {@value FusionSettings#GRID_STEPS}-step grid) is tabulated once per
 * question; the search over rules then only adds table entries. Auto mode's rules are found by coordinate ascent:
 * one language's rule at a time, every signal and (weight at signal 0, weight at signal 1) on the grid, two passes.
 * A signal or a split by language is kept only when it gains at least {@link Options#minGain()} over the simpler
 * choice on dev.
 */
public final class FusionLearner {

  /**
   * One judged question.
   *
   * @param group what it is averaged and held against within, e.g. {@code xquad/pt}
   * @param metric the group's headline metric (nDCG@10, or R@1 for bitext)
   * @param vector the vector leg, at least as deep as the deepest depth tried
   * @param keyword the BM25 leg, the same
   * @param signals the question's signals
   * @param judgments relevant document ids with their grades
   */
  public record Example(String group, Metric metric, Ranking<String> vector, Ranking<String> keyword,
      QuestionSignals signals, Map<String, Integer> judgments) {
    public Example {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(vector, "vector");
      Objects.requireNonNull(keyword, "keyword");
      Objects.requireNonNull(signals, "signals");
      judgments = Map.copyOf(judgments);
    }
  }

  /**
   * @param functions fusion functions tried
   * @param depths candidate depths tried
   * @param k documents a search returns (the metrics look at the top 10)
   * @param maxLoss the most a group may lose to its better leg (0.005 = 0.5 pt)
   * @param minGain what a signal or a split by language must gain on dev to be kept
   * @param minRuleQuestions questions a language needs on dev for a rule of its own
   */
  public record Options(List<FusionFunction> functions, List<Integer> depths, int k, double maxLoss, double minGain,
      int minRuleQuestions) {
    public Options {
      functions = List.copyOf(functions);
      depths = List.copyOf(depths);
      if (functions.isEmpty() || depths.isEmpty()) {
        throw new IllegalArgumentException("at least one function and one depth");
      }
    }

    public static Options defaults() {
      List<FusionFunction> fs = new ArrayList<>(List.of(new ReciprocalRankFusion(60), new ReciprocalRankFusion(10)));
      for (Normalization n : Normalization.values()) {
        fs.add(new ScoreFusion(n));
      }
      return new Options(fs, List.of(20, 100), 10, 0.005, 0.002, 30);
    }
  }

  /** Dev figures of one group: each leg alone, the learned hybrid and auto modes. */
  public record GroupFigures(String group, int questions, double vector, double keyword, double hybrid, double auto) {
    public double betterLeg() {
      return Math.max(vector, keyword);
    }
  }

  /**
   * What was tried and chosen.
   *
   * @param settings the chosen settings
   * @param groups dev figures per group, in order of first appearance
   * @param variants dev objective (mean over groups) of each way of setting the weight, best function and depth for
   *     each, with whether it held every group within the allowed loss: which signals earn their place. The last
   *     one is a bound, not a choice: a weight per group, as if each question's set and language were known
   * @param choice why the auto rules are what they are
   */
  public record Result(FusionSettings settings, List<GroupFigures> groups, List<Variant> variants, String choice) {
    /** The chosen variant. */
    public Variant chosen() {
      return variants.stream().filter(v -> settings.equals(v.settings())).findFirst().orElseThrow();
    }
  }

  /**
   * One way of setting the weight, at its best function and depth on dev.
   *
   * @param settings the settings it stands for; {@code null} for the per-group bound, which no settings express
   */
  public record Variant(String name, String function, int depth, double objective, double worstSlack,
      FusionSettings settings) {
    public boolean feasible() {
      return worstSlack >= 0;
    }
  }

  private final Options options;
  private final List<Example> examples;
  private final String[] groupNames;
  private final int[] groupOf;
  private final int[] groupSize;
  private final double[] floor; // per group: better leg minus maxLoss
  private final double[] vectorMean;
  private final double[] keywordMean;
  /** [combo][question][weight index]: the metric of the fused top k. */
  private final float[][][] table;

  private FusionLearner(List<Example> examples, Options options) {
    this.options = options;
    this.examples = List.copyOf(examples);
    Map<String, Integer> groups = new LinkedHashMap<>();
    groupOf = new int[examples.size()];
    for (int q = 0; q < examples.size(); q++) {
      groupOf[q] = groups.computeIfAbsent(examples.get(q).group(), g -> groups.size());
    }
    groupNames = groups.keySet().toArray(String[]::new);
    int g = groupNames.length;
    groupSize = new int[g];
    vectorMean = new double[g];
    keywordMean = new double[g];
    for (int q = 0; q < examples.size(); q++) {
      Example e = examples.get(q);
      groupSize[groupOf[q]]++;
      vectorMean[groupOf[q]] += metric(e, keys(e.vector(), options.k()));
      keywordMean[groupOf[q]] += metric(e, keys(e.keyword(), options.k()));
    }
    floor = new double[g];
    for (int i = 0; i < g; i++) {
      vectorMean[i] /= groupSize[i];
      keywordMean[i] /= groupSize[i];
      floor[i] = Math.max(vectorMean[i], keywordMean[i]) - options.maxLoss();
    }
    int combos = options.functions().size() * options.depths().size();
    table = new float[combos][examples.size()][FusionSettings.GRID_STEPS + 1];
    for (int c = 0; c < combos; c++) {
      FusionFunction f = function(c);
      int depth = depth(c);
      for (int q = 0; q < examples.size(); q++) {
        Example e = examples.get(q);
        List<Ranking<String>> legs = List.of(e.vector().top(depth), e.keyword().top(depth));
        for (int w = 0; w <= FusionSettings.GRID_STEPS; w++) {
          double weight = w / (double) FusionSettings.GRID_STEPS;
          List<Fused<String>> fused = f.fuse(legs, weight, 1 - weight);
          List<String> top = new ArrayList<>(options.k());
          for (int i = 0; i < fused.size() && i < options.k(); i++) {
            top.add(fused.get(i).key());
          }
          table[c][q][w] = (float) metric(e, top);
        }
      }
    }
  }

  /**
   * The BM25 legs {@code clir-bench} tries, simplest first: the index's analysis, the question language's stop words
   * dropped, and those plus cognate prefixes of 4 to 6 letters around the 5 that truncation studies found best for
   * European languages.
   */
  public static final List<KeywordLeg> KEYWORD_LEGS = List.of(KeywordLeg.PLAIN, new KeywordLeg(true, 0),
      new KeywordLeg(true, 4), new KeywordLeg(true, 5), new KeywordLeg(true, 6));

  /**
   * Learns settings from {@code dev}.
   *
   * @param languages the languages the examples' {@link QuestionSignals#language()} was identified among: the
   *     settings identify questions' languages among the same ones
   * @param leg how the examples' BM25 legs were searched (the settings then do the same)
   * @param learned goes into the file as provenance
   */
  public static Result learn(List<Example> dev, Options options, Set<String> languages, KeywordLeg leg,
      Map<String, String> learned) {
    if (dev.isEmpty()) {
      throw new IllegalArgumentException("no judged questions to learn from");
    }
    return new FusionLearner(dev, options).run(Set.copyOf(languages), leg, learned);
  }

  /**
   * Learns settings once per BM25 leg, from the same questions searched with each ({@code byLeg}, in its order, the
   * first the simplest), and keeps the best on dev: a later leg only where it does not lose (within the allowed loss
   * everywhere first, then the dev mean). The later learnings try only the function and depth the first one chose.
   */
  public static Result learnKeywordLeg(SequencedMap<KeywordLeg, List<Example>> byLeg, Options options,
      Set<String> languages, Map<String, String> learned) {
    var first = byLeg.firstEntry();
    Result best = learn(first.getValue(), options, languages, first.getKey(), learned);
    KeywordLeg bestLeg = first.getKey();
    FusionSettings s = best.settings();
    Options narrow = new Options(List.of(s.function()), List.of(s.depth()), options.k(), options.maxLoss(),
        options.minGain(), options.minRuleQuestions());
    StringBuilder figures = new StringBuilder(String.format(Locale.ROOT, "%.4f %s", best.chosen().objective(),
        bestLeg.describe()));
    for (var other : byLeg.sequencedEntrySet().stream().skip(1).toList()) {
      Result r = learn(other.getValue(), narrow, languages, other.getKey(), learned);
      figures.append(String.format(Locale.ROOT, ", %.4f %s", r.chosen().objective(), other.getKey().describe()));
      if (better(r, best)) {
        best = r;
        bestLeg = other.getKey();
      }
    }
    String why = "; BM25 leg " + bestLeg.describe() + " (dev mean by leg: " + figures + ")";
    return new Result(best.settings(), best.groups(), best.variants(), best.choice() + why);
  }

  /**
   * Settings for collecting examples ({@code ClirSearcher#candidates}): questions' languages identified among
   * {@code languages}; the weights do not matter there.
   */
  public static FusionSettings probe(Set<String> languages) {
    return FusionSettings.defaults().withAuto(languages, List.of(WeightRule.fixed(WeightRule.ANY_LANGUAGE, 1)));
  }

  /** {@link #probe(Set)}'s settings, with the BM25 leg searched as {@code leg}. */
  public static FusionSettings probe(Set<String> languages, KeywordLeg leg) {
    return probe(languages).withKeywordLeg(leg);
  }

  /** Whether {@code a} is the better result: within the allowed loss everywhere first, then the dev mean. */
  public static boolean better(Result a, Result b) {
    Variant va = a.chosen();
    Variant vb = b.chosen();
    return better(va, vb);
  }

  private Result run(Set<String> languages, KeywordLeg leg, Map<String, String> learned) {
    int combos = table.length;
    // A rule of its own for each identified language with enough questions; "*" for the rest and the undetermined.
    Map<String, Integer> languageCounts = new TreeMap<>();
    examples.forEach(e -> languageCounts.merge(e.signals().language(), 1, Integer::sum));
    List<String> ruled = new ArrayList<>();
    languageCounts.forEach((l, n) -> {
      if (languages.contains(l) && n >= options.minRuleQuestions()) {
        ruled.add(l);
      }
    });
    ruled.add(WeightRule.ANY_LANGUAGE);
    List<String> one = List.of(WeightRule.ANY_LANGUAGE);
    // Languages are identified only where the settings use them: one identified costs a model load per process.
    Set<String> oneLanguages = leg.identifiesLanguage() ? languages : Set.of();

    List<Variant> variants = new ArrayList<>();
    for (Signal signal : Signal.values()) {
      variants.add(bestOver(combos, c -> ascend(c, one, List.of(signal), oneLanguages, leg, learned),
          "one rule" + (signal == Signal.NONE ? ", fixed weight" : ", by " + signal.label())));
    }
    if (ruled.size() > 1) {
      variants.add(bestOver(combos, c -> ascend(c, ruled, List.of(Signal.values()), languages, leg,
          learned), "by language, each with the signal that earns its place"));
    }
    Variant bound = perGroupBound();
    // The simplest variant within minGain of the best one: a signal or a split must earn its place.
    Variant top = variants.get(0);
    for (Variant v : variants) {
      if (better(v, top)) {
        top = v;
      }
    }
    Variant best = null;
    for (Variant v : variants) { // in order of complexity
      if (v.feasible() == top.feasible() && v.objective() >= top.objective() - options.minGain()) {
        best = v;
        break;
      }
    }
    FusionSettings chosen = best.settings();
    String choice = String.format(Locale.ROOT, "%s (dev mean %.4f; the best variant, %s, has %.4f; a signal or a "
        + "split by language is kept only when it gains %.1f pt)", best.name(), best.objective(), top.name(),
        top.objective(), options.minGain() * 100);
    List<GroupFigures> figures = new ArrayList<>();
    int c = combo(chosen.function(), chosen.depth());
    int hybridW = (int) Math.round(chosen.hybridWeight() * FusionSettings.GRID_STEPS);
    double[] hybrid = new double[groupNames.length];
    double[] auto = new double[groupNames.length];
    for (int q = 0; q < examples.size(); q++) {
      hybrid[groupOf[q]] += table[c][q][hybridW];
      auto[groupOf[q]] += table[c][q][weightIndex(chosen.auto(examples.get(q).signals()).vector())];
    }
    for (int g = 0; g < groupNames.length; g++) {
      figures.add(new GroupFigures(groupNames[g], groupSize[g], vectorMean[g], keywordMean[g], hybrid[g] / groupSize[g],
          auto[g] / groupSize[g]));
    }
    variants.add(bound);
    return new Result(chosen, figures, variants, choice);
  }

  private Variant bestOver(int combos, java.util.function.IntFunction<Variant> perCombo, String name) {
    Variant v = null;
    for (int c = 0; c < combos; c++) {
      Variant cand = perCombo.apply(c);
      if (v == null || better(cand, v)) {
        v = cand;
      }
    }
    return new Variant(name, v.function(), v.depth(), v.objective(), v.worstSlack(), v.settings());
  }

  /** The best fixed weight per group, function and depth shared: what knowing each question's group would give. */
  private Variant perGroupBound() {
    Variant best = null;
    for (int c = 0; c < table.length; c++) {
      double[][] sums = new double[groupNames.length][FusionSettings.GRID_STEPS + 1];
      for (int q = 0; q < examples.size(); q++) {
        for (int w = 0; w <= FusionSettings.GRID_STEPS; w++) {
          sums[groupOf[q]][w] += table[c][q][w];
        }
      }
      double[] chosen = new double[groupNames.length];
      for (int g = 0; g < groupNames.length; g++) {
        double[] s = sums[g];
        int bestW = 0;
        for (int w = 1; w <= FusionSettings.GRID_STEPS; w++) {
          boolean feasible = s[w] / groupSize[g] >= floor[g];
          boolean bestFeasible = s[bestW] / groupSize[g] >= floor[g];
          if (feasible && !bestFeasible || feasible == bestFeasible && s[w] > s[bestW]) {
            bestW = w;
          }
        }
        chosen[g] = s[bestW];
      }
      Score score = score(chosen);
      Variant v = new Variant("a weight per set and language (bound: needs each question's language)",
          function(c).describe(), depth(c), score.objective, score.worstSlack, null);
      if (best == null || better(v, best)) {
        best = v;
      }
    }
    return best;
  }

  /**
   * Coordinate ascent over the rules of one combo, starting from the best fixed weight: each rule in turn takes the
   * signal and line that do best, a signal other than the first allowed one only when it gains {@code minGain}.
   */
  private Variant ascend(int c, List<String> ruleLanguages, List<Signal> allowed, Set<String> languages,
      KeywordLeg leg, Map<String, String> learned) {
    int n = examples.size();
    int rules = ruleLanguages.size();
    List<List<Integer>> members = new ArrayList<>();
    ruleLanguages.forEach(s -> members.add(new ArrayList<>()));
    for (int q = 0; q < n; q++) {
      int r = ruleLanguages.indexOf(examples.get(q).signals().language());
      members.get(r >= 0 ? r : rules - 1).add(q);
    }
    // the best fixed weight, which is also hybrid mode's
    int fixed = 0;
    Score fixedScore = null;
    for (int w = 0; w <= FusionSettings.GRID_STEPS; w++) {
      double[] sums = new double[groupNames.length];
      for (int q = 0; q < n; q++) {
        sums[groupOf[q]] += table[c][q][w];
      }
      Score s = score(sums);
      if (fixedScore == null || s.better(fixedScore)) {
        fixed = w;
        fixedScore = s;
      }
    }
    WeightRule[] chosen = new WeightRule[rules];
    int[] current = new int[n];
    double[] sums = new double[groupNames.length];
    for (int r = 0; r < rules; r++) {
      chosen[r] = allowed.get(0) == Signal.NONE ? WeightRule.fixed(ruleLanguages.get(r), grid(fixed))
          : new WeightRule(ruleLanguages.get(r), allowed.get(0), grid(fixed), grid(fixed));
    }
    for (int q = 0; q < n; q++) {
      current[q] = fixed;
      sums[groupOf[q]] += table[c][q][fixed];
    }
    Score score = score(sums);
    for (int pass = 0; pass < 2; pass++) {
      for (int r = 0; r < rules; r++) {
        WeightRule bestRule = chosen[r];
        Score bestScore = score;
        WeightRule firstRule = chosen[r];
        Score firstScore = score;
        for (Signal signal : allowed) {
          boolean twoWeights = signal != Signal.NONE;
          for (int a = 0; a <= FusionSettings.GRID_STEPS; a++) {
            for (int b = twoWeights ? 0 : a; b <= (twoWeights ? FusionSettings.GRID_STEPS : a); b++) {
              WeightRule rule = new WeightRule(ruleLanguages.get(r), signal, grid(a), grid(b));
              double[] trial = sums.clone();
              for (int q : members.get(r)) {
                int w = weightIndex(rule.weight(examples.get(q).signals()));
                trial[groupOf[q]] += table[c][q][w] - table[c][q][current[q]];
              }
              Score s = score(trial);
              if (s.better(bestScore)) {
                bestScore = s;
                bestRule = rule;
              }
              if (signal == allowed.get(0) && s.better(firstScore)) {
                firstScore = s;
                firstRule = rule;
              }
            }
          }
        }
        // another signal than the simplest allowed must earn its place
        if (bestRule.signal() != allowed.get(0) && (bestScore.feasible() == firstScore.feasible())
            && bestScore.objective() < firstScore.objective() + options.minGain()) {
          bestRule = firstRule;
        }
        chosen[r] = bestRule;
        for (int q : members.get(r)) {
          int w = weightIndex(bestRule.weight(examples.get(q).signals()));
          sums[groupOf[q]] += table[c][q][w] - table[c][q][current[q]];
          current[q] = w;
        }
        score = score(sums);
      }
    }
    FusionSettings settings = new FusionSettings(function(c), depth(c), grid(fixed), leg, languages, List.of(chosen),
        learned);
    return new Variant("", function(c).describe(), depth(c), score.objective, score.worstSlack, settings);
  }

  private record Score(double objective, double worstSlack) {
    boolean feasible() {
      return worstSlack >= 0;
    }

    boolean better(Score o) {
      boolean feasible = worstSlack >= 0;
      if (feasible != (o.worstSlack >= 0)) {
        return feasible;
      }
      return feasible ? objective > o.objective + 1e-12 : worstSlack > o.worstSlack + 1e-12;
    }
  }

  private Score score(double[] sums) {
    double total = 0;
    double worst = Double.POSITIVE_INFINITY;
    for (int g = 0; g < sums.length; g++) {
      double mean = sums[g] / groupSize[g];
      total += mean;
      worst = Math.min(worst, mean - floor[g]);
    }
    return new Score(total / sums.length, worst);
  }

  private static boolean better(Variant a, Variant b) {
    return new Score(a.objective(), a.worstSlack()).better(new Score(b.objective(), b.worstSlack()));
  }

  private FusionFunction function(int combo) {
    return options.functions().get(combo / options.depths().size());
  }

  private int depth(int combo) {
    return options.depths().get(combo % options.depths().size());
  }

  private int combo(FusionFunction f, int depth) {
    return options.functions().indexOf(f) * options.depths().size() + options.depths().indexOf(depth);
  }

  private static double grid(int i) {
    return i / (double) FusionSettings.GRID_STEPS;
  }

  private static int weightIndex(double weight) {
    return (int) Math.round(weight * FusionSettings.GRID_STEPS);
  }

  private static double metric(Example e, List<String> ranking) {
    return e.metric().compute(ranking, e.judgments());
  }

  private static List<String> keys(Ranking<String> leg, int k) {
    List<String> out = new ArrayList<>(k);
    for (int i = 0; i < leg.size() && i < k; i++) {
      out.add(leg.items().get(i).key());
    }
    return out;
  }
}
