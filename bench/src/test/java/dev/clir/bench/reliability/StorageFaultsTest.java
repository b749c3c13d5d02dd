package dev.clir.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short seeded version of the storage fault population of {@code clir-bench reliability}: every run completes or
 * stops with a clear error, the last commit stays sound and the resumed job leaves every document exactly once.
 */
class StorageFaultsTest {
  @TempDir Path tmp;

  @Test
  void indexingSurvivesIOErrorsFullDisksFaultyCommitsAndPowerCuts() {
    StorageFaults faults = new StorageFaults(7, 120, tmp);
    List<StorageFaults.Run> runs = faults.runAll(42, 6);

    assertThat(runs).hasSize(6 * StorageFaults.Kind.values().length);
    assertThat(runs).allSatisfy(r -> assertThat(r.problem()).as("%s seed %d", r.kind(), r.seed()).isNull());
    assertThat(runs).allSatisfy(r -> assertThat(r.afterResume().complete()).isTrue());
    // the faults were real: some jobs were stopped by them, each with an error naming the index and the failure
    assertThat(runs).filteredOn(r -> r.outcome() == StorageFaults.Outcome.FAILED_CLEARLY).isNotEmpty()
        .allSatisfy(r -> assertThat(r.error()).contains("faults-").contains("injected"));
    assertThat(runs).filteredOn(r -> r.kind() == StorageFaults.Kind.COMMIT && r.faults() > 0).isNotEmpty();
    assertThat(runs).filteredOn(r -> r.kind() == StorageFaults.Kind.POWER_CUT && r.afterFault() != null).isNotEmpty();
  }
}
