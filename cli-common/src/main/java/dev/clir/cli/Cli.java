package dev.clir.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds a picocli {@link CommandLine} the way every clir command wants it: exit codes listed in help,
 * failures mapped to their documented code ({@link ExitCodes#of}), and errors printed as one clear line (the stack
 * trace only with {@code CLIR_DEBUG=1}). A wrong command line prints the error, picocli's suggestion when it has one,
 * and one line pointing to {@code --help}, never the whole help.
 */
public final class Cli {
  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger LUCENE_LOG = Logger.getLogger("org.apache.lucene");
  private static final Logger LUCENE_VECTORIZATION_LOG = Logger.getLogger("org.apache.lucene.internal.vectorization");

  static {
    // Lucene reports its SIMD setup through java.util.logging at INFO on every start; users need only its warnings.
    LUCENE_LOG.setLevel(Level.WARNING);
    // Without jdk.incubator.vector it also warns, on every start, that the module is not readable. The launchers leave
    // the module out on purpose (measured: it slows a one-shot search, and the JVM prints its own warning for it; see
    // bin/select-jdk.sh), and so does plain java -jar.
    LUCENE_VECTORIZATION_LOG.setLevel(Level.SEVERE);
  }

  private Cli() {}

  public static CommandLine create(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setExitCodeExceptionMapper(ExitCodes::of);
    cl.setExecutionExceptionHandler(Cli::handle);
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --vector-format int8 and INT8 alike
    cl.setUsageHelpAutoWidth(true); // help flows to the terminal's width
    cl.setHelpFactory(Cli::help);
    cl.setExecutionStrategy(Cli::execute);
    applyExitCodeHelp(cl);
    return cl;
  }

  /** Runs the command the line names, once the options it needs when run itself ({@link RequiredWhenRun}) are there. */
  private static int execute(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    if (!last.isUsageHelpRequested() && !last.isVersionHelpRequested()) {
      CommandSpec spec = last.commandSpec();
      List<String> missing = new ArrayList<>();
      List<ArgSpec> missingSpecs = new ArrayList<>();
      for (OptionSpec o : requiredWhenRun(spec)) {
        if (!last.hasMatchedOption(o)) {
          missing.add("'" + o.longestName() + "=" + o.paramLabel() + "'");
          missingSpecs.add(o);
        }
      }
      if (!missing.isEmpty()) {
        throw new MissingParameterException(spec.commandLine(), missingSpecs,
            "Missing required option" + (missing.size() == 1 ? ": " : "s: ") + String.join(", ", missing));
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  private static List<OptionSpec> requiredWhenRun(CommandSpec spec) {
    if (!(spec.userObject() instanceof RequiredWhenRun r)) {
      return List.of();
    }
    return r.requiredWhenRun().stream().map(spec::findOption).toList();
  }

  /** picocli's help, with the {@link RequiredWhenRun} options shown as required in the usage line. */
  private static Help help(CommandSpec spec, Help.ColorScheme scheme) {
    return new Help(spec, scheme) {
      @Override
      protected Help.Ansi.Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> options,
          Comparator<OptionSpec> order, boolean clusterBooleanOptions) {
        List<OptionSpec> required = requiredWhenRun(spec);
        List<OptionSpec> shown = options.stream().map(o -> required.contains(o) ? OptionSpec.builder(o).required(true).build() : o)
            .toList();
        return super.createDetailedSynopsisOptionsText(done, shown, order, clusterBooleanOptions);
      }
    };
  }

  private static void applyExitCodeHelp(CommandLine cl) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyExitCodeHelp(sub);
    }
  }

  /** The error, a suggestion when picocli has one (a misspelt option), and where to read more. */
  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String root = cl.getCommandSpec().root().name();
    err.println(cl.getColorScheme().errorText(root + ": error: " + ex.getMessage()));
    if (!UnmatchedArgumentException.printSuggestions(ex, err) && ex instanceof UnmatchedArgumentException u && u.isUnknownOption()) {
      // picocli suggests options that start like the typed one; a dropped or swapped letter (--idex) needs a closer look
      String typed = u.getUnmatched().get(0).split("=", 2)[0];
      List<String> close = cl.getCommandSpec().options().stream().filter(o -> !o.hidden()).flatMap(o -> Arrays.stream(o.names()))
          .filter(n -> n.startsWith("--") && editDistance(typed, n) <= 2).sorted().toList();
      if (!close.isEmpty()) {
        err.println("Did you mean: " + String.join(" or ", close) + "?");
      }
    }
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Levenshtein distance: insertions, deletions and substitutions to turn {@code a} into {@code b}. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static int handle(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().root().name();
    err.println(cl.getColorScheme().errorText(name + ": error: " + message(ex)));
    int code = ExitCodes.of(ex);
    if ("1".equals(System.getenv("CLIR_DEBUG"))) {
      ex.printStackTrace(err);
    } else if (code == ExitCodes.SOFTWARE) {
      err.println(name + ": (set CLIR_DEBUG=1 for the stack trace)");
    }
    err.flush();
    return code;
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
