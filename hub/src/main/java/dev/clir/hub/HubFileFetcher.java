package dev.clir.hub;

import dev.clir.model.ModelLoadException;
import dev.clir.model.DownloadListener;
import dev.clir.model.HubUnreachableException;
import dev.clir.model.DownloadInterruptedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Fetches one file of a hub repository into a {@code .part} file: follows the hub's redirect to its CDN,
 * resumes with an HTTP Range request after a dropped connection (or from a {@code .part} an earlier run
 * left), and checks the result against the ETag of the hub's first response.
 *
 * <p>Redirects are followed here rather than by {@link HttpClient}, for two reasons: the first response's
 * headers ({@code X-Linked-Etag}, {@code X-Linked-Size}, {@code X-Repo-Commit}) describe the file and are
 * not repeated by the CDN; and the access token must reach the hub only, never the CDN's host.
 *
 * <p>A body that stops arriving for the stall timeout is abandoned ({@link StallGuardedBody}) and resumed like a
 * dropped connection.
 */
final class HubFileFetcher {
  static final int MAX_REDIRECTS = 10;
  static final String USER_AGENT = "clir (Java HttpClient)";
  private static final int BUFFER = 1 << 16;
  private static final ObjectMapper LISTING_JSON = new ObjectMapper();
  private static final Pattern BASIC_CHALLENGE = Pattern.compile("(^|[\\s,])basic(\\s|,|$)", Pattern.CASE_INSENSITIVE);

  private final URI endpoint;
  private final String token;
  private final String tokenSource;
  private final HttpClient http;
  private final DownloadListener listener;
  private final int maxAttempts;
  private final Duration retryPause;
  private final Duration requestTimeout;
  private final Duration stallTimeout;
  private final EnvironmentProxySelector proxies;

  /** {@code proxies}: the environment's, which {@code http} uses, for credentials and messages; null if none. */
  HubFileFetcher(URI endpoint, String token, String tokenSource, HttpClient http, DownloadListener listener, int maxAttempts,
      Duration retryPause, Duration requestTimeout, Duration stallTimeout, EnvironmentProxySelector proxies) {
    this.endpoint = endpoint;
    this.token = token;
    this.tokenSource = tokenSource;
    this.http = http;
    this.listener = listener;
    this.maxAttempts = maxAttempts;
    this.retryPause = retryPause;
    this.requestTimeout = requestTimeout;
    this.stallTimeout = stallTimeout;
    this.proxies = proxies;
  }

  /**
   * The hub's description of a file, from its first response (before any redirect).
   *
   * @param etag the normalised ETag: SHA-256 for LFS files, git blob SHA-1 for others; null if none
   * @param commit the commit the revision resolved to, null if the server did not say
   * @param size bytes, or -1 if unknown
   */
  record Meta(String etag, String commit, long size) {}

  /** What {@link #fetch} found. */
  sealed interface Result permits Fetched, Missing {}

  /** The file is complete in the {@code .part} file and checked as far as {@code checked} says. */
  record Fetched(Meta meta, Checksums.Kind checked, long size) implements Result {}

  /** The hub answered 404; {@code errorCode} is its {@code X-Error-Code} (e.g. {@code EntryNotFound}), or null. */
  record Missing(String url, String errorCode, String errorMessage) implements Result {}

  /** The hub's URL of {@code path} in {@code id} at {@code revision}. */
  URI fileUrl(String id, String revision, String path) {
    return URI.create(endpoint + "/" + id + "/resolve/" + encodeSegment(revision) + "/" + path);
  }

  /** A revision's commit and the paths of its files, as the hub's model API lists them. */
  record Listing(String commit, List<String> files) {}

  /**
   * The files of {@code id} at {@code revision}, from {@code GET /api/models/{id}/revision/{revision}} (its {@code sha}
   * and {@code siblings[].rfilename}, as {@code huggingface_hub}'s {@code model_info} reads them); null when the server
   * has no such API (a plain file mirror answers 404 without an error code), so that the caller asks for files by name.
   */
  Listing list(String id, String revision) throws IOException {
    URI url = URI.create(endpoint + "/api/models/" + id + "/revision/" + encodeSegment(revision));
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (lastFailure != null) {
        pause();
      }
      try (Exchange ex = open(url, 0)) {
        HttpResponse<InputStream> r = ex.response();
        int status = r.statusCode();
        if (status == 200) {
          return parseListing(id, url, r.body().readAllBytes());
        }
        if (status == 401 || status == 403) {
          throw new ModelLoadException(refused(id, url, status, r.headers()));
        }
        if (status == 404) {
          String code = header(r.headers(), "X-Error-Code").orElse("");
          String page = endpoint + "/" + id;
          if (code.equals("RepoNotFound")) {
            throw new ModelLoadException("no model " + id + " on " + endpoint + " (" + url + " answered 404). Check the id at " + page + ".");
          }
          if (code.equals("RevisionNotFound")) {
            throw new ModelLoadException("model " + id + " has no revision '" + revision + "' (" + url + " answered 404). See " + page
                + "/tree/main for its branches.");
          }
          return null;
        }
        if (status == 429 || status >= 500) {
          lastFailure = new IOException("HTTP " + status + " from " + url);
          retrying(attempt, maxAttempts, "the hub answered HTTP " + status + " for the file list of " + id + "; retrying");
          continue;
        }
        throw new ModelLoadException("unexpected HTTP " + status + " from " + ex.uri() + " while asking for the files of " + id + ".");
      } catch (IOException e) {
        if (e instanceof InterruptedIOException) {
          throw e;
        }
        lastFailure = e;
        retrying(attempt, maxAttempts, "asking for the file list of " + id + " failed (" + describe(e) + "); retrying");
      }
    }
    throw new DownloadInterruptedException("asking " + url + " for the files of " + id + " failed " + maxAttempts + " times (last: "
        + describe(lastFailure) + "). Try again later.", lastFailure);
  }

  private static Listing parseListing(String id, URI url, byte[] body) {
    try {
      JsonNode root = LISTING_JSON.readTree(body);
      List<String> files = new ArrayList<>();
      for (JsonNode sibling : root.path("siblings")) {
        String name = sibling.path("rfilename").asText("");
        if (!name.isEmpty()) {
          files.add(name);
        }
      }
      String sha = root.path("sha").asText("");
      return new Listing(sha.isEmpty() ? null : sha, List.copyOf(files));
    } catch (IOException e) {
      throw new ModelLoadException("the hub's file list of " + id + " (" + url + ") is not the JSON it should be: " + describe(e) + ".", e);
    }
  }

  /** Downloads {@code path} of model {@code id} at {@code revision} into {@code part}. */
  Result fetch(String id, String revision, String path, Path part) throws IOException {
    URI url = fileUrl(id, revision, path);
    boolean resumed = Files.isRegularFile(part) && Files.size(part) > 0;
    boolean restartedAfterMismatch = false;
    IOException lastFailure = null;
    long expected = -1;
    int attempts = 0;
    while (attempts < attemptLimit(restartedAfterMismatch)) {
      attempts++;
      if (lastFailure != null) {
        pause();
      }
      long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
      resumed |= offset > 0;
      Meta meta;
      try (Exchange ex = open(url, offset)) {
        meta = ex.meta();
        expected = meta.size();
        HttpResponse<InputStream> r = ex.response();
        int status = r.statusCode();
        if (status == 404) {
          return new Missing(url.toString(), header(r.headers(), "X-Error-Code").orElse(null), header(r.headers(), "X-Error-Message").orElse(null));
        }
        if (status == 401 || status == 403) {
          throw new ModelLoadException(refused(id, url, status, r.headers()));
        }
        if (status == 416 && offset > 0) {
          // The .part is as long as the file or longer (a different version): start over.
          Files.delete(part);
          continue;
        }
        if (status == 429 || status >= 500) {
          lastFailure = new IOException("HTTP " + status + " from " + ex.uri());
          retrying(attempts, attemptLimit(restartedAfterMismatch), "the hub answered HTTP " + status + " for " + path + "; retrying");
          continue;
        }
        if (status == 206) {
          OptionalLong start = contentRangeStart(r.headers());
          if (start.isEmpty() || start.getAsLong() != offset) {
            Files.delete(part);
            lastFailure = new IOException("the server answered a Range request for byte " + offset + " with " + r.headers().firstValue("Content-Range").orElse("no Content-Range"));
            continue;
          }
        } else if (status == 200) {
          offset = 0;
        } else {
          throw new ModelLoadException("unexpected HTTP " + status + " from " + ex.uri() + " while downloading " + url + ".");
        }
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = meta.size() >= 0 ? meta.size() : length >= 0 ? offset + length : -1;
        listener.fileStarted(path, offset, total);
        try {
          copy(r.body(), part, offset, path);
        } catch (IOException e) {
          if (e instanceof InterruptedIOException) {
            throw e;
          }
          lastFailure = e;
          resumed = true;
          String what = e instanceof DownloadStalledException ? "stalled: " + e.getMessage() + " after " + mib(sizeOf(part))
              : "broke off after " + mib(sizeOf(part)) + " (" + describe(e) + ")";
          retrying(attempts, attemptLimit(restartedAfterMismatch), "download of " + path + " " + what + "; resuming");
          continue;
        }
      } catch (HubUnreachableException e) {
        if (attempts == 1) {
          throw e;
        }
        lastFailure = new IOException(e.reason(), e);
        continue;
      } catch (IOException e) {
        if (e instanceof InterruptedIOException) {
          throw e;
        }
        lastFailure = e;
        retrying(attempts, attemptLimit(restartedAfterMismatch), "request for " + path + " failed (" + describe(e) + "); retrying");
        continue;
      }
      long size = Files.size(part);
      if (meta.size() >= 0 && size < meta.size()) {
        lastFailure = new IOException("got " + size + " of " + meta.size() + " bytes");
        continue;
      }
      Checksums.Kind kind = Checksums.kindOf(meta.etag());
      String actual = Checksums.digest(part, kind);
      boolean sizeWrong = meta.size() >= 0 && size != meta.size();
      if (sizeWrong || (kind != Checksums.Kind.NONE && !meta.etag().equals(actual))) {
        Files.deleteIfExists(part);
        if (resumed && !restartedAfterMismatch) {
          // Bytes from an earlier connection may belong to an older version of the file: one clean try.
          restartedAfterMismatch = true;
          resumed = false;
          lastFailure = null;
          listener.notice(path + " did not match its checksum after resuming; downloading it again from the start");
          continue;
        }
        throw new ModelLoadException(mismatch(url, path, meta, kind, actual, size));
      }
      if (kind == Checksums.Kind.NONE) {
        listener.notice("cannot verify " + path + ": the server sent no SHA-256 or git hash for it (ETag " + meta.etag() + ")");
      }
      listener.fileFinished(path);
      return new Fetched(meta, kind, size);
    }
    long kept = sizeOf(part);
    String keptNote = kept > 0
        ? "The " + mib(kept) + (expected > 0 ? " of " + mib(expected) : "") + " received are kept in " + part
            + "; run the same command again to resume."
        : "Try again later.";
    if (lastFailure instanceof DownloadStalledException stalled) {
      throw new DownloadInterruptedException("downloading " + url + " stalled: " + stalled.getMessage() + ", and " + attempts
          + " attempts did not finish it. " + keptNote + " (" + HubDownloader.STALL_TIMEOUT_VARIABLE
          + "=SECONDS sets how long to wait for data.)", lastFailure);
    }
    throw new DownloadInterruptedException("downloading " + url + " failed " + attempts + " times (last: " + describe(lastFailure) + "). "
        + keptNote, lastFailure);
  }

  private int attemptLimit(boolean restartedAfterMismatch) {
    return maxAttempts + (restartedAfterMismatch ? 1 : 0);
  }

  /** Tells the listener about the next attempt, if there is one; after the last, the exception says what happened. */
  private void retrying(int attempts, int limit, String message) {
    if (attempts < limit) {
      listener.notice(message + " (attempt " + (attempts + 1) + " of " + limit + ")");
    }
  }

  /** Sends GET requests along the redirects; the body of the returned exchange is the file's (or an error's). */
  private Exchange open(URI url, long offset) throws IOException {
    URI uri = url;
    Meta meta = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout)
          .header("User-Agent", USER_AGENT)
          .header("Accept-Encoding", "identity");
      if (token != null && sameOrigin(uri, endpoint)) {
        b.header("Authorization", "Bearer " + token);
      }
      String proxyAuthorization = proxies == null ? null : proxies.authorization(uri);
      if (proxyAuthorization != null) {
        // The JDK sends Proxy-* headers to the proxy only (see EnvironmentProxySelector).
        b.header("Proxy-Authorization", proxyAuthorization);
      }
      if (offset > 0) {
        b.header("Range", "bytes=" + offset + "-");
      }
      HttpResponse<InputStream> r;
      try {
        r = http.send(b.build(), StallGuardedBody.handler(stallTimeout));
      } catch (ConnectException | HttpConnectTimeoutException e) {
        EnvironmentProxySelector.Setting proxy = proxies == null ? null : proxies.settingFor(uri);
        String reason = proxy != null
            ? "cannot connect to the proxy " + proxy.describe() + " for " + origin(uri) + " (" + connectFailure(e) + ")"
            : "cannot connect to " + origin(uri) + " (" + connectFailure(e) + ")";
        if (hop == 0) {
          throw new HubUnreachableException(reason, e);
        }
        throw new IOException(reason, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while downloading " + url);
      }
      if (r.statusCode() == 407) {
        if (r.body() != null) {
          r.body().close(); // null when the 407 answered a CONNECT
        }
        // Not transient, and nothing to do with the file: stop, keeping what earlier runs received.
        throw new HubUnreachableException(proxyRefused(uri, r.headers()), null);
      }
      if (meta == null) {
        meta = metaOf(r);
      }
      int status = r.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        r.body().close();
        URI from = uri;
        String location = header(r.headers(), "Location").orElseThrow(() -> new IOException("HTTP " + status + " without Location from " + from));
        uri = uri.resolve(location);
        if ("https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
          throw new ModelLoadException("refusing to follow a redirect from HTTPS to " + uri + " (from " + from + ").");
        }
        continue;
      }
      return new Exchange(r, meta, uri);
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + url);
  }

  /** A final response, the first response's description of the file, and where the body came from. */
  private record Exchange(HttpResponse<InputStream> response, Meta meta, URI uri) implements AutoCloseable {
    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException e) {
        // Closing a half-read body fails when the connection is already gone; nothing is lost.
      }
    }
  }

  private static Meta metaOf(HttpResponse<?> r) {
    HttpHeaders h = r.headers();
    String etag = Checksums.normalizeEtag(header(h, "X-Linked-Etag").or(() -> header(h, "ETag")).orElse(null));
    String commit = header(h, "X-Repo-Commit").orElse(null);
    long size = header(h, "X-Linked-Size").map(HubFileFetcher::parseLong).orElse(-1L);
    if (size < 0 && r.statusCode() == 200) {
      size = h.firstValueAsLong("Content-Length").orElse(-1);
    } else if (size < 0 && r.statusCode() == 206) {
      size = header(h, "Content-Range").map(v -> v.substring(v.lastIndexOf('/') + 1)).map(HubFileFetcher::parseLong).orElse(-1L);
    }
    return new Meta(etag, commit, size);
  }

  private void copy(InputStream in, Path part, long offset, String path) throws IOException {
    Files.createDirectories(part.getParent());
    OpenOption[] options = offset > 0
        ? new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND}
        : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING};
    try (OutputStream out = Files.newOutputStream(part, options)) {
      byte[] buffer = new byte[BUFFER];
      long done = offset;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        done += n;
        listener.fileProgressed(path, done);
      }
    }
  }

  private String refused(String id, URI url, int status, HttpHeaders h) {
    String code = header(h, "X-Error-Code").orElse("");
    String page = endpoint + "/" + id;
    String tokens = endpoint + "/settings/tokens";
    if (code.equals("GatedRepo")) {
      return "model " + id + " is gated (HTTP " + status + " from " + url + "): accept its conditions at " + page
          + " while logged in, then set HF_TOKEN to an access token of that account (" + tokens + ")"
          + (token != null ? "; the token from " + tokenSource + " has no access yet." : ".");
    }
    if (token == null) {
      return "the hub refused " + url + " (HTTP " + status + "): model " + id + " does not exist, or it is private or gated. "
          + "Check the id at " + page + "; for a private or gated model set HF_TOKEN to an access token (" + tokens + ").";
    }
    return "the hub refused " + url + " (HTTP " + status + ") with the access token from " + tokenSource + ": the token is invalid "
        + "or has no access to " + id + ", or the model does not exist. Check the id at " + page + " and the token at " + tokens + ".";
  }

  private String proxyRefused(URI uri, HttpHeaders h) {
    EnvironmentProxySelector.Setting proxy = proxies == null ? null : proxies.settingFor(uri);
    List<String> challenges = h.allValues("Proxy-Authenticate");
    String asks = challenges.isEmpty() ? null : String.join(", ", challenges);
    String said = (proxy != null ? "the proxy " + proxy.describe() : "the proxy from Java's proxy settings") + " answered HTTP 407 "
        + "(Proxy Authentication Required) for " + origin(uri) + (asks != null ? ", asking for " + asks : "");
    if (proxy == null) {
      return said + "; clir passes proxy credentials only from the environment: set " + (uri.getScheme().equalsIgnoreCase("https")
          ? "https_proxy" : "http_proxy") + "=http://USER:PASSWORD@HOST:PORT";
    }
    if (!proxy.hasCredentials()) {
      return said + "; put the proxy's user and password into " + proxy.variable() + ": http://USER:PASSWORD@" + proxy.hostPort()
          + " (with special characters percent-encoded, e.g. @ as %40)";
    }
    if (asks != null && !BASIC_CHALLENGE.matcher(asks).find()) {
      return said + "; clir can answer only Basic proxy authentication";
    }
    if (uri.getScheme().equalsIgnoreCase("https") && EnvironmentProxySelector.basicTunnelingDisabled()) {
      return said + ". Java withholds Basic credentials from a proxy that tunnels HTTPS unless the JVM starts with -D"
          + EnvironmentProxySelector.TUNNELING_DISABLED_SCHEMES + "= (empty; the JDK's default is Basic): add that to CLIR_JAVA_OPTS "
          + "for bin/clir-index and bin/clir-query, to SOLR_OPTS for Solr, or to JAVA_TOOL_OPTIONS for any java command";
    }
    return said + "; it refused the user and password in " + proxy.variable();
  }

  private static String mismatch(URI url, String path, Meta meta, Checksums.Kind kind, String actual, long size) {
    String what = meta.size() >= 0 && size != meta.size()
        ? "its size is " + size + " bytes, but the hub announced " + meta.size()
        : "its " + kind.label + " is " + actual + ", but the hub announced " + meta.etag();
    return "download of " + path + " from " + url + " is corrupt: " + what + ". Nothing was kept. The transfer was damaged or "
        + "altered on the way (a proxy?); try again, and if it persists download the file by other means and pass its folder with --model DIR.";
  }

  private void pause() throws InterruptedIOException {
    try {
      Thread.sleep(retryPause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry a download");
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String origin(URI u) {
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  private static String connectFailure(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
        return "host not found";
      }
      if (c instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      }
    }
    // The JDK reports a refused connection as a ConnectException without a message.
    String d = describe(e);
    return d.equals(e.getClass().getSimpleName()) && e instanceof ConnectException ? "connection refused" : d;
  }

  static String describe(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return c.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static Optional<String> header(HttpHeaders h, String name) {
    return h.firstValue(name).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static OptionalLong contentRangeStart(HttpHeaders h) {
    // "bytes 100-199/200"
    Optional<String> v = header(h, "Content-Range");
    if (v.isEmpty() || !v.get().toLowerCase(Locale.ROOT).startsWith("bytes ")) {
      return OptionalLong.empty();
    }
    String range = v.get().substring(6).trim();
    int dash = range.indexOf('-');
    long start = dash > 0 ? parseLong(range.substring(0, dash)) : -1;
    return start >= 0 ? OptionalLong.of(start) : OptionalLong.empty();
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String mib(long bytes) {
    return bytes < 1 << 20 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }

  /** Percent-encodes one URL path segment (a revision such as {@code refs/pr/1} becomes one segment). */
  static String encodeSegment(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
