package dev.clir.cli.testing;

import dev.clir.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Runs a clir command in this JVM the way its {@code main} does ({@link Cli#create}, then {@code execute}), with
 * standard output, standard error and optionally standard input swapped for buffers, and returns the exit code
 * and what was printed. The commands print results with {@code System.out} and errors through picocli, so both
 * are captured. One run at a time (the standard streams are global).
 */
public final class CliRun {
  private CliRun() {}

  /** What a run printed and returned. */
  public record Result(String command, int exitCode, String out, String err) {
    /** Fails with everything the command printed when the exit code is not {@code expected}. */
    public Result expectExit(int expected) {
      if (exitCode != expected) {
        throw new AssertionError("expected exit code " + expected + " but got " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " from `" + command + "`\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  /** Runs {@code command} with {@code args}; standard input is left as it is. */
  public static Result run(Object command, String... args) {
    return run(command, null, args);
  }

  /** Runs {@code command} with {@code args} and {@code stdin} (UTF-8) as standard input. */
  public static Result withInput(String stdin, Object command, String... args) {
    return run(command, stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** Runs {@code command} with {@code args}; {@code stdin} (may be null: unchanged) as standard input. */
  public static synchronized Result run(Object command, byte[] stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream pout = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream perr = new PrintStream(err, true, StandardCharsets.UTF_8);
    System.setOut(pout);
    System.setErr(perr);
    if (stdin != null) {
      System.setIn(new ByteArrayInputStream(stdin));
    }
    int code;
    try {
      CommandLine cl = Cli.create(command);
      cl.setOut(new PrintWriter(new OutputStreamWriter(pout, StandardCharsets.UTF_8), true));
      cl.setErr(new PrintWriter(new OutputStreamWriter(perr, StandardCharsets.UTF_8), true));
      code = cl.execute(args);
      pout.flush();
      perr.flush();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
    String name = command.getClass().getSimpleName();
    return new Result(name + " " + String.join(" ", Arrays.asList(args)), code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }
}
