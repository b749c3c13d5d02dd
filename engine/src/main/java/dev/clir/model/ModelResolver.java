package dev.clir.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Turns what a user types after {@code --model} into a model folder, the way Python tools do: a
 * directory is used as is; a Hugging Face id ({@code intfloat/multilingual-e5-small}, optionally
 * {@code @REVISION}) is looked up, in order, in
 *
 * <ol>
 *   <li>{@value #CLIR_MODEL_DIR}: a model folder, or a folder of model folders named {@code ORG--NAME};
 *   <li>the Hugging Face cache ({@link CacheLocations}), so that a model downloaded with sentence-transformers
 *       or {@code hf download} is reused in place, if its snapshot has an ONNX graph;
 *   <li>clir's own cache;
 *   <li>the hub: its tokenizer, config files and one ONNX graph are downloaded into clir's cache, unless
 *       {@code HF_HUB_OFFLINE} is set.
 * </ol>
 *
 * The download is a {@link ModelDownloader}: the one given to {@link Builder#downloader}, else the one the
 * {@code clir-hub} module registers with {@link ServiceLoader}; without either, a model that is nowhere on disk
 * fails with the usual message saying how to provide it. Which graph is used comes from the files there are
 * ({@link OnnxGraphChoice}): the float graph, or with {@link Builder#quantized} the int8 one that fits this CPU, or
 * the one named with {@link Builder#onnxFile}.
 *
 * <p>Everything it reads from the environment comes from the map given to the builder, so tests control it; the
 * downloader reads the proxies and its timeouts from the same map. Thread-safe; the downloader is made on first need.
 */
public final class ModelResolver {
  public static final String CLIR_MODEL_DIR = "CLIR_MODEL_DIR";
  public static final String HF_HUB_OFFLINE = "HF_HUB_OFFLINE";
  public static final String HF_ENDPOINT = "HF_ENDPOINT";
  public static final String HF_TOKEN = "HF_TOKEN";
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  /** How a model folder is named on clir's command lines; {@link Builder#directoryOption} changes it for messages. */
  public static final String DEFAULT_DIRECTORY_OPTION = "--model DIR";

  private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

  private final Map<String, String> env;
  private final Path home;
  private final CacheLocations locations;
  private final String revision;
  private final OnnxVariant variant;
  private final String onnxFile;
  private final CpuFeatures cpu;
  private final String directoryOption;
  /** Null when no hub client is on the class path. */
  private final ModelDownloader.Provider provider;
  private final DownloadListener listener;
  /**
   * Made on first need: building the hub client (HTTP client, TLS context, JSON) cost 0.6 s of a one-shot
   * clir-query whose model is a local folder.
   */
  private ModelDownloader downloader;

  private ModelResolver(Builder b) {
    this.env = Map.copyOf(b.env);
    this.home = b.home;
    this.locations = CacheLocations.from(env, home);
    this.revision = b.revision;
    this.variant = b.variant;
    this.onnxFile = b.onnxFile;
    this.cpu = b.cpu != null ? b.cpu : CpuFeatures.current();
    this.directoryOption = b.directoryOption;
    this.provider = b.downloader != null ? b.downloader
        : ServiceLoader.load(ModelDownloader.Provider.class, ModelResolver.class.getClassLoader()).findFirst().orElse(null);
    this.listener = b.listener;
  }

  /** The hub client, made once; null when no hub client is on the class path. */
  private synchronized ModelDownloader downloader() {
    if (downloader == null && provider != null) {
      Token token = token();
      downloader = provider.create(new ModelDownloader.Settings(env.get(HF_ENDPOINT), token.value(), token.source(), listener, env, cpu));
    }
    return downloader;
  }

  /** A resolver reading the process environment and the user's home, with downloads silent. */
  public static ModelResolver fromEnvironment() {
    return builder().build();
  }

  /** A builder that starts from the process environment and the user's home. */
  public static Builder builder() {
    return new Builder();
  }

  /** The model folder for {@code modelArg} (a directory, or a hub id; null or blank for the default model). */
  public Path resolve(String modelArg) {
    return locate(modelArg).directory();
  }

  /**
   * Like {@link #resolve} but says how the folder was found; pass {@link ResolvedModel#overrides} to
   * {@link ModelDirectory} (or {@code OnnxEmbedder.open}) so that the quantized graph and the id apply.
   *
   * @throws ModelLoadException when the model is nowhere and cannot be downloaded; the message lists the ways
   *     to provide it
   */
  public ResolvedModel locate(String modelArg) {
    boolean defaulted = modelArg == null || modelArg.isBlank();
    String arg = defaulted ? KnownModels.DEFAULT_MODEL_ID : modelArg.trim();
    Path asPath = expandHome(arg);
    if (Files.isDirectory(asPath)) {
      Path dir = asPath.toAbsolutePath().normalize();
      return new ResolvedModel(null, null, dir, graphIn(dir, dir.toString()), ResolvedModel.Source.DIRECTORY);
    }
    ModelRef ref = parseRef(arg, asPath);
    List<String> notes = new ArrayList<>();
    Optional<ResolvedModel> found = fromModelDir(ref, defaulted, notes).or(() -> fromHfCache(ref, notes)).or(() -> fromClirCache(ref));
    if (found.isPresent()) {
      return found.get();
    }
    if (offline()) {
      throw new ModelLoadException(ModelUnavailableMessage.of(ref, variant, onnxFile, offlineSetting() + " is set", notes,
          locations, endpoint(), directoryOption));
    }
    return download(ref, asPath, notes);
  }

  /**
   * Makes sure {@code modelArg}'s files are in clir's cache, downloading them if they are not (even when
   * another location has the model), for {@code clir-index model pull}: the folder can then be copied to
   * machines without network.
   */
  public ResolvedModel pull(String modelArg) {
    String arg = modelArg == null || modelArg.isBlank() ? KnownModels.DEFAULT_MODEL_ID : modelArg.trim();
    Path asPath = expandHome(arg);
    if (Files.isDirectory(asPath)) {
      throw new ModelLoadException(asPath + " is a directory; pull takes a Hugging Face model id such as " + KnownModels.DEFAULT_MODEL_ID + ".");
    }
    ModelRef ref = parseRef(arg, asPath);
    Optional<ResolvedModel> cached = fromClirCache(ref);
    if (cached.isPresent()) {
      return cached.get();
    }
    if (offline()) {
      throw new ModelLoadException("cannot pull " + ref + ": " + offlineSetting() + " is set. Unset it on a machine with network.");
    }
    return download(ref, asPath, new ArrayList<>());
  }

  /** Where this resolver looks for and puts models. */
  public CacheLocations locations() {
    return locations;
  }

  /** The models in the caches this resolver reads. */
  public ModelCache cache() {
    return new ModelCache(locations);
  }

  /** The hub's URL: the downloader's, else {@value #HF_ENDPOINT}, else the default. */
  private String endpoint() {
    if (provider != null) {
      return downloader().endpoint();
    }
    String v = env.get(HF_ENDPOINT);
    return v == null || v.isBlank() ? DEFAULT_ENDPOINT : v.trim().replaceAll("/+$", "");
  }

  private ResolvedModel download(ModelRef ref, Path asPath, List<String> notes) {
    ModelDownloader downloader = downloader();
    if (downloader == null) {
      throw new ModelLoadException(ModelUnavailableMessage.of(ref, variant, onnxFile, "this program has no Hugging Face Hub client "
          + "(the clir-hub module is not on its class path)", notes, locations, endpoint(), directoryOption));
    }
    Path target = locations.clirModelDir(ref, variant, onnxFile);
    try {
      Path dir = downloader.download(ref, variant, onnxFile, target);
      return resolved(ref, dir, ResolvedModel.Source.DOWNLOADED);
    } catch (HubUnreachableException e) {
      throw new ModelLoadException(ModelUnavailableMessage.of(ref, variant, onnxFile, e.reason(), notes, locations, endpoint(), directoryOption), e);
    } catch (DownloadInterruptedException e) {
      throw e;
    } catch (ModelLoadException e) {
      // "models/e5" reads as an id too: say why a missing folder ended in a hub lookup.
      if (!asPath.isAbsolute() && asPath.getNameCount() == 2 && !Files.exists(asPath)) {
        throw new ModelLoadException("'" + ref.id() + "' is no directory here, so clir looked it up on the hub: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private Optional<ResolvedModel> fromModelDir(ModelRef ref, boolean defaulted, List<String> notes) {
    String setting = env.get(CLIR_MODEL_DIR);
    if (setting == null || setting.isBlank()) {
      return Optional.empty();
    }
    Path base = expandHome(setting.trim());
    if (!Files.isDirectory(base)) {
      throw new ModelLoadException(CLIR_MODEL_DIR + " is set to " + base + ", which is not a directory. Point it at a model folder "
          + "(tokenizer.json and model.onnx or onnx/model.onnx) or a folder of them named ORG--NAME, or unset it.");
    }
    if (Files.isRegularFile(base.resolve(ModelFiles.TOKENIZER))) {
      ModelSettings s = ModelDirectory.read(base);
      boolean named = !"directory name".equals(s.sources().get("id"));
      if (named && !defaulted && !ModelRef.key(s.id()).equals(ModelRef.key(ref.id()))) {
        notes.add(CLIR_MODEL_DIR + " (" + base + ") holds " + s.id() + ", not " + ref.id() + ".");
        return Optional.empty();
      }
      String id = named ? s.id() : ref.id();
      return Optional.of(new ResolvedModel(id, ref.revision(), base.toAbsolutePath().normalize(), graphIn(base, base.toString()),
          ResolvedModel.Source.CLIR_MODEL_DIR));
    }
    String name = ref.id().substring(ref.id().indexOf('/') + 1);
    for (String sub : List.of(ref.folderName(), ref.id(), name)) {
      Path dir = base.resolve(sub);
      if (Files.isRegularFile(dir.resolve(ModelFiles.TOKENIZER))) {
        return Optional.of(resolved(ref, dir.toAbsolutePath().normalize(), ResolvedModel.Source.CLIR_MODEL_DIR));
      }
    }
    notes.add(CLIR_MODEL_DIR + " (" + base + ") has no folder " + ref.folderName() + " with a tokenizer.json.");
    return Optional.empty();
  }

  private Optional<ResolvedModel> fromHfCache(ModelRef ref, List<String> notes) {
    Optional<Path> snapshot = HfHubCache.snapshot(locations.hfHubCache(), ref);
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    Path dir = snapshot.get();
    List<String> files = OnnxGraphChoice.filesIn(dir);
    String graph = null;
    String problem = null;
    try {
      graph = OnnxGraphChoice.choose(files, variant, onnxFile, cpu, "The Hugging Face cache's " + dir);
    } catch (ModelLoadException e) {
      // A snapshot someone downloaded with only an int8 graph still runs when no graph was asked for by name.
      graph = variant == OnnxVariant.FLOAT && onnxFile == null ? ModelDirectory.defaultGraph(dir).orElse(null) : null;
      boolean anyGraph = files.stream().anyMatch(f -> f.endsWith(".onnx"));
      problem = graph != null ? null : anyGraph ? e.getMessage() : "The Hugging Face cache has " + dir + ", but no ONNX graph (a download for PyTorch, which clir cannot run).";
    }
    if (!files.contains(ModelFiles.TOKENIZER)) {
      problem = "The Hugging Face cache has " + dir + ", but without " + ModelFiles.TOKENIZER + (problem == null ? "." : "; " + problem);
    }
    if (problem != null) {
      notes.add(problem);
      return Optional.empty();
    }
    return Optional.of(new ResolvedModel(ref.id(), ref.revision(), dir, Path.of(graph), ResolvedModel.Source.HF_CACHE));
  }

  private Optional<ResolvedModel> fromClirCache(ModelRef ref) {
    Path dir = locations.clirModelDir(ref, variant, onnxFile);
    return DownloadManifest.read(dir).map(m -> new ResolvedModel(ref.id(), ref.revision(), dir,
        m.onnxFile() == null ? null : Path.of(m.onnxFile()), ResolvedModel.Source.CLIR_CACHE));
  }

  private ResolvedModel resolved(ModelRef ref, Path dir, ResolvedModel.Source source) {
    String graph = DownloadManifest.read(dir).map(DownloadManifest::onnxFile).orElse(null);
    return new ResolvedModel(ref.id(), ref.revision(), dir, graph != null ? Path.of(graph) : graphIn(dir, dir.toString()), source);
  }

  /**
   * The graph asked for in a folder: null when the default one will do (ModelDirectory picks) or one was named, else
   * the int8 graph for this CPU; a folder without one fails with the list of graphs it has.
   */
  private Path graphIn(Path dir, String where) {
    if (variant == OnnxVariant.FLOAT || onnxFile != null) {
      // A graph named explicitly is the user's override, which ModelDirectory checks against the folder.
      return null;
    }
    return Path.of(OnnxGraphChoice.choose(OnnxGraphChoice.filesIn(dir), variant, onnxFile, cpu, "Model folder " + where));
  }

  private ModelRef parseRef(String arg, Path asPath) {
    int at = arg.lastIndexOf('@');
    String id = at > 0 ? arg.substring(0, at) : arg;
    if (!ModelRef.isValidId(id)) {
      boolean pathLike = asPath.isAbsolute() || arg.startsWith(".") || arg.startsWith("~") || arg.contains("\\") || arg.split("/").length > 2;
      throw new ModelLoadException(pathLike
          ? "model directory " + asPath.toAbsolutePath().normalize() + " does not exist. Pass a folder holding tokenizer.json and "
              + "model.onnx (or onnx/model.onnx), or a Hugging Face model id such as " + KnownModels.DEFAULT_MODEL_ID + "."
          : "'" + arg + "' is neither a directory nor a Hugging Face model id (ORG/NAME, e.g. " + KnownModels.DEFAULT_MODEL_ID + ").");
    }
    try {
      return ModelRef.parse(arg, revision);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(e.getMessage() + ".", e);
    }
  }

  private boolean offline() {
    return offlineSetting() != null;
  }

  /** {@code HF_HUB_OFFLINE=1} (or {@code TRANSFORMERS_OFFLINE}, which huggingface_hub honours too), as written. */
  private String offlineSetting() {
    for (String name : List.of(HF_HUB_OFFLINE, "TRANSFORMERS_OFFLINE")) {
      String v = env.get(name);
      if (v != null && TRUE.contains(v.trim().toUpperCase(Locale.ROOT))) {
        return name + "=" + v.trim();
      }
    }
    return null;
  }

  /** The token and where it came from: {@code HF_TOKEN}, else the file {@code hf auth login} writes. */
  private record Token(String value, String source) {}

  private Token token() {
    for (String name : List.of(HF_TOKEN, "HUGGING_FACE_HUB_TOKEN")) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        return new Token(v.trim(), name);
      }
    }
    Path file = locations.hfTokenFile();
    try {
      if (Files.isRegularFile(file)) {
        String v = Files.readString(file).trim();
        if (!v.isEmpty()) {
          return new Token(v, file.toString());
        }
      }
    } catch (IOException e) {
      // An unreadable token file is the same as none; a gated model then says it needs a token.
    }
    return new Token(null, HF_TOKEN);
  }

  private Path expandHome(String s) {
    if (s.equals("~") || s.startsWith("~/")) {
      return home.resolve(s.length() > 2 ? s.substring(2) : "");
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw new ModelLoadException("'" + s + "' is neither a directory nor a Hugging Face model id (ORG/NAME).", e);
    }
  }

  /** Chained settings; {@link ModelResolver#builder()}. */
  public static final class Builder {
    private Map<String, String> env = System.getenv();
    private Path home = Path.of(System.getProperty("user.home"));
    private String revision = ModelRef.DEFAULT_REVISION;
    private OnnxVariant variant = OnnxVariant.FLOAT;
    private DownloadListener listener = DownloadListener.SILENT;
    private String directoryOption = DEFAULT_DIRECTORY_OPTION;
    private String onnxFile;
    private CpuFeatures cpu;
    private ModelDownloader.Provider downloader;

    /**
     * The environment variables to read (HF_HOME, HF_HUB_CACHE, CLIR_CACHE, CLIR_MODEL_DIR, HF_TOKEN, ..., and for
     * downloads https_proxy, http_proxy, no_proxy and CLIR_DOWNLOAD_STALL_TIMEOUT).
     */
    public Builder environment(Map<String, String> value) {
      this.env = Objects.requireNonNull(value, "environment");
      return this;
    }

    /** The home directory that default cache paths and {@code ~} start from. */
    public Builder userHome(Path value) {
      this.home = Objects.requireNonNull(value, "userHome");
      return this;
    }

    /** The revision for ids without {@code @REVISION}; {@code main} by default. */
    public Builder revision(String value) {
      this.revision = value == null || value.isBlank() ? ModelRef.DEFAULT_REVISION : value.trim();
      return this;
    }

    /**
     * Use (and download) an int8 graph instead of the float one: the repository's export for this CPU
     * ({@link OnnxGraphChoice#int8For}).
     */
    public Builder quantized(boolean value) {
      this.variant = value ? OnnxVariant.QUANTIZED : OnnxVariant.FLOAT;
      return this;
    }

    /**
     * The graph to use (and download) by its path in the repository or folder, e.g. {@code onnx/model_O4.onnx}; null
     * to choose by {@link #quantized}.
     */
    public Builder onnxFile(String value) {
      this.onnxFile = value == null || value.isBlank() ? null : value.strip().replace('\\', '/');
      return this;
    }

    /** The CPU that int8 graphs are chosen for; this machine's by default. */
    public Builder cpu(CpuFeatures value) {
      this.cpu = value;
      return this;
    }

    /** Where downloads come from; by default the {@link ModelDownloader.Provider} on the class path, if any. */
    public Builder downloader(ModelDownloader.Provider value) {
      this.downloader = value;
      return this;
    }

    /** Hears download progress; {@link DownloadListener#SILENT} by default. */
    public Builder listener(DownloadListener value) {
      this.listener = value == null ? DownloadListener.SILENT : value;
      return this;
    }

    /**
     * How the caller's users name a model folder, shown as the first way to provide a missing model
     * ({@value ModelResolver#DEFAULT_DIRECTORY_OPTION} by default; a server names its own configuration setting).
     */
    public Builder directoryOption(String value) {
      this.directoryOption = value == null || value.isBlank() ? DEFAULT_DIRECTORY_OPTION : value.strip();
      return this;
    }

    public ModelResolver build() {
      return new ModelResolver(this);
    }
  }
}
