package dev.clir.cli.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.Cli;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.cli.testing.HelpText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * #20 item 8 for clir-index: help that fits 80 columns, examples that can be copied, the required --index shown as
 * required, the exit codes listed, and the model subcommands taking only what they use.
 */
class HelpTest {
  @Test
  void everyCommandsHelpFitsEightyColumnsWithWholeExamplesAndExitCodes() {
    CommandLine root = Cli.create(new IndexCommand());
    for (Map.Entry<String, CommandLine> e : Map.of("clir-index", root, "info", root.getSubcommands().get("info"),
        "check", root.getSubcommands().get("check"), "intents", root.getSubcommands().get("intents")).entrySet()) {
      String text = HelpText.at80(e.getValue());
      assertThat(text).as(e.getKey()).contains("Exit codes:", "   " + ExitCodes.INDEX + "   index missing");
      HelpText.assertFitsAndExamplesCopy(e.getKey(), text, " {2}(cat .*\\| )?clir-index .*");
    }
    assertThat(HelpText.at80(root)).contains("Examples:");
  }

  @Test
  void theRequiredIndexIsShownAsRequiredAndStillCheckedBeforeAnyModel() {
    String usage = HelpText.at80(Cli.create(new IndexCommand())).lines().takeWhile(l -> !l.isEmpty()).reduce("", String::concat);
    assertThat(usage).contains("--index=DIR").doesNotContain("[--index=DIR]");
    // still not picocli's `required`: the model subcommands run without an index
    CliRun.run(new IndexCommand(), "model", "list", "--help").expectExit(ExitCodes.OK);
    CliRun.Result r = CliRun.run(new IndexCommand(), "--input", "kb.jsonl", "--model", "no-such-org/no-such-model").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required option: '--index=DIR'").contains("Try 'clir-index --help'")
        .doesNotContain("Hugging Face").doesNotContain("Usage:");
  }

  @Test
  void modelInfoAndPullTakeOnlyWhatTheyUse() {
    // batch sizes and threads change nothing info shows; the model is its argument, not also -m
    for (String irrelevant : List.of("--batch-size=8", "--threads=2", "--batch-tokens=100", "-m=x")) {
      CliRun.Result r = CliRun.run(new IndexCommand(), "model", "info", irrelevant).expectExit(ExitCodes.USAGE);
      assertThat(r.err()).contains("Unknown option: '" + irrelevant + "'");
    }
    for (String irrelevant : List.of("--pooling=cls", "--batch-size=8", "-m=x")) {
      CliRun.run(new IndexCommand(), "model", "pull", irrelevant).expectExit(ExitCodes.USAGE);
    }
  }
}
