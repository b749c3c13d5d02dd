package dev.clir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.Cli;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.HelpText;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** #20 item 8 for clir-bench: the exit codes of the one table, examples, summaries that end their sentence. */
class BenchHelpTest {
  @Test
  void helpListsTheExitCodesAndExamplesAndWholeSummaries() {
    CommandLine cl = Cli.create(new BenchCommand());
    String text = HelpText.at80(cl);
    ExitCodes.helpList().forEach((code, what) -> assertThat(text).contains(code + "   " + what.substring(0, Math.min(20, what.length()))));
    assertThat(HelpText.examples(text)).isNotEmpty();
    HelpText.assertFitsAndExamplesCopy("clir-bench", text, " {2}clir-bench .*");
    List<String> lines = text.lines().toList();
    // every command's summary ends its sentence before the next command starts
    String commands = String.join("\n", lines.subList(lines.indexOf("Commands:") + 1, lines.indexOf("Exit codes:") - 1));
    for (String summary : commands.split("\n  (?=[a-z])")) {
      assertThat(summary.strip()).as(summary).endsWith(".");
    }
  }
}
