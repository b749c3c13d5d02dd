package dev.clir.hub;

import dev.clir.model.ModelRef;
import dev.clir.model.DownloadListener;
import dev.clir.model.OnnxVariant;
import java.nio.file.Path;
import java.time.Duration;

/** Run in a child JVM by {@link ConcurrentProcessesTest}: downloads a model and prints where it is. */
public final class DownloadInAnotherProcess {
  private DownloadInAnotherProcess() {}

  public static void main(String[] args) {
    HubDownloader d = HubDownloader.builder().endpoint(args[0]).retryPause(Duration.ofMillis(10)).listener(new DownloadListener() {
      @Override
      public void notice(String message) {
        System.out.println("notice: " + message);
      }
    }).build();
    Path dir = d.download(ModelRef.parse(args[1], null), OnnxVariant.FLOAT, Path.of(args[2]));
    System.out.println("done: " + dir);
  }
}
