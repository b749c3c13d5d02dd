package dev.clir.cli;

import java.io.Console;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

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
    /** The status after the counts keeps this width, so that the bar does not shrink as the numbers grow. */
    static final int STATUS_WIDTH = 20;
    /**
     * Terminals narrower than this (as progressbar measures them: one less than the columns) get no status: counts,
     * percentage, times and speed take about 70 columns, and the bar itself should keep about twenty.
     */
    static final int WIDTH_FOR_STATUS = 110;
    private final ProgressBar bar;
    private final boolean showStatus;
    private boolean closed;

    Bar(String task, String unit, long total) {
      ConsoleProgressBarConsumer console = new ConsoleProgressBarConsumer(System.err);
      this.showStatus = console.getMaxRenderedLength() >= WIDTH_FOR_STATUS;
      this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setRenderer(new LabelledRenderer(" " + unit))
          .setConsumer(console)
          .setUpdateIntervalMillis(250).build();
    }

    @Override
    public void update(long done, String status) {
      bar.stepTo(done);
      if (showStatus) {
        bar.setExtraMessage(status(status));
      }
    }

    static String status(String status) {
      String s = status.isEmpty() ? "" : " · " + status;
      return s.length() >= STATUS_WIDTH ? s : s + " ".repeat(STATUS_WIDTH - s.length());
    }

    /** Once: a second close would draw the final bar again, after whatever was printed since. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        bar.close();
      }
    }
  }

  /** progressbar's renderer with the times labelled: "(elapsed 0:00:12, ETA 0:00:30)" instead of "(0:00:12 / 0:00:30)". */
  static final class LabelledRenderer extends DefaultProgressBarRenderer {
    private static final int LABELS = 11;

    LabelledRenderer(String unit) {
      super(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, unit, 1, true, new DecimalFormat("0.0"), ChronoUnit.SECONDS, true,
          LabelledRenderer::linearEta);
    }

    @Override
    public String render(ProgressState state, int maxLength) {
      // the default shows "(ELAPSED / ETA)"; name both, in the same width ("elapsed " and ", ETA " add 11 characters)
      return super.render(state, Math.max(0, maxLength - LABELS)).replaceFirst("\\((\\d+:\\d\\d:\\d\\d) / ", "(elapsed $1, ETA ");
    }

    static Optional<Duration> linearEta(ProgressState state) {
      long done = state.getCurrent() - state.getStart();
      if (state.getMax() <= 0 || done <= 0) {
        return Optional.empty();
      }
      Duration elapsed = state.getElapsedAfterStart();
      return Optional.of(elapsed.multipliedBy(state.getMax() - state.getCurrent()).dividedBy(done));
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
