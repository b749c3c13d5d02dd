package dev.clir.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The weights read out of LIBLINEAR score exactly as LIBLINEAR itself does (no embedding model needed). */
class LogisticClassifierTest {

  @Test
  void decisionValuesMatchLiblinearAndTheRankingIsItsPrediction() {
    Random random = new Random(7);
    int dim = 8;
    List<LabeledText> texts = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (String label : List.of("a", "b", "c")) {
      float[] centre = gaussian(random, dim, 1);
      for (int i = 0; i < 6; i++) {
        float[] v = gaussian(random, dim, 0.4f);
        for (int d = 0; d < dim; d++) {
          v[d] += centre[d];
        }
        texts.add(new LabeledText(label, label + i));
        vectors.add(v);
      }
    }
    ExampleSet examples = ExampleSet.of(texts, vectors.toArray(float[][]::new));
    LogisticClassifier ours = LogisticClassifier.train(examples, 4);

    Problem p = new Problem();
    p.l = examples.size();
    p.n = dim + 1;
    p.bias = 1;
    p.x = new Feature[p.l][];
    p.y = new double[p.l];
    for (int i = 0; i < p.l; i++) {
      p.x[i] = LogisticClassifier.features(examples.vector(i));
      p.y[i] = examples.labelIndex(i);
    }
    Parameter parameter = new Parameter(SolverType.L2R_LR, 4, LogisticClassifier.EPSILON);
    parameter.setRandom(new Random(0));
    Model theirs = Linear.train(p, parameter);

    for (int t = 0; t < 20; t++) {
      float[] probe = ExampleSet.unit(gaussian(random, dim, 1));
      double[] values = new double[3];
      double predicted = Linear.predictValues(theirs, LogisticClassifier.features(probe), values);
      double[] z = ours.decisionValues(probe);
      for (int j = 0; j < 3; j++) {
        assertThat(z[theirs.getLabels()[j]]).isCloseTo(values[j], within(1e-9));
      }
      double[] c = ours.confidences(probe);
      int best = 0;
      for (int j = 1; j < 3; j++) {
        best = c[j] > c[best] ? j : best;
      }
      assertThat(best).isEqualTo((int) predicted);
    }
  }

  private static float[] gaussian(Random random, int dim, float scale) {
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) {
      v[d] = (float) random.nextGaussian() * scale;
    }
    return v;
  }
}
