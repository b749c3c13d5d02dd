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
}
