package dev.clir.hub;

import java.io.IOException;
import java.time.Duration;

/**
 * No byte of a response body arrived for the stall timeout; the transfer was abandoned so that it can be
 * resumed. Not an {@link java.io.InterruptedIOException}: the fetcher rethrows those as the user's interrupt.
 */
final class DownloadStalledException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Duration timeout;

  DownloadStalledException(Duration timeout) {
    super("no data arrived for " + seconds(timeout));
    this.timeout = timeout;
  }

  Duration timeout() {
    return timeout;
  }

  /** {@code 60 s}, {@code 1.5 s}. */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
