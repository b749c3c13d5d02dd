package dev.clir.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SyntheticVectorsTest {
  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void clusteredVectorsAreUnitLengthAndDependOnlyOnSeedAndIndex() {
    SyntheticVectors a = new SyntheticVectors(64, 7, SyntheticVectors.Shape.E5_LIKE);
    SyntheticVectors b = new SyntheticVectors(64, 7, SyntheticVectors.Shape.E5_LIKE);
    float[][] batch = a.clustered(100, 50);
    for (int i = 0; i < batch.length; i++) {
      assertThat(dot(batch[i], batch[i])).isCloseTo(1.0, within(1e-5));
      assertThat(b.clustered(100 + i)).containsExactly(batch[i]);
    }
    assertThat(new SyntheticVectors(64, 8, SyntheticVectors.Shape.E5_LIKE).clustered(100)).isNotEqualTo(batch[0]);
  }

  @Test
  void theShapeLooksLikeSentenceEmbeddings() {
    // few clusters, so that many pairs share one: same-cluster pairs are closer than random ones, both well above 0
    SyntheticVectors.Shape shape = new SyntheticVectors.Shape(4, 8, 1.0, 0.45, 0.35, 0.35);
    SyntheticVectors g = new SyntheticVectors(384, 1, shape);
    float[][] v = g.clustered(0, 400);
    double all = 0;
    int pairs = 0;
    double max = -1;
    for (int i = 0; i < 100; i++) {
      for (int j = i + 1; j < 100; j++) {
        double c = dot(v[i], v[j]);
        all += c;
        pairs++;
        max = Math.max(max, c);
      }
    }
    double mean = all / pairs;
    assertThat(mean).isBetween(0.6, 0.85);
    assertThat(max).isGreaterThan(mean + 0.05);
  }

  @Test
  void aPerturbedCopyIsAUnitVectorAtTheExpectedCosine() {
    float[] base = new SyntheticVectors(384, 3, SyntheticVectors.Shape.E5_LIKE).clustered(0);
    float[] p = SyntheticVectors.perturb(base, 0.3, 99);
    assertThat(dot(p, p)).isCloseTo(1.0, within(1e-5));
    assertThat(dot(p, base)).isCloseTo(1 / Math.sqrt(1 + 0.09), within(0.02));
    assertThat(SyntheticVectors.perturb(base, 0.3, 99)).containsExactly(p);
    assertThat(SyntheticVectors.perturb(base, 0.3, 100)).isNotEqualTo(p);
  }
}
