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

  @Test
  void theInteractivePromptOnARealTerminal() throws Exception {
    // #20 item 7 in a pseudo-terminal 72 columns wide (util-linux script, always on Debian): line editing and history
    // come from JLine, exit ends, results fit the width
    String command = "stty cols 72 rows 24; exec " + java() + " -jar " + JAR + " --index " + SharedIndex.path() + " -k 2";
    ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null").redirectErrorStream(true);
    pb.environment().put("TERM", "xterm-256color");
    Process p = pb.start();
    Screen screen = new Screen(p.getInputStream());
    try (OutputStream keys = p.getOutputStream()) {
      screen.await("? ", 1);
      type(keys, "How do I change my password?\r");
      screen.await("rank ", 1);
      screen.await("? ", 2);
      type(keys, "\033OA\r"); // Up (as a terminal in keypad mode sends it), Enter: the same question again
      screen.await("rank ", 2);
      screen.await("? ", 3);
      type(keys, "exit\r");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(screen.text()).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(screen.text()).isZero();
    String shown = screen.text().replaceAll("\u001B\\[[?0-9;]*[a-zA-Z]|\u001B[=>]|\r", "");
    assertThat(shown).contains("ask in any language").doesNotContain("^[[A");
    List<String> asked = shown.lines().filter(l -> l.startsWith("? How")).toList();
    assertThat(asked).as(shown).hasSize(2);
    assertThat(shown.lines().filter(l -> l.startsWith("1 ") || l.startsWith("     "))).as(shown).isNotEmpty()
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(72));
  }

  private static void type(OutputStream keys, String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /** Everything a terminal program printed, read as it comes. */
  static final class Screen {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Screen(InputStream in) {
      Thread reader = new Thread(() -> {
        byte[] buf = new byte[4096];
        try {
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            synchronized (bytes) {
              bytes.write(buf, 0, n);
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "screen");
      reader.setDaemon(true);
      reader.start();
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    /** Waits (at most 90 s) until {@code marker} has appeared {@code times} times. */
    void await(String marker, int times) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        if (text().split(java.util.regex.Pattern.quote(marker), -1).length - 1 >= times) {
          return;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no " + times + "x '" + marker + "' on the terminal in 90 s:\n" + text());
    }
  }
}
