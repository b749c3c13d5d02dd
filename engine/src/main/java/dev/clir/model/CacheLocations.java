package dev.clir.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where models are cached, read from environment variables the way Python tools read them, so that a
 * model downloaded with sentence-transformers or {@code hf download} is found in place.
 *
 * <ul>
 *   <li>Hugging Face hub cache: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
 *       {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.
 *   <li>clir's own model cache: {@code $CLIR_CACHE/models}, else {@code $XDG_CACHE_HOME/clir/models}, else
 *       {@code ~/.cache/clir/models}.
 * </ul>
 *
 * @param hfHubCache the Hugging Face hub cache ({@code models--ORG--NAME/snapshots/COMMIT/})
 * @param clirModels clir's model cache ({@code ORG--NAME/REVISION/})
 * @param hfTokenFile where {@code hf auth login} stores the access token
 */
public record CacheLocations(Path hfHubCache, Path clirModels, Path hfTokenFile) {
  public static final String HF_HUB_CACHE = "HF_HUB_CACHE";
  public static final String HF_HOME = "HF_HOME";
  public static final String CLIR_CACHE = "CLIR_CACHE";

  public CacheLocations {
    Objects.requireNonNull(hfHubCache, "hfHubCache");
    Objects.requireNonNull(clirModels, "clirModels");
    Objects.requireNonNull(hfTokenFile, "hfTokenFile");
  }

  /** The locations that {@code env} and the user's home directory {@code home} give. */
  public static CacheLocations from(Map<String, String> env, Path home) {
    Path cacheHome = path(env, "XDG_CACHE_HOME", home).orElse(home.resolve(".cache"));
    Path hfHome = path(env, HF_HOME, home).orElse(cacheHome.resolve("huggingface"));
    Path hub = path(env, HF_HUB_CACHE, home).or(() -> path(env, "HUGGINGFACE_HUB_CACHE", home)).orElse(hfHome.resolve("hub"));
    Path clir = path(env, CLIR_CACHE, home).orElse(cacheHome.resolve("clir")).resolve("models");
    Path token = path(env, "HF_TOKEN_PATH", home).orElse(hfHome.resolve("token"));
    return new CacheLocations(hub, clir, token);
  }

  /** The locations of this process's environment and user. */
  public static CacheLocations ofThisUser() {
    return from(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * A folder of clir's cache beside {@link #clirModels()} for what clir derives once and reuses ({@code native},
   * {@code fingerprints}, {@code graphs}, {@code language}).
   */
  public Path clirCache(String name) {
    return clirModels.resolveSibling(name);
  }

  /** {@code models--ORG--NAME} in the Hugging Face cache. */
  public Path hfRepoDir(ModelRef ref) {
    return hfHubCache.resolve("models--" + ref.folderName());
  }

  /** The folder clir downloads {@code ref} to, one per revision and ONNX variant. */
  public Path clirModelDir(ModelRef ref, OnnxVariant variant) {
    return clirModelDir(ref, variant, null);
  }

  /** The folder for {@code ref} with a graph named explicitly ({@code onnxFile}, e.g. {@code onnx/model_O4.onnx}), or else of {@code variant}. */
  public Path clirModelDir(ModelRef ref, OnnxVariant variant, String onnxFile) {
    String suffix = variant.folderSuffix();
    if (onnxFile != null) {
      String name = Path.of(onnxFile).getFileName().toString();
      suffix = "+" + (name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name).replaceAll("[^A-Za-z0-9_.-]", "_");
    }
    // A revision such as refs/pr/1 stays one folder.
    return clirModels.resolve(ref.folderName()).resolve(ref.revision().replace("/", "%2F") + suffix);
  }

  private static Optional<Path> path(Map<String, String> env, String name, Path home) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    // Expand a leading ~ as shells do, since values set in files (systemd, .env) are not expanded.
    String s = v.trim();
    if (s.equals("~") || s.startsWith("~/")) {
      return Optional.of(home.resolve(s.length() > 2 ? s.substring(2) : ""));
    }
    return Optional.of(Path.of(s));
  }
}
