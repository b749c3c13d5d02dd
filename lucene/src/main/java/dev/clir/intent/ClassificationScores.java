package dev.clir.intent;

import java.util.List;
import java.util.TreeSet;

/**
 * Accuracy, macro-F1 and the confusion matrix of predicted against gold labels.
 *
 * @param labels the labels of the matrix, sorted: every gold and every predicted label (abstentions appear as
 *     {@link IntentModel#OUT_OF_SCOPE})
 * @param confusion {@code confusion[gold][predicted]} counts, indexed like {@code labels}
 * @param accuracy share of predictions equal to the gold label
 * @param macroF1 unweighted mean over {@code labels} of each label's F1 (0 for a label never predicted correctly),
 *     so small labels count as much as large ones
 */
public record ClassificationScores(List<String> labels, int[][] confusion, double accuracy, double macroF1) {

  public static ClassificationScores of(List<String> gold, List<String> predicted) {
    if (gold.size() != predicted.size() || gold.isEmpty()) {
      throw new IllegalArgumentException("need as many predictions as gold labels, at least one: " + gold.size() + " vs " + predicted.size());
    }
    TreeSet<String> set = new TreeSet<>(gold);
    set.addAll(predicted);
    List<String> labels = List.copyOf(set);
    int[][] confusion = new int[labels.size()][labels.size()];
    int correct = 0;
    for (int i = 0; i < gold.size(); i++) {
      confusion[labels.indexOf(gold.get(i))][labels.indexOf(predicted.get(i))]++;
      if (gold.get(i).equals(predicted.get(i))) {
        correct++;
      }
    }
    double f1Sum = 0;
    for (int c = 0; c < labels.size(); c++) {
      int truePositives = confusion[c][c];
      int goldCount = 0;
      int predictedCount = 0;
      for (int o = 0; o < labels.size(); o++) {
        goldCount += confusion[c][o];
        predictedCount += confusion[o][c];
      }
      f1Sum += goldCount + predictedCount == 0 ? 0 : 2.0 * truePositives / (goldCount + predictedCount);
    }
    return new ClassificationScores(labels, confusion, correct / (double) gold.size(), f1Sum / labels.size());
  }
}
