package dev.clir.language;

import dev.clir.model.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.util.Version;

/**
 * OpenNLP's language model cut down to the languages a caller chooses among, and kept in clir's cache
 * ({@code <clir cache>/language/}) so that later starts read the small model only. Measured on this project's 2-core
 * machine: the full model (103 languages, 146k character n-grams, 1.27M weights) takes 0.78 s to read; cut to
 * en/pt/sw/th it keeps 25k n-grams and 48k weights, 0.44 MB, read in 23 ms. A one-shot question reads it while its
 * embedding model loads, on the same two cores.
 *
 * <p>Cutting changes no answer: the maxent model scores each language by the sum of that language's own n-gram
 * weights (plus the same prior for all) before one shared normalisation, so the kept languages keep their order, and
 * {@link LanguageIdentifier} takes the first candidate in that order. {@code CandidateLanguageModelTest} checks it on
 * every non-Thai question of the test data.
 */
final class CandidateLanguageModel {
  private CandidateLanguageModel() {}

  /**
   * The model for {@code candidates} (ISO 639-1 or the model's own codes) from {@code dir}, or cut from {@code full} and
   * stored there (a cache that cannot be written is only not remembered); null when the model knows none of them.
   */
  static LanguageDetectorModel load(Set<String> candidates, Path dir, Supplier<LanguageDetectorModel> full) {
    Path file = dir.resolve(fileName(candidates));
    if (Files.isRegularFile(file)) {
      try {
        return new LanguageDetectorModel(file.toFile());
      } catch (IOException | RuntimeException e) {
        // damaged or from another OpenNLP: cut it again below
      }
    }
    LanguageDetectorModel cut = cut(full.get(), candidates);
    if (cut != null) {
      try {
        AtomicFiles.write(file, cut::serialize);
      } catch (IOException | RuntimeException e) {
        // read-only home or cache: the cut model still answers, only the next start cuts it again
      }
    }
    return cut;
  }

  /** One file per candidate set, OpenNLP version and model, e.g. {@code langdetect-183-opennlp-2.5.4-en-pt-sw-th.bin}. */
  static String fileName(Set<String> candidates) {
    String model = LanguageIdentifier.MODEL_RESOURCE.substring(1, LanguageIdentifier.MODEL_RESOURCE.length() - 4);
    return model + "-opennlp-" + Version.currentVersion() + "-" + String.join("-", new TreeSet<>(candidates)) + ".bin";
  }

  /** {@code full} with only the languages among {@code candidates}; null when it knows none of them. */
  static LanguageDetectorModel cut(LanguageDetectorModel full, Set<String> candidates) {
    Object[] parts = ((AbstractModel) full.getMaxentModel()).getDataStructures();
    @SuppressWarnings("unchecked")
    Map<String, Context> predicates = (Map<String, Context>) parts[1];
    String[] outcomes = (String[]) parts[2];
    int[] kept = new int[outcomes.length];
    List<String> keptOutcomes = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      boolean keep = candidates.contains(outcomes[i]) || candidates.contains(LanguageIdentifier.twoLetter(outcomes[i]));
      kept[i] = keep ? keptOutcomes.size() : -1;
      if (keep) {
        keptOutcomes.add(outcomes[i]);
      }
    }
    if (keptOutcomes.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    List<Context> contexts = new ArrayList<>();
    for (Map.Entry<String, Context> p : predicates.entrySet()) {
      int[] o = p.getValue().getOutcomes();
      double[] w = p.getValue().getParameters();
      int n = 0;
      int[] no = new int[o.length];
      double[] nw = new double[o.length];
      for (int j = 0; j < o.length; j++) {
        if (kept[o[j]] >= 0) {
          no[n] = kept[o[j]];
          nw[n++] = w[j];
        }
      }
      if (n > 0) { // an n-gram that weighs for none of the kept languages cannot change their order
        names.add(p.getKey());
        contexts.add(new Context(Arrays.copyOf(no, n), Arrays.copyOf(nw, n)));
      }
    }
    GISModel model = new GISModel(contexts.toArray(new Context[0]), names.toArray(new String[0]),
        keptOutcomes.toArray(new String[0]));
    return new LanguageDetectorModel(model, new HashMap<>(), full.getFactory());
  }
}
