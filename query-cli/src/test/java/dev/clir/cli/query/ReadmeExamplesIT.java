package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example outputs are what the commands print today (#20 item 14). Every {@code ```text} block of README.md
 * that starts with {@code $ bin/clir-...} is run, in order, from the project root with the shipped launchers and the
 * test model; its output (standard output and error together) must equal the block's, up to what truly varies between
 * runs: times, rates, the progress lines of a pipe (printed every few seconds), and the index folder (the README's
 * {@value #README_INDEX} is a fresh temporary folder here).
 *
 * <p>{@code bin/readme-examples} runs this with {@code -Dclir.readme.update=true}, which writes what the commands
 * printed into the README instead of comparing.
 */
class ReadmeExamplesIT {
  static final Path README = ShippedJarsIT.ROOT.resolve("README.md");
  static final String README_INDEX = "/tmp/nimbra";
  private static final Pattern BLOCK = Pattern.compile("```text\\n\\$ (bin/clir-[^\\n]+)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path tmp;

  @Test
  void theReadmeExamplesPrintWhatTheReadmeShows() throws Exception {
    String readme = Files.readString(README);
    Path index = tmp.resolve("nimbra");
    Matcher m = BLOCK.matcher(readme);
    StringBuilder updated = new StringBuilder();
    List<String> commands = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    while (m.find()) {
      String command = m.group(1);
      commands.add(command);
      String printed = run(command.replace(README_INDEX, index.toString())).replace(index.toString(), README_INDEX);
      String shown = withoutProgress(printed);
      if (!sameUpToCpu(normalised(shown), normalised(m.group(2)))) {
        differences.add("$ " + command + "\n--- README ---\n" + m.group(2) + "--- printed today ---\n" + shown);
      }
      m.appendReplacement(updated, Matcher.quoteReplacement("```text\n$ " + command + "\n" + shown + "```"));
    }
    m.appendTail(updated);
    assertThat(commands).as("the README's examples with output").hasSizeGreaterThanOrEqualTo(3)
        .anyMatch(c -> c.startsWith("bin/clir-index ")).anyMatch(c -> c.startsWith("bin/clir-query eval "));
    if (Boolean.getBoolean("clir.readme.update")) {
      Files.writeString(README, updated.toString(), StandardCharsets.UTF_8);
      return;
    }
    assertThat(differences).as("README examples that differ from what the commands print (bin/readme-examples "
        + "regenerates them)").isEmpty();
  }

  @Test
  void theComparisonForgivesOnlyWhatACpuChanges() {
    String readme = """
        rank id           title                  similarity
        1    kb-a001      Reset your password        0.9379
        2    kb-a004      Recover your account       0.9352
        3    kb-a006      Turn off two-step          0.9347
        """;
    String swapped = """
        rank id           title                  similarity
        1    kb-a001      Reset your password        0.9381
        2    kb-a006      Turn off two-step          0.9350
        3    kb-a004      Recover your account       0.9349
        """;
    assertThat(sameUpToCpu(readme, swapped)).isTrue();
    assertThat(sameUpToCpu(readme, readme.replace("kb-a006", "kb-a007"))).isFalse();
    assertThat(sameUpToCpu(readme, readme.replace("Turn off two-step", "Turn on two-step"))).isFalse();
    assertThat(sameUpToCpu(readme, readme.replace("0.9347", "0.8800"))).isFalse();
    assertThat(sameUpToCpu(readme, readme + "4    kb-a009      Another                    0.9000\n")).isFalse();
  }

  /** Runs {@code command} with bash in the project root; standard output and error together, as a terminal shows them. */
  private String run(String command) throws IOException, InterruptedException {
    Path out = tmp.resolve("out.txt");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(ShippedJarsIT.ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    // the same run anywhere: no colours, no class-data archive warnings from a stale one
    pb.environment().put("CLIR_CDS", "0");
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(command).isTrue();
    String printed = Files.readString(out);
    assertThat(p.exitValue()).as(command + "\n" + printed).isZero();
    return printed;
  }

  /** A pipe gets a progress line every few seconds: how many depends on the machine's speed. */
  static String withoutProgress(String printed) {
    return printed.replaceAll("(?m)^(Indexing|Evaluating|Searching): \\d+\\S* \\w+ \\(.*\\n", "");
  }

  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
  private static final Pattern RANK = Pattern.compile("^\\d+(?=\\s)");

  /**
   * The same lines, but for what the int8 test model's kernels change between CPUs (AVX-512 VNNI, AVX2; CI's need not
   * be this machine's): decimals may differ by at most {@value #CPU_TOLERANCE} (a question of 65 moving R@10 by 0.015),
   * and near-tied hits may trade places, so lines are compared as a multiset with leading rank numbers masked and the
   * decimals compared in sorted order. A stale example (other documents, titles, counts, columns) still differs.
   */
  static boolean sameUpToCpu(String a, String b) {
    List<String> x = a.lines().map(ReadmeExamplesIT::masked).sorted().toList();
    List<String> y = b.lines().map(ReadmeExamplesIT::masked).sorted().toList();
    if (!x.equals(y)) {
      return false;
    }
    List<Double> dx = decimals(a);
    List<Double> dy = decimals(b);
    if (dx.size() != dy.size()) {
      return false;
    }
    for (int i = 0; i < dx.size(); i++) {
      if (Math.abs(dx.get(i) - dy.get(i)) > CPU_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  private static String masked(String line) {
    return RANK.matcher(DECIMAL.matcher(line).replaceAll("D")).replaceAll("N");
  }

  private static List<Double> decimals(String text) {
    List<Double> out = new ArrayList<>();
    Matcher m = DECIMAL.matcher(text);
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    out.sort(null);
    return out;
  }

  static final double CPU_TOLERANCE = 0.05;

  /** Times and rates vary from run to run; everything else must be the same. */
  static String normalised(String text) {
    return text.replaceAll("\\d+(\\.\\d+)? s\\b", "T s")
        .replaceAll("\\d+(\\.\\d+)? (docs|tokens|queries)/s", "R $2/s");
  }
}
