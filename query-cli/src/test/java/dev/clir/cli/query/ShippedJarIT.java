package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.testing.TestModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clir-query as users run it: {@code java -jar query-cli/target/clir-query.jar}, in its own process (failsafe runs
 * this after {@code package} built the jar). For what only the shipped jar in a process shows: its command line, its
 * terminal, its exit code.
 */
class ShippedJarIT {
  static final Path JAR = Path.of(System.getProperty("clir.queryJar", TestModel.projectRoot().resolve("query-cli/target/clir-query.jar").toString()));

  @TempDir Path tmp;

  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("clir-query-out", ".txt");
    Path err = Files.createTempFile("clir-query-err", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("clir-query did not finish in 3 minutes");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  @Test
  void aLongQuestionOnTheCommandLineIsAnswered() throws Exception {
    // #20 item 1: with a command line of ~4,400 characters or more, ONNX Runtime's start-up overflowed the main
    // thread's native stack and the JVM died with SIGSEGV (exit 139), printing nothing.
    String question = "I forgot my password and I no longer have the phone I used for two-step verification. ".repeat(80);
    assertThat(question.length()).isGreaterThan(6_000);
    Result r = run("--index", SharedIndex.path().toString(), "-k", "2", question);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(QueryCommandTest.table(r.out())).hasSize(2);
  }
}
