package dev.clir.bench.intent;

import dev.clir.embed.MemoizingEmbedder;
import dev.clir.intent.*;
import dev.clir.model.ModelIdentity;

import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import dev.clir.embed.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Measures intent models: cross-lingual transfer on SIB-200 ({@link #sib200}) and abstention on a labelled
 * intent set with out-of-scope messages ({@link #intentSet}). Command lines call these and print the reports.
 * Every text is embedded once per run, whatever the number of models trained.
 */
public final class IntentEvaluation {
  /** SIB-200's languages in clir's shared data: English first, as the source. */
  public static final List<String> SIB_LANGUAGES = List.of("eng_Latn", "por_Latn", "tha_Thai", "swh_Latn");
  public static final List<Integer> SHOTS = List.of(1, 4, 16);
  public static final List<Long> SEEDS = List.of(1L, 2L, 3L);

  private IntentEvaluation() {}

  /** The settings compared by default: {@link IntentSettings#DEFAULTS} first, then the other classifiers. */
  public static List<IntentSettings> allClassifiers() {
    List<IntentSettings> out = new ArrayList<>(List.of(IntentSettings.DEFAULTS));
    for (ClassifierKind k : ClassifierKind.values()) {
      if (k != IntentSettings.DEFAULTS.classifier()) {
        out.add(IntentSettings.builder().classifier(k).build());
      }
    }
    return out;
  }

  /**
   * Trains on {@code languages.get(0)}'s train split only, tests every language's dev and test split with each
   * of {@code settings} (abstention off: SIB-200's topics are a closed set), then adds k examples per label from
   * each other language's train split (k in {@code shots}, drawn with each of {@code seeds}) and tests again.
   *
   * @param dir SIB-200 folder with {@code <language>/{train,dev,test}.tsv}
   */
  public static SibReport sib200(Embedder embedder, Path dir, List<String> languages, List<IntentSettings> settings,
      List<Integer> shots, List<Long> seeds) {
    MemoizingEmbedder cache = new MemoizingEmbedder(embedder);
    String source = languages.get(0);
    List<LabeledText> train = LabeledTextFiles.read(dir.resolve(source).resolve("train.tsv"));
    Map<String, List<LabeledText>> dev = new LinkedHashMap<>();
    Map<String, List<LabeledText>> test = new LinkedHashMap<>();
    Map<String, List<LabeledText>> targetTrain = new LinkedHashMap<>();
    for (String lang : languages) {
      dev.put(lang, LabeledTextFiles.read(dir.resolve(lang).resolve("dev.tsv")));
      test.put(lang, LabeledTextFiles.read(dir.resolve(lang).resolve("test.tsv")));
      if (!lang.equals(source)) {
        targetTrain.put(lang, LabeledTextFiles.read(dir.resolve(lang).resolve("train.tsv")));
      }
    }
    List<SibReport.Result> devResults = new ArrayList<>();
    List<SibReport.Result> testResults = new ArrayList<>();
    List<SibReport.FewShot> fewShot = new ArrayList<>();
    Map<String, ClassificationScores> confusion = new LinkedHashMap<>();
    for (IntentSettings s : settings) {
      String name = s.classifier().id();
      try (IntentModel model = IntentModel.train(cache, train, s.withThreshold(0))) {
        devResults.addAll(results(name, model, dev, source));
        testResults.addAll(results(name, model, test, source));
        if (confusion.isEmpty()) {
          test.forEach((lang, set) -> confusion.put(name + " " + lang, scores(model, set)));
        }
        for (Map.Entry<String, List<LabeledText>> t : targetTrain.entrySet()) {
          String lang = t.getKey();
          ClassificationScores zero = scores(model, test.get(lang));
          fewShot.add(new SibReport.FewShot(name, lang, 0, zero.accuracy(), zero.macroF1(), 0));
          for (int k : shots) {
            double acc = 0;
            double f1 = 0;
            for (long seed : seeds) {
              try (IntentModel adapted = model.withExamples(sample(t.getValue(), k, seed))) {
                ClassificationScores sc = scores(adapted, test.get(lang));
                acc += sc.accuracy() / seeds.size();
                f1 += sc.macroF1() / seeds.size();
              }
            }
            fewShot.add(new SibReport.FewShot(name, lang, k, acc, f1, acc - zero.accuracy()));
          }
        }
      }
    }
    return new SibReport(ModelIdentity.of(embedder.info()), source, train.size(), seeds, devResults, testResults, fewShot, confusion);
  }

  /** {@link #sib200} with {@link #SIB_LANGUAGES}, {@link #allClassifiers()}, {@link #SHOTS} and {@link #SEEDS}. */
  public static SibReport sib200(Embedder embedder, Path dir) {
    return sib200(embedder, dir, SIB_LANGUAGES, allClassifiers(), SHOTS, SEEDS);
  }

  private static List<SibReport.Result> results(String name, IntentModel model, Map<String, List<LabeledText>> sets, String source) {
    ClassificationScores base = scores(model, sets.get(source));
    List<SibReport.Result> out = new ArrayList<>();
    sets.forEach((lang, set) -> {
      ClassificationScores s = scores(model, set);
      out.add(new SibReport.Result(name, lang, set.size(), s.accuracy(), s.macroF1(), s.accuracy() / base.accuracy(),
          s.macroF1() / base.macroF1()));
    });
    return out;
  }

  static ClassificationScores scores(IntentModel model, List<LabeledText> set) {
    List<IntentPrediction> predictions = model.classifyAll(set.stream().map(LabeledText::text).toList());
    return ClassificationScores.of(set.stream().map(LabeledText::label).toList(), predictions.stream().map(IntentPrediction::decision).toList());
  }

  /**
   * {@code k} examples of each label of {@code pool} (all of a label's, when it has fewer), drawn reproducibly:
   * labels in sorted order, each label's examples shuffled with one {@code Random(seed)}, in file order before.
   */
  static List<LabeledText> sample(List<LabeledText> pool, int k, long seed) {
    Map<String, List<LabeledText>> byLabel = new TreeMap<>();
    for (LabeledText t : pool) {
      byLabel.computeIfAbsent(t.label(), l -> new ArrayList<>()).add(t);
    }
    Random random = new Random(seed);
    List<LabeledText> out = new ArrayList<>();
    for (List<LabeledText> examples : byLabel.values()) {
      List<LabeledText> shuffled = new ArrayList<>(examples);
      Collections.shuffle(shuffled, random);
      out.addAll(shuffled.subList(0, Math.min(k, shuffled.size())));
    }
    return out;
  }

  /**
   * Trains on {@code dir/train.en.*} with each of {@code settings}, chooses each classifier's threshold on
   * {@code dir/dev.en.*} ({@link AbstentionScores#chooseThreshold}), and measures every {@code dir/test.<lang>.*}
   * at that threshold. Out-of-scope messages carry the label {@link IntentModel#OUT_OF_SCOPE}.
   */
  public static IntentSetReport intentSet(Embedder embedder, Path dir, List<IntentSettings> settings) {
    MemoizingEmbedder cache = new MemoizingEmbedder(embedder);
    List<LabeledText> train = LabeledTextFiles.readTraining(split(dir, "train.en"));
    List<LabeledText> dev = LabeledTextFiles.read(split(dir, "dev.en"));
    Map<String, List<LabeledText>> tests = new LinkedHashMap<>();
    for (Path f : testFiles(dir)) {
      String name = f.getFileName().toString();
      tests.put(name.substring(0, name.lastIndexOf('.')), LabeledTextFiles.read(f));
    }
    List<IntentSetReport.Row> rows = new ArrayList<>();
    int labels = 0;
    for (IntentSettings s : settings) {
      try (IntentModel model = IntentModel.train(cache, train, s)) {
        labels = model.labels().size();
        List<IntentPrediction> devPredictions = predictions(model, dev);
        List<String> devGold = dev.stream().map(LabeledText::label).toList();
        double threshold = AbstentionScores.chooseThreshold(devGold, devPredictions);
        rows.add(new IntentSetReport.Row(s.classifier().id(), "dev.en", AbstentionScores.of(devGold, devPredictions, threshold)));
        tests.forEach((split, set) -> rows.add(new IntentSetReport.Row(s.classifier().id(), split,
            AbstentionScores.of(set.stream().map(LabeledText::label).toList(), predictions(model, set), threshold))));
      }
    }
    return new IntentSetReport(ModelIdentity.of(embedder.info()), train.size(), labels, rows);
  }

  private static List<IntentPrediction> predictions(IntentModel model, List<LabeledText> set) {
    return model.classifyAll(set.stream().map(LabeledText::text).toList());
  }

  /** {@code dir/<name>.tsv} or {@code dir/<name>.jsonl}, whichever exists. */
  private static Path split(Path dir, String name) {
    for (String ext : List.of(".tsv", ".jsonl")) {
      Path p = dir.resolve(name + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new InputFormatException(Origin.file(dir.toString()), "no " + name + ".tsv or " + name + ".jsonl");
  }

  /** {@code test.en.*} first, then the other languages' test files by name. */
  private static List<Path> testFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> out = new ArrayList<>(files.filter(f -> f.getFileName().toString().matches("test\\.[A-Za-z_-]+\\.(tsv|jsonl)")).sorted(
          (a, b) -> {
            boolean ae = a.getFileName().toString().startsWith("test.en.");
            boolean be = b.getFileName().toString().startsWith("test.en.");
            return ae != be ? (ae ? -1 : 1) : a.compareTo(b);
          }).toList());
      if (out.isEmpty()) {
        throw new InputFormatException(Origin.file(dir.toString()), "no test.<lang>.tsv files");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
