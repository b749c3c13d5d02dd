package dev.clir.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short seeded version of the bad-input population, and the replay of every input that once ended unexpectedly
 * (kept in src/test/resources/reliability/inputs/READER/): each ends accepted or with the documented input error.
 */
class InputFuzzTest {
  private static final Path KEPT = Path.of("src/test/resources/reliability/inputs");

  @TempDir Path tmp;

  @Test
  void everyReaderAcceptsOrNamesFileAndLine() {
    List<InputFuzz.Result> results = new InputFuzz(tmp, 30).runAll(20261203, 30);

    assertThat(results).hasSize(30 * InputFuzz.Target.values().length);
    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as("%s seed %d: %s", r.target(), r.seed(), r.detail())
        .isNotEqualTo(InputFuzz.Outcome.UNEXPECTED));
    // the mutations do break files: every reader refused some
    for (InputFuzz.Target t : InputFuzz.Target.values()) {
      assertThat(results).filteredOn(r -> r.target() == t && r.outcome() == InputFuzz.Outcome.INPUT_ERROR)
          .as("input errors of %s", t).isNotEmpty();
    }
  }

  @Test
  void theSameSeedMakesTheSameInput() {
    assertThat(InputFuzz.input(InputFuzz.Target.CSV, 99)).isEqualTo(InputFuzz.input(InputFuzz.Target.CSV, 99));
  }

  @TestFactory
  Stream<DynamicTest> inputsThatOnceFailedStayFixed() throws IOException {
    if (!Files.isDirectory(KEPT)) {
      return Stream.empty();
    }
    InputFuzz fuzz = new InputFuzz(tmp, 30);
    List<Path> files;
    try (Stream<Path> s = Files.walk(KEPT)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(KEPT.relativize(f).toString(), () -> {
      InputFuzz.Target target = InputFuzz.Target.valueOf(f.getParent().getFileName().toString().toUpperCase(Locale.ROOT));
      InputFuzz.Result r = fuzz.run(target, 0, Files.readAllBytes(f));
      assertThat(r.outcome()).as(r.detail()).isNotEqualTo(InputFuzz.Outcome.UNEXPECTED);
    }));
  }
}
