package dev.clir.cli;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The checks picocli's types cannot express (ranges, options that need or exclude others), each failing as a usage
 * error (exit 2) worded like picocli's own: {@code Invalid value for option '--k': 0 (must be 1 or more)}. Range checks
 * run in the options' setters, so that a value is refused as it is parsed, before anything is loaded and whichever
 * command the option belongs to.
 */
public final class OptionChecks {
  private OptionChecks() {}

  /** {@code value} of {@code option}, when at least {@code min}. */
  public static int atLeast(CommandSpec spec, String option, int value, int min, String why) {
    if (value < min) {
      throw invalid(spec, option, String.valueOf(value), "must be " + min + " or more" + (why.isEmpty() ? "" : ": " + why));
    }
    return value;
  }

  /** {@code value} of {@code option}, when within [{@code min}, {@code max}]. */
  public static double between(CommandSpec spec, String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw invalid(spec, option, format(value), "must be between " + format(min) + " and " + format(max));
    }
    return value;
  }

  /** Whether the user typed {@code option} (not just its default). */
  public static boolean given(CommandSpec spec, String option) {
    ParseResult parsed = spec.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option);
  }

  public static ParameterException invalid(CommandSpec spec, String option, String value, String why) {
    return usage(spec, "Invalid value for option '" + option + "': " + value + " (" + why + ")");
  }

  public static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
  }
}
