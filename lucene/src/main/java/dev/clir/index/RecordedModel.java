package dev.clir.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The model an index was built with, read from its last commit before any model is loaded: whoever opens an index
 * (clir-query, clir-index on an existing index, an application) first learns whether it is a clir index at all, and
 * then which model to load for it. The index records the model's id and fingerprint ({@link IndexMetadata}) and,
 * when written by clir-index, the directory the model was loaded from, so that no {@code --model} is needed later.
 *
 * @param index the index directory
 * @param metadata what the index records about its model and layout
 * @param commitData everything the last commit records (the metadata's keys, the model directory, fusion settings)
 */
public record RecordedModel(Path index, IndexMetadata metadata, Map<String, String> commitData) {
  public RecordedModel {
    commitData = Map.copyOf(commitData);
  }

  /** The model directory recorded by the last indexing run, if any (it may have moved since). */
  public Optional<Path> directory() {
    return Optional.ofNullable(commitData.get(DIRECTORY_KEY)).map(Path::of);
  }

  /** Commit-data key: absolute path of the model directory used by the last indexing run. */
  public static final String DIRECTORY_KEY = "cli.model_path";

  private static final Set<String> DOCUMENT_SUFFIXES = Set.of(".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt", ".md", ".html");

  /** Commit data that records {@code modelDirectory} for later runs (see {@link BulkIndexer#commitData}). */
  public static Map<String, String> commitData(Path modelDirectory) {
    return Map.of(DIRECTORY_KEY, modelDirectory.toAbsolutePath().toString());
  }

  /**
   * Reads what the index at {@code index} records, without a model.
   *
   * @throws ClirIndexException when there is no clir index there, saying what is there instead
   */
  public static RecordedModel read(Path index) {
    return readIfPresent(index).orElseThrow(() -> new ClirIndexException(noIndexMessage(index)));
  }

  /**
   * Like {@link #read}, for writers: empty when {@code index} does not exist yet or is an empty directory (an index
   * to create), but still an error for a file, a directory of other things, or a Lucene index that is not clir's.
   */
  public static Optional<RecordedModel> readIfPresent(Path index) {
    if (Files.isRegularFile(index)) {
      throw new ClirIndexException(fileMessage(index));
    }
    if (!Files.isDirectory(index)) {
      return Optional.empty();
    }
    try (Directory dir = FSDirectory.open(index)) {
      if (!IndexOpener.exists(dir)) {
        return Optional.empty();
      }
      Map<String, String> data = IndexOpener.commitData(index, dir);
      IndexMetadata metadata = IndexOpener.metadata(index, data);
      return Optional.of(new RecordedModel(index, metadata, data));
    } catch (IOException e) {
      throw IndexOpener.explain(index, e);
    }
  }

  /**
   * The model to load for this index: {@code given} when not null (a directory or Hugging Face id), else the recorded
   * directory when it is still there, else the recorded id (found in the caches, or downloaded).
   */
  public String modelArgument(String given) {
    if (given != null) {
      return given;
    }
    return directory().filter(Files::isDirectory).map(Path::toString).orElse(metadata.modelId());
  }

  private static String noIndexMessage(Path index) {
    if (!Files.exists(index)) {
      return "no index at " + index + ": build one first with clir-index --index " + index + " --input FILE";
    }
    if (isEmptyDirectory(index)) {
      return "no index at " + index + ": the directory is empty; build one first with clir-index --index " + index
          + " --input FILE";
    }
    return "no index at " + index + ": the directory holds no committed index (a first clir-index run that has not"
        + " committed yet, or other files); build one with clir-index --index DIR --input FILE";
  }

  private static String fileMessage(Path index) {
    String name = index.getFileName() == null ? "" : index.getFileName().toString().toLowerCase(Locale.ROOT);
    String message = index + " is a file, not an index (an index is a directory written by clir-index)";
    if (DOCUMENT_SUFFIXES.stream().anyMatch(name::endsWith)) {
      message += "; to index the documents in it: clir-index --index DIR --input " + index;
    }
    return message;
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
