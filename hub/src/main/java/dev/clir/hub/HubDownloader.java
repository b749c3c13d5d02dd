package dev.clir.hub;

import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelRef;
import dev.clir.model.DownloadListener;
import dev.clir.model.DownloadManifest;
import dev.clir.model.HubUnreachableException;
import dev.clir.model.DownloadInterruptedException;
import dev.clir.model.OnnxVariant;
import dev.clir.model.ModelFiles;
import dev.clir.model.OnnxGraphChoice;
import dev.clir.model.CpuFeatures;
import dev.clir.model.ModelDownloader;
import dev.clir.model.ModelResolver;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Downloads the files clir needs of a Hugging Face model (the tokenizer, the small config files and one
 * ONNX graph, never the PyTorch or TensorFlow weights) into a folder of clir's cache.
 *
 * <p>The folder appears complete or not at all: files are fetched into a hidden staging folder beside it,
 * each checked against the hub's checksum, and the staging folder is renamed into place once all are
 * there (with {@value DownloadManifest#FILE_NAME} written last). A lock file lets one process (and one
 * thread) download a folder at a time; the others wait and then find it done. An interrupted download
 * leaves its staging folder, and the next run resumes it from the same commit.
 *
 * <p>From the environment given to {@link Builder#environment} it takes the proxies ({@code https_proxy},
 * {@code http_proxy}, {@code no_proxy}, in either case, as curl reads them; see {@code EnvironmentProxySelector}) and
 * {@value #STALL_TIMEOUT_VARIABLE}. A setting it cannot use fails the download that needs it, not the build, so
 * that models already on disk stay usable.
 */
public final class HubDownloader implements ModelDownloader {
  public static final String DEFAULT_ENDPOINT = ModelResolver.DEFAULT_ENDPOINT;

  /** Seconds a transfer may receive nothing before it is abandoned and resumed; {@link Builder#stallTimeout} wins. */
  public static final String STALL_TIMEOUT_VARIABLE = "CLIR_DOWNLOAD_STALL_TIMEOUT";
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  private static final String PROGRESS = ".progress.json";

  private final URI endpoint;
  private final HubFileFetcher fetcher;
  private final DownloadListener listener;
  private final CpuFeatures cpu;
  /** Why the environment's settings cannot be used, or null. */
  private final String setupProblem;

  private HubDownloader(Builder b) {
    this.endpoint = URI.create(b.endpoint.replaceAll("/+$", ""));
    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("hub endpoint must be an http(s) URL: " + b.endpoint);
    }
    List<String> problems = new ArrayList<>();
    EnvironmentProxySelector proxies = null;
    try {
      proxies = EnvironmentProxySelector.fromEnvironment(b.env);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    Duration stallTimeout = b.stallTimeout;
    if (stallTimeout == null) {
      try {
        stallTimeout = stallTimeoutFrom(b.env);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        stallTimeout = DEFAULT_STALL_TIMEOUT;
      }
    }
    this.setupProblem = problems.isEmpty() ? null : String.join(" ", problems);
    HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
    if (proxies != null) {
      // Without it the client keeps ProxySelector.getDefault(), i.e. the -Dhttps.proxyHost properties.
      hb.proxy(proxies);
    }
    this.listener = b.listener;
    this.cpu = b.cpu != null ? b.cpu : CpuFeatures.current();
    this.fetcher = new HubFileFetcher(endpoint, b.token, b.tokenSource, hb.build(), b.listener, b.maxAttempts, b.retryPause,
        b.requestTimeout, stallTimeout, proxies);
  }

  private static Duration stallTimeoutFrom(Map<String, String> env) {
    String v = env.get(STALL_TIMEOUT_VARIABLE);
    if (v == null || v.isBlank()) {
      return DEFAULT_STALL_TIMEOUT;
    }
    try {
      double seconds = Double.parseDouble(v.trim());
      if (seconds > 0 && seconds <= Duration.ofDays(1).toSeconds()) {
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(STALL_TIMEOUT_VARIABLE + "=" + v.trim() + " is not a number of seconds between 0 and 86400 "
        + "(how long a download may receive nothing before it is resumed; default " + DEFAULT_STALL_TIMEOUT.toSeconds() + ").");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String endpoint() {
    return endpoint.toString();
  }

  /** Downloads {@code ref}'s files with the graph of {@code variant} that fits this CPU; see {@link #download(ModelRef, OnnxVariant, String, Path)}. */
  public Path download(ModelRef ref, OnnxVariant variant, Path target) {
    return download(ref, variant, null, target);
  }

  /**
   * Downloads {@code ref}'s files into {@code target} unless a finished download is there already, and returns
   * {@code target}. The graph is {@code onnxFile} when given, else the one of {@code variant} that the revision's file
   * list offers for this CPU ({@link OnnxGraphChoice}).
   *
   * @throws ModelLoadException naming the URL and what to do, when the model cannot be downloaded
   */
  @Override
  public Path download(ModelRef ref, OnnxVariant variant, String onnxFile, Path target) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(variant, "variant");
    if (isComplete(target)) {
      return target;
    }
    if (setupProblem != null) {
      throw new ModelLoadException("cannot download " + ref + ": " + setupProblem);
    }
    String name = target.getFileName().toString();
    Path lockFile = target.resolveSibling("." + name + ".lock");
    try (DownloadLock lock = DownloadLock.acquire(lockFile,
        () -> listener.notice("waiting for another download of " + ref + " to finish (lock " + lockFile + ")"))) {
      if (isComplete(target)) {
        return target;
      }
      if (Files.exists(target)) {
        throw new ModelLoadException(target + " exists but holds no finished download (no " + DownloadManifest.FILE_NAME
            + "). Delete it and run again.");
      }
      Path staging = target.resolveSibling("." + name + ".download");
      try {
        fetchAll(ref, variant, onnxFile, staging);
        moveIntoPlace(staging, target);
        return target;
      } catch (DownloadInterruptedException | HubUnreachableException e) {
        deleteIfEmpty(staging);
        throw e;
      } catch (IOException | RuntimeException e) {
        // Refused, missing or corrupt: nothing of it stays in the cache.
        deleteRecursively(staging);
        throw e instanceof IOException io ? new ModelLoadException("cannot download " + ref + " into " + target + ": "
            + HubFileFetcher.describe(io) + ".", io) : (RuntimeException) e;
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot download " + ref + " into " + target + ": " + HubFileFetcher.describe(e)
          + ". Check that the folder is writable, or set CLIR_CACHE to one that is.", e);
    }
  }

  private void fetchAll(ModelRef ref, OnnxVariant variant, String onnxFile, Path staging) throws IOException {
    Files.createDirectories(staging);
    Progress progress = Progress.read(staging.resolve(PROGRESS));
    // A resumed download continues from the commit it started with, so its files never mix two versions.
    String revision = progress.commit() != null ? progress.commit() : ref.revision();
    // The revision's file list says which graph there is to take, and pins the commit before the first file.
    HubFileFetcher.Listing listing = fetcher.list(ref.id(), revision);
    if (listing != null && progress.commit() == null && listing.commit() != null) {
      progress = new Progress(listing.commit(), List.of());
      revision = listing.commit();
    }
    List<String> graphs = listing != null
        ? List.of(OnnxGraphChoice.choose(listing.files(), variant, onnxFile, cpu, "model " + ref.id() + " (" + ref.pageUrl(endpoint.toString())
            + "/tree/" + ref.revision() + ")"))
        // A server without the listing API (a plain file mirror): ask for each acceptable graph in turn.
        : onnxFile != null ? List.of(onnxFile) : OnnxGraphChoice.candidates(variant, cpu);
    List<DownloadManifest.FileEntry> entries = new ArrayList<>(progress.files());
    List<String> wanted = new ArrayList<>();
    wanted.add(ModelFiles.TOKENIZER);
    for (String f : ModelFiles.OPTIONAL_FILES) {
      if (listing == null || listing.files().contains(f)) {
        wanted.add(f);
      }
    }
    for (String path : wanted) {
      Fetch f = fetchOne(ref, revision, path, staging, entries, progress);
      if (f.missing() != null && path.equals(ModelFiles.TOKENIZER)) {
        throw new ModelLoadException(missingRequired(ref, variant, path, revision, f.missing(), graphs));
      }
      progress = f.progress();
      revision = progress.commit() != null ? progress.commit() : revision;
    }
    String graph = null;
    HubFileFetcher.Missing lastMissing = null;
    for (String candidate : graphs) {
      Fetch f = fetchOne(ref, revision, candidate, staging, entries, progress);
      progress = f.progress();
      if (f.missing() == null) {
        graph = candidate;
        break;
      }
      lastMissing = f.missing();
    }
    if (graph == null) {
      throw new ModelLoadException(missingRequired(ref, variant, graphs.get(graphs.size() - 1), revision, lastMissing, graphs));
    }
    String data = ModelFiles.externalData(graph);
    if (listing == null || listing.files().contains(data)) {
      progress = fetchOne(ref, revision, data, staging, entries, progress).progress();
    }
    Files.deleteIfExists(staging.resolve(PROGRESS));
    new DownloadManifest(ref.id(), ref.revision(), progress.commit(), graph, endpoint.toString(), Instant.now().toString(),
        entries).write(staging);
  }

  /** What fetching one file left: the progress so far, and the hub's 404 when the file is not there. */
  private record Fetch(Progress progress, HubFileFetcher.Missing missing) {}

  private Fetch fetchOne(ModelRef ref, String revision, String path, Path staging, List<DownloadManifest.FileEntry> entries,
      Progress progress) throws IOException {
    Path dest = staging.resolve(path);
    if (entries.stream().anyMatch(e -> e.path().equals(path)) && Files.isRegularFile(dest)) {
      return new Fetch(progress, null);
    }
    Path part = staging.resolve(path + ".part");
    HubFileFetcher.Result result = fetcher.fetch(ref.id(), revision, path, part);
    if (result instanceof HubFileFetcher.Missing missing) {
      return new Fetch(progress, missing);
    }
    HubFileFetcher.Fetched fetched = (HubFileFetcher.Fetched) result;
    if (progress.commit() == null) {
      String commit = fetched.meta().commit();
      progress = new Progress(commit != null ? commit : ref.revision(), List.of());
    }
    Files.createDirectories(dest.getParent());
    move(part, dest);
    entries.add(new DownloadManifest.FileEntry(path, fetched.size(), fetched.meta().etag(), fetched.checked().label));
    progress = new Progress(progress.commit(), entries);
    progress.write(staging.resolve(PROGRESS));
    return new Fetch(progress, null);
  }

  private String missingRequired(ModelRef ref, OnnxVariant variant, String path, String revision, HubFileFetcher.Missing m,
      List<String> graphs) {
    String page = ref.pageUrl(endpoint.toString());
    String code = m.errorCode() == null ? "" : m.errorCode();
    if (code.equals("RepoNotFound")) {
      return "no model " + ref.id() + " on " + endpoint + " (" + m.url() + " answered 404). Check the id at " + page + ".";
    }
    if (code.equals("RevisionNotFound")) {
      return "model " + ref.id() + " has no revision '" + revision + "' (" + m.url() + " answered 404). See " + page + "/tree/main for its branches.";
    }
    if (path.equals(ModelFiles.TOKENIZER)) {
      return "model " + ref.id() + " has no tokenizer.json (" + m.url() + " answered 404), so clir cannot tokenize for it. "
          + "Save its fast tokenizer with Python (AutoTokenizer.from_pretrained(id).save_pretrained(dir)), export the model to ONNX "
          + "into the same folder and pass it with --model DIR.";
    }
    String other = variant == OnnxVariant.FLOAT ? "an int8 graph (--quantized)" : "the float graph (without --quantized)";
    return "model " + ref.id() + " has no ONNX graph at " + String.join(", ", graphs) + " (" + m.url() + " answered 404). It may ship "
        + other + " or another graph (--onnx-file PATH); otherwise export it (optimum-cli export onnx --model " + ref.id()
        + " --task feature-extraction DIR) and pass --model DIR. Files: " + page + "/tree/" + ref.revision();
  }

  public static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(DownloadManifest.FILE_NAME));
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void moveIntoPlace(Path staging, Path target) throws IOException {
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, target);
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        Files.delete(dir);
      }
    } catch (IOException e) {
      // Leaving an empty folder behind is harmless.
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** The staging folder's record of finished files and the commit they belong to. */
  private record Progress(String commit, List<DownloadManifest.FileEntry> files) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Progress read(Path file) {
      if (!Files.isRegularFile(file)) {
        return new Progress(null, List.of());
      }
      try {
        return JSON.readValue(file.toFile(), Progress.class);
      } catch (IOException e) {
        return new Progress(null, List.of());
      }
    }

    void write(Path file) throws IOException {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      move(tmp, file);
    }
  }

  /** Chained settings; {@link HubDownloader#builder()}. */
  public static final class Builder {
    private String endpoint = DEFAULT_ENDPOINT;
    private String token;
    private String tokenSource = "HF_TOKEN";
    private DownloadListener listener = DownloadListener.SILENT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration retryPause = Duration.ofSeconds(1);
    private Duration stallTimeout;
    private Map<String, String> env = Map.of();
    private int maxAttempts = 4;
    private CpuFeatures cpu;

    /** The CPU that int8 graphs are chosen for; this machine's by default. */
    public Builder cpu(CpuFeatures value) {
      this.cpu = value;
      return this;
    }

    /**
     * The environment variables to read: proxies ({@code https_proxy}, {@code http_proxy}, {@code no_proxy} and their
     * uppercase forms) and {@value HubDownloader#STALL_TIMEOUT_VARIABLE}. None by default (Java's proxy settings apply).
     */
    public Builder environment(Map<String, String> value) {
      this.env = Objects.requireNonNull(value, "environment");
      return this;
    }

    /**
     * How long a transfer may receive no byte before it is abandoned and resumed with a Range request
     * ({@link HubDownloader#DEFAULT_STALL_TIMEOUT} unless {@value HubDownloader#STALL_TIMEOUT_VARIABLE} says otherwise).
     * The request timeout covers only the wait for the response headers.
     */
    public Builder stallTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("stallTimeout must be positive: " + value);
      }
      this.stallTimeout = value;
      return this;
    }

    /** The hub, {@value HubDownloader#DEFAULT_ENDPOINT} unless a mirror is wanted ({@code HF_ENDPOINT}). */
    public Builder endpoint(String value) {
      this.endpoint = value == null || value.isBlank() ? DEFAULT_ENDPOINT : value.trim();
      return this;
    }

    /** The access token sent as {@code Authorization: Bearer} to the hub (never to the CDN it redirects to). */
    public Builder token(String value, String source) {
      this.token = value == null || value.isBlank() ? null : value.trim();
      this.tokenSource = source;
      return this;
    }

    public Builder listener(DownloadListener value) {
      this.listener = value == null ? DownloadListener.SILENT : value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** How long to wait for a response's headers. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** How long to wait before retrying a failed or dropped transfer. */
    public Builder retryPause(Duration value) {
      this.retryPause = value;
      return this;
    }

    /** Tries per file, the first included. */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    public HubDownloader build() {
      return new HubDownloader(this);
    }
  }
}
