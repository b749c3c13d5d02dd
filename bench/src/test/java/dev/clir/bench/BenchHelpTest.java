package dev.clir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.Cli;
import dev.clir.cli.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** #20 item 8 for clir-bench: the exit codes of the one table, examples, summaries that end their sentence. */
class BenchHelpTest {
  @Test
  void helpListsTheExitCodesAndExamplesAndWholeSummaries() {
    CommandLine cl = Cli.create(new BenchCommand());
    cl.setUsageHelpWidth(80);
    cl.setUsageHelpAutoWidth(false);
    String text = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    ExitCodes.helpList().forEach((code, what) -> assertThat(text).contains(code + "   " + what.substring(0, Math.min(20, what.length()))));
    List<String> lines = text.lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    List<String> examples = lines.subList(lines.indexOf("Examples:") + 1, lines.size()).stream().takeWhile(l -> !l.isEmpty()).toList();
    assertThat(examples).isNotEmpty();
    for (int i = 0; i < examples.size(); i++) {
      // one command line, or one continued with a trailing backslash: never cut inside an argument
      assertThat(examples.get(i)).matches(i > 0 && examples.get(i - 1).endsWith("\\") ? " {6}\\S.*" : " {2}clir-bench .*");
    }
    // every command's summary ends its sentence before the next command starts
    String commands = String.join("\n", lines.subList(lines.indexOf("Commands:") + 1, lines.indexOf("Exit codes:") - 1));
    for (String summary : commands.split("\n  (?=[a-z])")) {
      assertThat(summary.strip()).as(summary).endsWith(".");
    }
  }
}
