package dev.clir.hub;

import dev.clir.model.DownloadListener;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws one terminal progress bar per downloaded file on a stream (standard error for the CLIs, so that
 * standard output stays clean for results). Small files finish too quickly to need a bar and get none.
 */
public final class ProgressBarDownloadListener implements DownloadListener {
  /** Files smaller than this get no bar. */
  static final long MIN_BAR_BYTES = 1 << 20;

  private final PrintStream out;
  private ProgressBar bar;

  public ProgressBarDownloadListener(PrintStream out) {
    this.out = out;
  }

  /** A listener drawing on standard error. */
  public static ProgressBarDownloadListener onStandardError() {
    return new ProgressBarDownloadListener(System.err);
  }

  @Override
  public synchronized void fileStarted(String file, long alreadyHave, long totalBytes) {
    closeBar();
    if (totalBytes >= 0 && totalBytes < MIN_BAR_BYTES) {
      return;
    }
    bar = new ProgressBarBuilder()
        .setTaskName(file)
        .setInitialMax(totalBytes)
        .setUnit("MiB", 1 << 20)
        .setStyle(ProgressBarStyle.ASCII)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .startsFrom(Math.max(0, alreadyHave), Duration.ZERO)
        .build();
  }

  @Override
  public synchronized void fileProgressed(String file, long bytesDone) {
    if (bar != null) {
      bar.stepTo(bytesDone);
    }
  }

  @Override
  public synchronized void fileFinished(String file) {
    closeBar();
  }

  @Override
  public synchronized void notice(String message) {
    closeBar();
    out.println(message);
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
