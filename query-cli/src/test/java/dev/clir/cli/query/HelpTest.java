package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.Cli;
import dev.clir.cli.testing.HelpText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** #20 item 8: help that flows at 80 columns, summaries that end their sentence, examples that can be copied. */
class HelpTest {
  @Test
  void everyCommandsHelpFitsEightyColumnsWithWholeExamples() {
    CommandLine root = Cli.create(new QueryCommand());
    for (Map.Entry<String, CommandLine> e : Map.of("clir-query", root, "eval", root.getSubcommands().get("eval"),
        "classify", root.getSubcommands().get("classify")).entrySet()) {
      String text = HelpText.at80(e.getValue());
      assertThat(HelpText.examples(text)).as(e.getKey() + " has examples").isNotEmpty();
      HelpText.assertFitsAndExamplesCopy(e.getKey(), text, " {2}(cat .*\\| )?clir-(query|index) .*");
    }
  }

  @Test
  void subcommandSummariesAreWholeSentences() {
    String text = HelpText.at80(Cli.create(new QueryCommand()));
    List<String> commands = text.lines().dropWhile(l -> !l.equals("Commands:")).skip(1).takeWhile(l -> !l.isEmpty()).toList();
    assertThat(commands).isNotEmpty();
    // each summary starts after the name and ends its sentence on its own line(s) before the next command
    String joined = String.join("\n", commands);
    for (String name : List.of("eval", "classify", "model")) {
      String after = joined.substring(joined.indexOf("  " + name + " ") + name.length() + 3).strip();
      String summary = after.split("\n  [a-z]")[0].replaceAll("\\s+", " ");
      assertThat(summary).as(name).endsWith(".");
    }
  }
}
