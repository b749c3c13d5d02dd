package dev.clir.solr;

import dev.clir.embed.EmbedderOptions;
import dev.clir.model.DownloadListener;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelRef;
import dev.clir.model.ModelResolver;
import dev.clir.model.ResolvedModel;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.CoreContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model and how it runs: chosen by the node's operator ({@link NodeSettings}, {@code clir.model} and friends), or
 * named by a trusted configset ({@link ModelChoice}); this class finds its folder on the node.
 *
 * <p><b>Directory or id.</b> An absolute path, or a relative path that is a directory under {@code SOLR_HOME}, is a
 * model directory. Anything else that reads as a Hugging Face id is resolved by the engine's {@link ModelResolver}, in
 * its order: {@code CLIR_MODEL_DIR}, the Hugging Face cache ({@code HF_HUB_CACHE}, {@code HF_HOME/hub},
 * {@code ~/.cache/huggingface/hub}: {@code models--ORG--NAME/snapshots/COMMIT} via {@code refs/REVISION}), clir's cache
 * ({@code CLIR_CACHE}, {@code ~/.cache/clir}), then a download from {@code HF_ENDPOINT} (with {@code HF_TOKEN}) into
 * clir's cache, unless {@code HF_HUB_OFFLINE=1}. {@code ~} is the home of the user Solr runs as. When the model is
 * nowhere and cannot be downloaded, the core fails to load with the engine's message: the id, the missing files, and
 * every way to provide them, with this node's paths.
 *
 * <p><b>Where those settings come from.</b> The Solr process's environment, overridden by system properties
 * {@code clir.env.NAME} (e.g. {@code -Dclir.env.HF_HOME=/var/solr/hf} in {@code SOLR_OPTS}; an empty value unsets
 * the variable). Never from {@code solrconfig.xml}: cache roots, endpoint, token and the offline switch belong to the
 * node's administrator, not to whoever uploads a configset. That is also why there is no {@code cacheDir} setting here.
 *
 * <p><b>Which paths Solr may read.</b> A directory must lie under a path Solr allows ({@code SOLR_HOME}, the data
 * home, or {@code -Dsolr.allowPaths=...}): a configset uploaded through the API must not make a node read arbitrary
 * files. A folder found for an id is <em>not</em> checked against {@code solr.allowPaths}: it lies under one of the
 * cache roots above, which the node's environment chooses, and an id cannot leave them (the engine accepts only
 * {@code ORG/NAME} made of letters, digits, {@code -_.}, without {@code ..} or {@code --}, and revisions without
 * {@code ..}), so a configset can pick which cached model, never which file. Requiring {@code ~/.cache/huggingface} in
 * {@code allowPaths} would add a step for every user and no protection. The one exception is checked: should the
 * engine take an id for a directory relative to the process's working directory, that directory must be allowed.
 *
 * <p><b>Downloads</b> happen only when the node allows them ({@link NodeSettings.Downloads}: {@code clir.download=true}
 * and an id matching {@code clir.download.allow}, at most {@code clir.download.maxBytes}); otherwise an id must be in
 * one of the node's caches. They happen during the core load that first needs the model, once per node: further cores
 * find it in the cache, and cores resolving the same id at the same time queue on the engine's download lock (a lock
 * file beside the target folder, plus an in-process lock), so one downloads and the others wait and reuse it.
 *
 * <p>The model is never named by a request.
 *
 * @param model the directory or Hugging Face id as configured
 * @param revision the revision for an id without {@code @REVISION}; null for {@code main}
 * @param quantized whether to use the int8 graph the repository or folder offers for this CPU (the engine's {@code OnnxGraphChoice})
 * @param options how ONNX Runtime runs it
 */
public record ModelConfig(String model, String revision, boolean quantized, EmbedderOptions options) {
  private static final Logger log = LoggerFactory.getLogger(MethodHandles.lookup().lookupClass());

  public static final String MODEL = "model";
  public static final String REVISION = "revision";
  public static final String QUANTIZED = "quantized";
  /** System properties with this prefix override the environment variables the resolver reads. */
  public static final String ENV_PROPERTY_PREFIX = "clir.env.";

  static final String DIRECTORY_OPTION = "-Dclir.model=DIR in SOLR_OPTS or solr.xml (DIR under SOLR_HOME or solr.allowPaths)";
  private static final String SOLR_NOTE = "(On this Solr node the environment variables above are read from the Solr process's "
      + "environment or from system properties -D" + ENV_PROPERTY_PREFIX + "NAME=VALUE in SOLR_OPTS; paths are this node's.)";

  public ModelConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    revision = revision == null || revision.isBlank() ? null : revision.strip();
  }

  /** Where the model was found: the folder to open and the overrides its resolution implies. */
  public record Located(Path directory, ModelOverrides overrides, ResolvedModel.Source source) {}

  /**
   * The model folder on this node: a directory (checked against Solr's allowed paths when a {@link CoreContainer} is
   * given), or a Hugging Face id resolved, and downloaded if need be, with this node's environment.
   */
  public Located resolve(CoreContainer container, NodeSettings.Downloads downloads, String where) {
    Path solrHome = container == null ? null : Path.of(container.getSolrHome());
    Consumer<Path> allowed = container == null ? dir -> {} : container::assertPathAllowed;
    return locate(solrHome, allowed, environment(), Path.of(System.getProperty("user.home")), downloads, where);
  }

  /** The id without {@code @REVISION} (for a directory: the path as written). */
  public String id() {
    return model.contains("@") ? model.substring(0, model.lastIndexOf('@')) : model;
  }

  /**
   * {@link #resolve} with its inputs explicit (for tests): {@code solrHome} for relative directories (null: none),
   * {@code allowed} throws for a path Solr may not read, {@code env} and {@code userHome} as the resolver reads them.
   */
  Located locate(Path solrHome, Consumer<Path> allowed, Map<String, String> env, Path userHome,
      NodeSettings.Downloads downloads, String where) {
    Path asPath = asPath(model);
    Path dir = null;
    if (asPath != null && asPath.isAbsolute()) {
      dir = asPath.normalize();
    } else if (asPath != null && solrHome != null && Files.isDirectory(solrHome.resolve(asPath))) {
      dir = solrHome.resolve(asPath).toAbsolutePath().normalize();
    }
    String id = id();
    if (dir == null && !ModelRef.isValidId(id)) {
      dir = solrHome != null && asPath != null ? solrHome.resolve(asPath).toAbsolutePath().normalize() : asPath;
    }
    ModelResolver resolver = resolver(env, userHome, new LoggingListener(model));
    if (dir != null) {
      if (revision != null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": '" + REVISION + "' applies to a Hugging Face id, but the "
            + "model is the directory " + dir + "; remove the setting or name the model by its id");
      }
      checkAllowed(dir, allowed, where);
      if (!Files.isDirectory(dir)) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": model directory " + dir + " does not exist. Name the "
            + "directory that holds tokenizer.json and model.onnx, or a Hugging Face model id such as "
            + "intfloat/multilingual-e5-small.");
      }
      ResolvedModel r = locate(resolver, dir.toString(), where);
      return new Located(r.directory(), r.overrides(ModelOverrides.NONE), r.source());
    }
    ResolvedModel r = locateOrDownload(env, userHome, downloads, where);
    if (r.source() == ResolvedModel.Source.DIRECTORY) {
      // The engine read the id as a directory relative to the working directory: a path like any other.
      checkAllowed(r.directory(), allowed, where);
    }
    log.info("clir: model {} is {} ({})", model, r.directory(), describe(r.source()));
    return new Located(r.directory(), r.overrides(ModelOverrides.NONE), r.source());
  }

  private ModelResolver resolver(Map<String, String> env, Path userHome, DownloadListener listener) {
    return ModelResolver.builder()
        .environment(env)
        .userHome(userHome)
        .revision(revision)
        .quantized(quantized)
        .directoryOption(DIRECTORY_OPTION)
        .listener(listener)
        .build();
  }

  /**
   * The id from the node's caches, else downloaded when the node allows it ({@link NodeSettings.Downloads}). A refusal
   * names the settings and no path: a collection's creator may read it in the CREATE response. The engine's account,
   * with this node's cache folders, goes to the node's log.
   */
  private ResolvedModel locateOrDownload(Map<String, String> env, Path userHome, NodeSettings.Downloads downloads,
      String where) {
    Map<String, String> cachesOnly = new HashMap<>(env);
    cachesOnly.put(ModelResolver.HF_HUB_OFFLINE, "1");
    try {
      return resolver(cachesOnly, userHome, new LoggingListener(model)).locate(model);
    } catch (ModelLoadException notCached) {
      if (!downloads.permits(id())) {
        log.error("clir: model {} is in none of this node's caches and may not be downloaded: {}", model,
            notCached.getMessage());
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": model " + model + " is not on this node, and the "
            + "node does not allow downloading it (" + (downloads.enabled() ? NodeSettings.DOWNLOAD_ALLOW
            + " does not match it" : NodeSettings.DOWNLOAD + " is not true") + "). The node's operator pre-pulls it "
            + "(clir-index model pull " + id() + ", or hf download) into the node's model cache, or sets "
            + NodeSettings.DOWNLOAD + "=true and " + NodeSettings.DOWNLOAD_ALLOW + "=" + id() + " in solr.xml or "
            + "SOLR_OPTS. The node's log says where it looked.");
      }
    }
    CappedListener capped = new CappedListener(new LoggingListener(model), downloads.maxBytes());
    try {
      return locate(resolver(env, userHome, capped), model, where);
    } catch (CappedListener.TooLarge e) {
      log.error("clir: download of {} stopped: {}", model, e.getMessage());
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": model " + model + " was not downloaded: " + e.getMessage());
    }
  }

  private static ResolvedModel locate(ModelResolver resolver, String arg, String where) {
    try {
      return resolver.locate(arg);
    } catch (ModelLoadException e) {
      String message = e.getMessage();
      if (message.contains("Provide them in one of these ways")) {
        message = message + "\n" + SOLR_NOTE;
      }
      // No cause: Solr reports a failed core creation by its root cause's message ("Caused by: ..."), which must be
      // this guidance, not the connection error underneath it. The node's log keeps the engine's exception.
      log.warn("clir: cannot resolve model {}", arg, e);
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": " + message);
    }
  }

  private static void checkAllowed(Path dir, Consumer<Path> allowed, String where) {
    try {
      allowed.accept(dir);
    } catch (SolrException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": the model directory " + dir + " is outside the paths "
          + "this Solr node may read. Add it to solr.allowPaths (SOLR_OPTS=\"$SOLR_OPTS -Dsolr.allowPaths=" + dir
          + "\"), place the model under SOLR_HOME, or name it by its Hugging Face id. (" + e.getMessage() + ")", e);
    }
  }

  private static String describe(ResolvedModel.Source source) {
    return switch (source) {
      case DIRECTORY -> "a directory";
      case CLIR_MODEL_DIR -> "from " + ModelResolver.CLIR_MODEL_DIR;
      case HF_CACHE -> "the Hugging Face cache";
      case CLIR_CACHE -> "clir's cache";
      case DOWNLOADED -> "downloaded into clir's cache";
    };
  }

  private static Path asPath(String s) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * The environment the resolver reads on this node: the process environment, with system properties
   * {@code clir.env.NAME} overriding variable {@code NAME} (an empty value removes it).
   */
  static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(ENV_PROPERTY_PREFIX) && name.length() > ENV_PROPERTY_PREFIX.length()) {
        String key = name.substring(ENV_PROPERTY_PREFIX.length());
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
          env.remove(key);
        } else {
          env.put(key, value);
        }
      }
    }
    return env;
  }

  /** Stops a download whose files add up to more than the node allows ({@code clir.download.maxBytes}). */
  static final class CappedListener implements DownloadListener {
    /** Thrown from the download thread; the engine then deletes the partial download. */
    static final class TooLarge extends RuntimeException {
      private static final long serialVersionUID = 1L;

      TooLarge(String message) {
        super(message);
      }
    }

    private final DownloadListener delegate;
    private final long maxBytes;
    private long finished;
    private long current;

    CappedListener(DownloadListener delegate, long maxBytes) {
      this.delegate = delegate;
      this.maxBytes = maxBytes;
    }

    private void check(String file, long bytes) {
      if (finished + bytes > maxBytes) {
        throw new TooLarge("its files add up to more than " + NodeSettings.DOWNLOAD_MAX_BYTES + "=" + maxBytes
            + " bytes (at " + file + "); the node's operator raises the setting or pre-pulls the model");
      }
    }

    @Override
    public void fileStarted(String file, long alreadyHave, long totalBytes) {
      current = Math.max(alreadyHave, totalBytes);
      check(file, current);
      delegate.fileStarted(file, alreadyHave, totalBytes);
    }

    @Override
    public void fileProgressed(String file, long bytesDone) {
      current = Math.max(current, bytesDone);
      check(file, bytesDone);
      delegate.fileProgressed(file, bytesDone);
    }

    @Override
    public void fileFinished(String file) {
      finished += current;
      current = 0;
      delegate.fileFinished(file);
    }

    @Override
    public void notice(String message) {
      delegate.notice(message);
    }
  }

  /** A download during a core load can take minutes; the node's log says what is happening. */
  private record LoggingListener(String model) implements DownloadListener {
    @Override
    public void fileStarted(String file, long alreadyHave, long totalBytes) {
      log.info("clir: downloading {} of {} ({} bytes{})", file, model, totalBytes,
          alreadyHave > 0 ? ", resuming after " + alreadyHave : "");
    }

    @Override
    public void fileFinished(String file) {
      log.info("clir: downloaded {} of {}", file, model);
    }

    @Override
    public void notice(String message) {
      log.info("clir: {}: {}", model, message);
    }
  }

  static Integer intArg(NamedList<?> args, String name, String where) {
    Object v = args.remove(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": " + name + " must be an integer, not '" + v + "'");
    }
  }

  static boolean boolArg(NamedList<?> args, String name, boolean fallback, String where) {
    Object v = args.remove(name);
    if (v == null || v.toString().isBlank()) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (lower(v.toString().strip())) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new SolrException(ErrorCode.SERVER_ERROR, where + ": " + name + " must be true or false, not '" + v + "'");
    };
  }

  static String strArg(NamedList<?> args, String name, String fallback) {
    Object v = args.remove(name);
    return v == null || v.toString().isBlank() ? fallback : v.toString().strip();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
