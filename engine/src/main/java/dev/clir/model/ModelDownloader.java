package dev.clir.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Fetches a model's files from a hub into a folder of clir's cache, for {@link ModelResolver} when a model is on no
 * path it looks at. The engine has none of its own: the {@code clir-hub} module provides the Hugging Face one as a
 * {@link Provider} found by {@link java.util.ServiceLoader}, so an application that only opens model directories
 * needs no HTTP client (and a resolver without one says so when asked for an id it does not have).
 */
public interface ModelDownloader {
  /**
   * Downloads {@code ref}'s tokenizer, config files and one graph ({@code onnxFile} when given, else the one of
   * {@code variant} that the repository has and that fits this CPU) into {@code target}, unless a finished download
   * is there already, and returns {@code target}; its {@link DownloadManifest} names the graph.
   *
   * @throws ModelLoadException when the model cannot be downloaded (a {@link HubUnreachableException} when the hub
   *     cannot be reached at all)
   */
  Path download(ModelRef ref, OnnxVariant variant, String onnxFile, Path target);

  /** The hub's URL, without a trailing slash. */
  String endpoint();

  /** Makes downloaders; registered in {@code META-INF/services/dev.clir.model.ModelDownloader$Provider}. */
  interface Provider {
    ModelDownloader create(Settings settings);
  }

  /**
   * What a downloader is made with.
   *
   * @param endpoint the hub's URL ({@code HF_ENDPOINT}), null for the default
   * @param token an access token, or null
   * @param tokenSource where the token came from, for messages
   * @param listener hears the progress
   * @param environment proxies and timeouts are read from it
   * @param cpu chooses among int8 graphs
   */
  record Settings(String endpoint, String token, String tokenSource, DownloadListener listener, Map<String, String> environment,
      CpuFeatures cpu) {
    public Settings {
      listener = listener == null ? DownloadListener.SILENT : listener;
      environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      cpu = cpu == null ? CpuFeatures.current() : cpu;
    }
  }
}
