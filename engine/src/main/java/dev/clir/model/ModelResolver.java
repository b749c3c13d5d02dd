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
 * Everything it reads from the environment comes from the map given to the builder, so tests control it; the
 * downloader reads the proxies and {@value HubDownloader#STALL_TIMEOUT_VARIABLE} from the same map.
 * Immutable and thread-safe.
 */
public final class ModelResolver {
  public static final String CLIR_MODEL_DIR = "CLIR_MODEL_DIR";
  public static final String HF_HUB_OFFLINE = "HF_HUB_OFFLINE";
  public static final String HF_ENDPOINT = "HF_ENDPOINT";
  public static final String HF_TOKEN = "HF_TOKEN";
  /** How a model folder is named on clir's command lines; {@link Builder#directoryOption} changes it for messages. */
  public static final String DEFAULT_DIRECTORY_OPTION = "--model DIR";

  private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

  private final Map<String, String> env;
  private final Path home;
  private final CacheLocations locations;
  private final String revision;
  private final OnnxVariant variant;
  private final DownloadListener listener;
  private final String directoryOption;
  private final HubDownloader downloader;

  private ModelResolver(Builder b) {
    this.env = Map.copyOf(b.env);
    this.home = b.home;
    this.locations = CacheLocations.from(env, home);
    this.revision = b.revision;
    this.variant = b.variant;
    this.listener = b.listener;
    this.directoryOption = b.directoryOption;
    Token token = token();
    this.downloader = HubDownloader.builder().endpoint(env.get(HF_ENDPOINT)).token(token.value(), token.source()).listener(listener)
        .environment(env).build();
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
      return new ResolvedModel(null, null, dir, quantizedGraphIn(dir), ResolvedModel.Source.DIRECTORY);
    }
    ModelRef ref = parseRef(arg, asPath);
    List<String> notes = new ArrayList<>();
    Optional<ResolvedModel> found = fromModelDir(ref, defaulted, notes).or(() -> fromHfCache(ref, notes)).or(() -> fromClirCache(ref));
    if (found.isPresent()) {
      return found.get();
    }
    if (offline()) {
      throw new ModelLoadException(ModelUnavailableMessage.of(ref, variant, offlineSetting() + " is set", notes,
          locations, downloader.endpoint(), directoryOption));
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

  private ResolvedModel download(ModelRef ref, Path asPath, List<String> notes) {
    Path target = locations.clirModelDir(ref, variant);
    try {
      Path dir = downloader.download(ref, variant, target);
      return resolved(ref, dir, ResolvedModel.Source.DOWNLOADED);
    } catch (HubUnreachableException e) {
      throw new ModelLoadException(ModelUnavailableMessage.of(ref, variant, e.reason(), notes, locations, downloader.endpoint(), directoryOption), e);
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
    if (Files.isRegularFile(base.resolve(HubDownloader.TOKENIZER))) {
      ModelSettings s = ModelDirectory.read(base);
      boolean named = !"directory name".equals(s.sources().get("id"));
      if (named && !defaulted && !ModelRef.key(s.id()).equals(ModelRef.key(ref.id()))) {
        notes.add(CLIR_MODEL_DIR + " (" + base + ") holds " + s.id() + ", not " + ref.id() + ".");
        return Optional.empty();
      }
      String id = named ? s.id() : ref.id();
      return Optional.of(new ResolvedModel(id, ref.revision(), base.toAbsolutePath().normalize(), quantizedGraphIn(base),
          ResolvedModel.Source.CLIR_MODEL_DIR));
    }
    String name = ref.id().substring(ref.id().indexOf('/') + 1);
    for (String sub : List.of(ref.folderName(), ref.id(), name)) {
      Path dir = base.resolve(sub);
      if (Files.isRegularFile(dir.resolve(HubDownloader.TOKENIZER))) {
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
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(dir.resolve(HubDownloader.TOKENIZER))) {
      missing.add(HubDownloader.TOKENIZER);
    }
    boolean hasGraph = variant == OnnxVariant.QUANTIZED
        ? Files.isRegularFile(dir.resolve(variant.path()))
        : ModelDirectory.ONNX_CANDIDATES.stream().anyMatch(c -> Files.isRegularFile(dir.resolve(c)));
    if (!hasGraph) {
      missing.add(variant.path());
    }
    if (missing.isEmpty()) {
      return Optional.of(resolved(ref, dir, ResolvedModel.Source.HF_CACHE));
    }
    boolean anyGraph = ModelDirectory.ONNX_CANDIDATES.stream().anyMatch(c -> Files.isRegularFile(dir.resolve(c)));
    notes.add("The Hugging Face cache has " + dir + ", but without " + String.join(" and ", missing)
        + (anyGraph ? "." : " (a download for PyTorch, which clir cannot run)."));
    return Optional.empty();
  }

  private Optional<ResolvedModel> fromClirCache(ModelRef ref) {
    Path dir = locations.clirModelDir(ref, variant);
    return HubDownloader.isComplete(dir) ? Optional.of(resolved(ref, dir, ResolvedModel.Source.CLIR_CACHE)) : Optional.empty();
  }

  private ResolvedModel resolved(ModelRef ref, Path dir, ResolvedModel.Source source) {
    return new ResolvedModel(ref.id(), ref.revision(), dir, quantizedGraphIn(dir), source);
  }

  /** The quantized graph when it was asked for and the folder has it; else null (ModelDirectory picks). */
  private Path quantizedGraphIn(Path dir) {
    return variant == OnnxVariant.QUANTIZED && Files.isRegularFile(dir.resolve(variant.path())) ? Path.of(variant.path()) : null;
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

    /** Use (and download) the int8 graph {@code onnx/model_quantized.onnx} instead of {@code onnx/model.onnx}. */
    public Builder quantized(boolean value) {
      this.variant = value ? OnnxVariant.QUANTIZED : OnnxVariant.FLOAT;
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
