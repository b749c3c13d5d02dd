package dev.clir.bench.perf;

import java.util.Locale;

/** Progress lines on standard error, with the time since the start and the current load average. */
public final class Log {
  private static final long START = System.nanoTime();

  private Log() {}

  public static void info(String format, Object... args) {
    double[] load = Machine.loadAverage();
    System.err.printf(Locale.ROOT, "[%6.1fs load %.1f] %s%n", (System.nanoTime() - START) / 1e9, load[0],
        String.format(Locale.ROOT, format, args));
  }
}
