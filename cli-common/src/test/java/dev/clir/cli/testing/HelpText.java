package dev.clir.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import picocli.CommandLine;

/** A command's help as an 80-column terminal shows it, and the checks every clir command's help must pass (#20 item 8). */
public final class HelpText {
  private HelpText() {}

  /** The usage message at 80 columns, without colours. */
  public static String at80(CommandLine cl) {
    cl.setUsageHelpWidth(80);
    cl.setUsageHelpAutoWidth(false);
    return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /** The lines under "Examples:", up to the first empty one; none when there is no such section. */
  public static List<String> examples(String help) {
    List<String> lines = help.lines().toList();
    int at = lines.indexOf("Examples:");
    return at < 0 ? List.of() : lines.subList(at + 1, lines.size()).stream().takeWhile(l -> !l.isEmpty()).toList();
  }

  /**
   * No line wider than 80 columns, and every example one command line ({@code firstLine} matches how it starts), or one
   * continued with a trailing backslash: never cut inside an argument, so that it can be copied as it is.
   */
  public static void assertFitsAndExamplesCopy(String name, String help, String firstLine) {
    assertThat(help.lines().toList()).as(name).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    List<String> examples = examples(help);
    for (int i = 0; i < examples.size(); i++) {
      boolean continued = i > 0 && examples.get(i - 1).endsWith("\\");
      assertThat(examples.get(i)).as(name).matches(continued ? " {6}\\S.*" : firstLine);
    }
  }
}
