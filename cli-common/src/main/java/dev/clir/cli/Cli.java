package dev.clir.cli;

import dev.clir.corpus.InputFormatException;
import dev.clir.index.ClirIndexException;
import dev.clir.index.IndexLockedException;
import dev.clir.model.ModelMismatchException;
import dev.clir.model.ModelLoadException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * Builds a picocli {@link CommandLine} the way every clir command wants it: exit codes listed in help,
 * failures mapped to their documented code, and errors printed as one clear line (the stack trace only
 * with {@code CLIR_DEBUG=1}).
 */
public final class Cli {
  private static final List<Map.Entry<Class<? extends Throwable>, Integer>> CODES = new ArrayList<>();

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
    // picocli asks the exit-code mapper about command-line errors too (unknown option, missing or bad value,
    // and ParameterExceptions thrown by a command's own checks); without this they would exit 1.
    register(CommandLine.ParameterException.class, ExitCodes.USAGE);
    register(ModelLoadException.class, ExitCodes.MODEL);
    register(UserInputException.class, ExitCodes.INPUT);
    register(InputFormatException.class, ExitCodes.INPUT);
    register(IndexLockedException.class, ExitCodes.LOCKED);
    register(ClirIndexException.class, ExitCodes.INDEX);
    register(ModelMismatchException.class, ExitCodes.INDEX);
  }

  private Cli() {}

  /** Maps a failure class (and its subclasses) to an exit code; the first registered match wins. */
  public static synchronized void register(Class<? extends Throwable> type, int exitCode) {
    CODES.add(Map.entry(type, exitCode));
  }

  public static CommandLine create(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setExitCodeExceptionMapper(mapper());
    cl.setExecutionExceptionHandler(Cli::handle);
    applyExitCodeHelp(cl);
    return cl;
  }

  private static void applyExitCodeHelp(CommandLine cl) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyExitCodeHelp(sub);
    }
  }

  static IExitCodeExceptionMapper mapper() {
    return Cli::exitCodeOf;
  }

  public static synchronized int exitCodeOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (Map.Entry<Class<? extends Throwable>, Integer> e : CODES) {
        if (e.getKey().isInstance(c)) {
          return e.getValue();
        }
      }
    }
    return ExitCodes.SOFTWARE;
  }

  private static int handle(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().root().name();
    err.println(cl.getColorScheme().errorText(name + ": error: " + message(ex)));
    if ("1".equals(System.getenv("CLIR_DEBUG"))) {
      ex.printStackTrace(err);
    } else if (exitCodeOf(ex) == ExitCodes.SOFTWARE) {
      err.println(name + ": (set CLIR_DEBUG=1 for the stack trace)");
    }
    err.flush();
    return exitCodeOf(ex);
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
