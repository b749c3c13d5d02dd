package dev.clir.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of clir-index and clir-query, one per class of failure, listed in every --help. */
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

  private ExitCodes() {}

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
