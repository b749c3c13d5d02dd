package dev.clir.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short seeded version of the damaged-file population: refused with exit 5 naming the file, or found by the check. */
class CorruptionTest {
  @TempDir Path tmp;

  @Test
  void damagedFilesAreRefusedOrFoundAndNamed() {
    List<Corruption.Run> runs = new Corruption(3, tmp).runAll(11, 3);

    assertThat(runs).hasSize(3 * Corruption.Damage.values().length);
    assertThat(runs).allSatisfy(r -> assertThat(r.problem()).as("%s seed %d on %s", r.damage(), r.seed(), r.file()).isNull());
    assertThat(runs).allSatisfy(r -> assertThat(r.checkFound()).isTrue());
  }
}
