package dev.clir.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lists the models clir can use without downloading: snapshots in the Hugging Face cache that have a
 * tokenizer and an ONNX graph (a cache usually also holds PyTorch-only models, which are left out), and
 * clir's finished downloads. Fingerprints are computed by reading the files, so listing large models takes
 * a moment.
 */
public final class ModelCache {
  private final CacheLocations locations;
  private final Path modelDir;

  public ModelCache(CacheLocations locations) {
    this(locations, null);
  }

  /**
   * @param modelDir the {@value ModelResolver#CLIR_MODEL_DIR} folder, listed too; null for none
   */
  public ModelCache(CacheLocations locations, Path modelDir) {
    this.locations = Objects.requireNonNull(locations, "locations");
    this.modelDir = modelDir;
  }

  /** The caches and the {@value ModelResolver#CLIR_MODEL_DIR} folder that the process environment names. */
  public static ModelCache fromEnvironment() {
    String setting = System.getenv(ModelResolver.CLIR_MODEL_DIR);
    return new ModelCache(CacheLocations.ofThisUser(),
        setting == null || setting.isBlank() ? null : Path.of(setting.trim()));
  }

  /** The {@value ModelResolver#CLIR_MODEL_DIR} folder listed, if any. */
  public Optional<Path> modelDir() {
    return Optional.ofNullable(modelDir);
  }

  /**
   * The usable model folder at {@code dir}, as {@code location} (e.g. the folder an index records); empty when it is
   * gone or damaged.
   */
  public static Optional<CachedModel> folder(Path dir, CachedModel.Location location) {
    if (!usable(dir)) {
      return Optional.empty();
    }
    try {
      return describe(ModelDirectory.read(dir).id(), "-", null, dir, location);
    } catch (ModelLoadException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  public CacheLocations locations() {
    return locations;
  }

  /** Usable cached models, Hugging Face cache first, each sorted by id and revision. */
  public List<CachedModel> list() {
    List<CachedModel> out = new ArrayList<>();
    for (HfHubCache.Snapshot s : HfHubCache.list(locations.hfHubCache())) {
      if (usable(s.dir())) {
        String revision = s.refs().isEmpty() ? s.commit() : String.join(",", s.refs());
        describe(s.id(), revision, s.commit(), s.dir(), CachedModel.Location.HF_CACHE).ifPresent(out::add);
      }
    }
    for (Path modelDir : children(locations.clirModels())) {
      for (Path dir : children(modelDir)) {
        DownloadManifest.read(dir).flatMap(m -> describe(m.id(), dir.getFileName().toString(), m.commit(), dir,
            CachedModel.Location.CLIR_CACHE)).ifPresent(out::add);
      }
    }
    if (modelDir != null) {
      // as the resolver reads it: a model folder, or a folder of model folders
      List<Path> dirs = usable(modelDir) ? List.of(modelDir) : children(modelDir);
      dirs.forEach(d -> folder(d, CachedModel.Location.CLIR_MODEL_DIR).ifPresent(out::add));
    }
    out.sort(Comparator.comparing(CachedModel::location).thenComparing(CachedModel::id, String.CASE_INSENSITIVE_ORDER)
        .thenComparing(CachedModel::revision));
    return out;
  }

  private static Optional<CachedModel> describe(String id, String revision, String commit, Path dir, CachedModel.Location location) {
    try {
      ModelSettings settings = ModelDirectory.read(dir, ModelOverrides.builder().id(id).build());
      return Optional.of(new CachedModel(id, revision, commit, dir, sizeOnDisk(dir), Fingerprint.of(settings.fingerprintFiles()), location));
    } catch (ModelLoadException | UncheckedIOException e) {
      // A damaged folder is not usable; opening it by id says what is wrong with it.
      return Optional.empty();
    }
  }

  private static boolean usable(Path dir) {
    return Files.isRegularFile(dir.resolve(ModelFiles.TOKENIZER)) && ModelDirectory.defaultGraph(dir).isPresent();
  }

  /** Bytes of the files in {@code dir}, following the Hugging Face cache's links into its blobs. */
  static long sizeOnDisk(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + dir, e);
    }
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      // Hidden entries are locks and unfinished downloads.
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
