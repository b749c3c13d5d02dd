package dev.clir.hub;

import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelRef;
import dev.clir.model.OnnxVariant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Run in a child JVM by {@link HubDownloaderProxyTest}, to try JVM-wide proxy settings: downloads
 * {@code acme/encoder} from {@code args[0]} with {@code https_proxy=args[1]} and token {@code args[3]} into
 * {@code args[2]}, and prints the outcome.
 */
public final class ProxiedDownloadInAnotherProcess {
  private ProxiedDownloadInAnotherProcess() {}

  public static void main(String[] args) {
    HubDownloader d = HubDownloader.builder().endpoint(args[0]).environment(Map.of("https_proxy", args[1])).token(args[3], "HF_TOKEN")
        .retryPause(Duration.ofMillis(10)).build();
    try {
      System.out.println("done: " + d.download(ModelRef.parse("acme/encoder", null), OnnxVariant.FLOAT, Path.of(args[2])));
    } catch (ModelLoadException e) {
      System.out.println("error: " + e.getMessage());
    }
  }
}
