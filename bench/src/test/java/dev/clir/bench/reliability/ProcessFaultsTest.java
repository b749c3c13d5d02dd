package dev.clir.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short seeded version of the kill population: SIGKILL aimed inside a commit and inside a merge, each
 * followed by a resume with no loss and no duplicate; and two writers racing for one index.
 */
class ProcessFaultsTest {
  @TempDir Path tmp;

  @Test
  void killedIndexingResumesWithoutLossOrDuplicates() {
    ProcessFaults faults = new ProcessFaults(5, 400, tmp);
    // (between commits: KillAndResumeTest, with clir-index itself)
    List<ProcessFaults.Run> runs = List.of(faults.run(ProcessFaults.Moment.DURING_COMMIT, 9),
        faults.run(ProcessFaults.Moment.DURING_MERGE, 10));

    assertThat(runs).allSatisfy(r -> {
      assertThat(r.problem()).as("%s seed %d, landed %s", r.aimed(), r.seed(), r.landed()).isNull();
      assertThat(r.afterResume().complete()).isTrue();
    });
    assertThat(runs).extracting(ProcessFaults.Run::landed).anyMatch(l -> l.equals("during a commit"));
  }

  @Test
  void ofTwoRacingWritersOneWinsAndTheOtherExits6NamingTheHolder() {
    ProcessFaults.Race race = new ProcessFaults(5, 400, tmp).race(1);

    assertThat(race.problem()).isNull();
    assertThat(race.exitCodes()).containsExactlyInAnyOrder(0, 6);
    assertThat(race.loserMessage()).contains("locked").contains("pid ");
  }

  @Test
  void whereAKillLandedIsReadFromTheLastEvents() {
    assertThat(ProcessFaults.landed(List.of("ready 1", "commit-begin 1", "commit-end 1"), 137))
        .isEqualTo("before the first commit");
    assertThat(ProcessFaults.landed(List.of("ready 1", "commit-begin 2", "commit-end 2", "commit-begin 3"), 137))
        .isEqualTo("during a commit");
    assertThat(ProcessFaults.landed(List.of("commit-end 2", "merge-write _a.cfs"), 137)).isEqualTo("during a merge");
    assertThat(ProcessFaults.landed(List.of("commit-end 2"), 137)).isEqualTo("between commits");
    assertThat(ProcessFaults.landed(List.of("commit-end 2", "done"), 0)).startsWith("after the job");
  }
}
