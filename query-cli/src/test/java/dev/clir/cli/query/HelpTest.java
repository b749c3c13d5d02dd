package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.Cli;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** #20 item 8: help that flows at 80 columns, summaries that end their sentence, examples that can be copied. */
class HelpTest {
  private static String help(CommandLine cl) {
    cl.setUsageHelpWidth(80);
    cl.setUsageHelpAutoWidth(false);
    return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  @Test
  void everyCommandsHelpFitsEightyColumnsWithWholeExamples() {
    CommandLine root = Cli.create(new QueryCommand());
    for (Map.Entry<String, CommandLine> e : Map.of("clir-query", root, "eval", root.getSubcommands().get("eval"),
        "classify", root.getSubcommands().get("classify")).entrySet()) {
      String text = help(e.getValue());
      List<String> lines = text.lines().toList();
      assertThat(lines).as(e.getKey()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
      List<String> examples = lines.subList(lines.indexOf("Examples:") + 1, lines.size()).stream()
          .takeWhile(l -> !l.isEmpty()).toList();
      assertThat(examples).as(e.getKey() + " has examples").isNotEmpty();
      // an example is one command line, or one continued with a trailing backslash: never cut inside an argument
      for (int i = 0; i < examples.size(); i++) {
        String l = examples.get(i);
        boolean continued = i > 0 && examples.get(i - 1).endsWith("\\");
        assertThat(l).as(e.getKey()).matches(continued ? " {6}\\S.*" : " {2}(cat .*\\| )?clir-(query|index) .*");
      }
    }
  }

  @Test
  void subcommandSummariesAreWholeSentences() {
    String text = help(Cli.create(new QueryCommand()));
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
