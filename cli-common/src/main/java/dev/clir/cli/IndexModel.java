package dev.clir.cli;

import dev.clir.index.IndexInfo;
import dev.clir.index.IndexOpener;
import dev.clir.index.IndexMetadata;
import dev.clir.model.KnownModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Which model an index wants. The index records the model's id and fingerprint; the command lines also record the
 * directory the model was loaded from, so that a later {@code clir-query --index DIR} needs no {@code --model}.
 */
public final class IndexModel {
  /** Commit-data key: absolute path of the model directory used by the last indexing run. */
  public static final String MODEL_PATH_KEY = "cli.model_path";

  private IndexModel() {}

  /**
   * The {@code --model} argument to use for {@code index}: the one given, else the directory or id the index
   * recorded, else clir's default model.
   */
  public static String choose(String given, Path index) {
    if (given != null) {
      return given;
    }
    Map<String, String> data = commitData(index);
    if (data.isEmpty()) {
      return KnownModels.DEFAULT_MODEL_ID;
    }
    String path = data.get(MODEL_PATH_KEY);
    if (path != null && Files.isDirectory(Path.of(path))) {
      return path;
    }
    return IndexMetadata.fromUserData(data).modelId();
  }

  /** The last commit's user data, or an empty map when there is no index yet. */
  static Map<String, String> commitData(Path index) {
    if (!Files.isDirectory(index)) {
      return Map.of();
    }
    try (Directory dir = FSDirectory.open(index)) {
      return IndexOpener.exists(dir) ? IndexOpener.commitData(index, dir) : Map.of();
    } catch (IOException e) {
      throw IndexOpener.explain(index, e);
    }
  }

  /** For {@code info}: the recorded model directory, if any. */
  public static String recordedPath(IndexInfo info) {
    return info.commitData().get(MODEL_PATH_KEY);
  }
}
