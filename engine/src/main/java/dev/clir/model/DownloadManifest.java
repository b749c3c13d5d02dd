package dev.clir.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What clir wrote into a model folder it downloaded ({@value #FILE_NAME}): which model, revision and
 * commit the files are, and how each was checked. It is written last, so a folder in clir's cache that has
 * it is complete; {@link ModelDirectory} reads the model id from it, since the folder's path
 * ({@code ORG--NAME/REVISION}) does not reliably say it.
 *
 * @param id the model id
 * @param revision the revision asked for ({@code main} unless pinned)
 * @param commit the commit the hub resolved the revision to (or the revision when the hub did not say)
 * @param onnxFile the graph's path in the folder
 * @param endpoint the hub the files came from
 * @param downloadedAt ISO-8601 instant
 * @param files the files downloaded
 */
public record DownloadManifest(String id, String revision, String commit, String onnxFile, String endpoint, String downloadedAt,
    List<FileEntry> files) {
  public static final String FILE_NAME = "clir-download.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public DownloadManifest {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /**
   * One downloaded file.
   *
   * @param path the path in the repository and the folder
   * @param size bytes
   * @param etag the hub's ETag (normalised)
   * @param checked what was verified: {@code sha256}, {@code git-sha1} or {@code none}
   */
  public record FileEntry(String path, long size, String etag, String checked) {}

  /** The manifest in {@code dir}, if there is a readable one. */
  public static Optional<DownloadManifest> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), DownloadManifest.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public void write(Path dir) throws IOException {
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
