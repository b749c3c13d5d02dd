package dev.clir.cli;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long job: a live bar on a terminal, a plain line every few seconds when output goes to a file
 * or a pipe (logs stay readable), nothing with {@code --quiet}. Always on stderr, so stdout stays for results.
 */
public abstract class Progress implements AutoCloseable {

  /** Picks the right kind for where stderr goes. {@code total} may be -1 when unknown. */
  public static Progress create(String task, String unit, long total, boolean quiet) {
    if (quiet) {
      return new Silent();
    }
    return onTerminal() ? new Bar(task, unit, total) : new Lines(task, unit, total, System.err, Duration.ofSeconds(5));
  }

  /**
   * Whether standard input and output are a terminal. JDK 22+ returns a Console even when redirected; only its
   * isTerminal() (absent in 21) tells the truth.
   */
  public static boolean onTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a non-null console is a terminal
    }
  }

  /** Reports {@code done} units so far and a short status (e.g. passages, tokens/s). */
  public abstract void update(long done, String status);

  @Override
  public abstract void close();

  static final class Silent extends Progress {
    @Override
    public void update(long done, String status) {}

    @Override
    public void close() {}
  }

  static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(String task, String unit, long total) {
      this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1).showSpeed()
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setConsumer(new ConsoleProgressBarConsumer(System.err))
          .setUpdateIntervalMillis(250).build();
    }

    @Override
    public void update(long done, String status) {
      bar.stepTo(done);
      bar.setExtraMessage(status);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  static final class Lines extends Progress {
    private final String task;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastPrint = start;

    Lines(String task, String unit, long total, PrintStream out, Duration interval) {
      this.task = task;
      this.unit = unit;
      this.total = total;
      this.out = out;
      this.intervalNanos = interval.toNanos();
    }

    @Override
    public void update(long done, String status) {
      long now = System.nanoTime();
      if (now - lastPrint < intervalNanos) {
        return;
      }
      lastPrint = now;
      double seconds = (now - start) / 1e9;
      String eta = total > 0 && done > 0 ? String.format(", ETA %ds", Math.round(seconds / done * (total - done))) : "";
      out.printf("%s: %d%s %s (%.1f %s/s%s) %s%n", task, done, total > 0 ? "/" + total : "", unit, done / seconds, unit, eta, status);
      out.flush();
    }

    @Override
    public void close() {}
  }
}
