package dev.clir.cli;

import dev.clir.corpus.InputFormatException;
import dev.clir.index.ClirIndexException;
import dev.clir.index.IndexLockedException;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelMismatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of clir-index, clir-query and their subcommands, one per class of failure, listed in every --help;
 * {@link #of} is the one place that says which failure gets which code.
 */
public final class ExitCodes {
  public static final int OK = 0;
  /** A bug or an unexpected failure (I/O error, native crash): the message says what; please report it. */
  public static final int SOFTWARE = 1;
  /** The command line itself is wrong: unknown option, missing argument, bad value. */
  public static final int USAGE = 2;
  /** An input file (documents, queries, qrels, labelled utterances) is unreadable or malformed; the message has file:line. */
  public static final int INPUT = 3;
  /** The model cannot be found, downloaded or loaded. */
  public static final int MODEL = 4;
  /** The index (or intent model) is missing, damaged, or was built with another model. */
  public static final int INDEX = 5;
  /** Another process is writing to the index. */
  public static final int LOCKED = 6;

  /**
   * Failure classes and their codes, most specific first; a failure's causes are searched too. A wrong command line
   * is always a {@link ParameterException} (picocli's own, or thrown by a command's checks, see {@link OptionChecks}),
   * so a value out of range exits 2 like a misspelt option. Anything else is unexpected: 1.
   */
  private static final List<Map.Entry<Class<? extends Throwable>, Integer>> BY_FAILURE = List.of(
      Map.entry(ParameterException.class, USAGE),
      Map.entry(ModelLoadException.class, MODEL),
      Map.entry(UserInputException.class, INPUT),
      Map.entry(InputFormatException.class, INPUT),
      Map.entry(IndexLockedException.class, LOCKED),
      Map.entry(ClirIndexException.class, INDEX),
      Map.entry(ModelMismatchException.class, INDEX));

  private ExitCodes() {}

  /** The exit code for {@code failure}: that of the first listed class it or one of its causes belongs to. */
  public static int of(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      for (Map.Entry<Class<? extends Throwable>, Integer> e : BY_FAILURE) {
        if (e.getKey().isInstance(c)) {
          return e.getValue();
        }
      }
    }
    return SOFTWARE;
  }

  /** For picocli's usage help ({@code exitCodeList}). */
  public static Map<String, String> helpList() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" " + OK, "success");
    m.put(" " + SOFTWARE, "unexpected failure (a bug or an I/O error; the message says which)");
    m.put(" " + USAGE, "wrong command line (unknown option, missing or bad value)");
    m.put(" " + INPUT, "bad input file (the message names file and line)");
    m.put(" " + MODEL, "model not found, not downloadable or not loadable");
    m.put(" " + INDEX, "index missing, damaged, or built with another model");
    m.put(" " + LOCKED, "index locked by another process");
    return m;
  }
}
