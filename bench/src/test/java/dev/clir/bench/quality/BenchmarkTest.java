package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.eval.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTest {
  @TempDir Path dir;

  @Test
  void samplingKeepsTheSameQuestionsInEveryLanguageAndTheWholeKnowledgeBase() throws IOException {
    FloresSetTest.writeSib(dir);
    Benchmark full = FloresSet.read(dir);
    Benchmark sampled = full.sample(2);

    EvalCorpus kb = sampled.parts().get(0);
    assertThat(kb.documents()).hasSize(full.parts().get(0).documents().size());
    assertThat(sampled.queriesPerLanguage().values()).containsOnly(2L);
    List<Query> queries = kb.queries().queries();
    Set<String> needs = queries.stream().map(q -> q.id().substring(0, q.id().lastIndexOf('-'))).collect(Collectors.toSet());
    assertThat(needs).hasSize(2);
    assertThat(sampled.notes()).anyMatch(n -> n.startsWith("Subsampled: at most 2 questions"));

    // deterministic, and a sample as large as the set changes nothing
    assertThat(full.sample(2).parts().get(0).queries().queries()).isEqualTo(queries);
    assertThat(full.sample(4)).isSameAs(full);
    assertThat(full.sample(0)).isSameAs(full);
  }

  @Test
  void devAndTestHalvesSplitByNeedKeepTranslationsTogetherAndAreStable() throws IOException {
    FloresSetTest.writeSib(dir);
    Benchmark full = FloresSet.read(dir);
    Benchmark dev = full.half(Benchmark.Half.DEV);
    Benchmark test = full.half(Benchmark.Half.TEST);

    Set<String> devIds = ids(dev);
    Set<String> testIds = ids(test);
    assertThat(devIds).doesNotContainAnyElementsOf(testIds);
    Set<String> all = new java.util.HashSet<>(devIds);
    all.addAll(testIds);
    assertThat(all).isEqualTo(ids(full));
    // every need is wholly in one half, in every language
    assertThat(needs(dev)).doesNotContainAnyElementsOf(needs(test));
    assertThat(dev.parts().get(0).documents()).hasSize(full.parts().get(0).documents().size());
    // the half of a need is its SHA-256's first byte's parity: fixed, whatever else is in the set
    for (String id : devIds) {
      assertThat(Benchmark.Half.of(id.substring(0, id.lastIndexOf('-')))).isEqualTo(Benchmark.Half.DEV);
    }
    assertThat(ids(full.half(Benchmark.Half.DEV))).isEqualTo(devIds);
    assertThat(Benchmark.Half.of("need-1")).isEqualTo(Benchmark.Half.of("need-1"));
    assertThat(test.notes()).anyMatch(n -> n.startsWith("Test half"));
  }

  private static Set<String> ids(Benchmark b) {
    return b.parts().stream().flatMap(p -> p.queries().queries().stream()).map(Query::id).collect(Collectors.toSet());
  }

  private static Set<String> needs(Benchmark b) {
    return ids(b).stream().map(id -> id.substring(0, id.lastIndexOf('-'))).collect(Collectors.toSet());
  }
}
