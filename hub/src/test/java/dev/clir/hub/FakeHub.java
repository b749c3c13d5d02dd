package dev.clir.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for huggingface.co's file endpoints in the test JVM: {@code GET /{id}/resolve/{revision}/{path}}
 * answers small files itself (ETag = git blob SHA-1) and redirects LFS files (302, {@code X-Linked-Etag} =
 * SHA-256, {@code X-Linked-Size}) to a second server standing for the CDN, which is a different origin.
 * Both honour {@code Range}. Faults are switched on per test: a required token, a connection dropped after
 * N bytes, a transfer that stalls after N bytes with the connection left open, a wrong checksum.
 */
final class FakeHub implements AutoCloseable {
  /** One request as a server saw it; {@code via} is set by {@link FakeProxy} when it forwarded the request. */
  record Request(String server, String path, String authorization, String range, String proxyAuthorization, String via) {}

  private final HttpServer hub;
  private final HttpServer cdn;
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
  private final Map<String, Integer> dropAfter = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> stalls = new ConcurrentHashMap<>();
  private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Set<String> wrongChecksum = ConcurrentHashMap.newKeySet();
  private volatile String requiredToken;
  private volatile int cdnDelayMillis;
  private volatile boolean listingApi = true;

  /** A repository: its commit, files and which of them live in LFS. */
  static final class Repo {
    final String commit;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final Set<String> lfs = new HashSet<>();

    Repo(String commit) {
      this.commit = commit;
    }

    Repo file(String path, String content) {
      files.put(path, content.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Repo lfsFile(String path, byte[] content) {
      files.put(path, content);
      lfs.add(path);
      return this;
    }
  }

  FakeHub() throws IOException {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    hub = HttpServer.create(any, 0);
    cdn = HttpServer.create(any, 0);
    hub.createContext("/", this::handleHub);
    cdn.createContext("/", this::handleCdn);
    // Cached pools: a stalled transfer holds its handler thread until the hub closes.
    hub.setExecutor(Executors.newCachedThreadPool());
    cdn.setExecutor(Executors.newCachedThreadPool());
    hub.start();
    cdn.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + hub.getAddress().getPort();
  }

  /** The port of the server standing for the CDN (its URLs are {@code http://127.0.0.1:PORT/blobs/...}). */
  int cdnPort() {
    return cdn.getAddress().getPort();
  }

  Repo repo(String id, String commit) {
    Repo r = new Repo(commit);
    repos.put(id, r);
    return r;
  }

  void requireToken(String token) {
    this.requiredToken = token;
  }

  /** The next {@code times} transfers of {@code path} stop after {@code bytes} bytes and drop the connection. */
  void dropAfter(String path, int bytes, int times) {
    dropAfter.put(path, bytes);
    drops.put(path, new AtomicInteger(times));
  }

  /**
   * The next {@code times} transfers of {@code path} send the headers and {@code bytes} bytes, then nothing more,
   * keeping the connection open (until the hub closes), as a server or middlebox that hangs mid-file does.
   */
  void stallAfter(String path, int bytes, int times) {
    stallAfter.put(path, bytes);
    stalls.put(path, new AtomicInteger(times));
  }

  /** The CDN waits this long before answering, so that concurrent downloads overlap. */
  void slowCdn(int millis) {
    this.cdnDelayMillis = millis;
  }

  /** The hub announces a checksum that {@code path}'s content does not have. */
  void announceWrongChecksum(String path) {
    wrongChecksum.add(path);
  }

  void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  /** Off: the hub answers its model API with a bare 404, as a mirror that serves only files does. */
  void listingApi(boolean on) {
    this.listingApi = on;
  }

  /** The requests for files ({@code /resolve/}), without the file-list requests ({@code /api/models/}). */
  List<Request> fileRequests() {
    return requests().stream().filter(r -> !r.path().startsWith("/api/")).toList();
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Request> requests(String server) {
    return requests().stream().filter(r -> r.server().equals(server)).toList();
  }

  @Override
  public void close() {
    closing.countDown();
    hub.stop(0);
    cdn.stop(0);
    ((java.util.concurrent.ExecutorService) hub.getExecutor()).shutdownNow();
    ((java.util.concurrent.ExecutorService) cdn.getExecutor()).shutdownNow();
  }

  private void log(String server, HttpExchange ex) {
    synchronized (requests) {
      requests.add(new Request(server, ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("Authorization"),
          ex.getRequestHeaders().getFirst("Range"), ex.getRequestHeaders().getFirst("Proxy-Authorization"),
          ex.getRequestHeaders().getFirst("Via")));
    }
  }

  /**
   * {@code GET /api/models/{id}/revision/{revision}}: the revision's commit ({@code sha}) and its files
   * ({@code siblings[].rfilename}), as huggingface.co answers it (other fields left out).
   */
  private void list(HttpExchange ex, String rest) throws IOException {
    int at = rest.indexOf("/revision/");
    if (!listingApi || at < 0) {
      send(ex, 404, Map.of(), "Not Found");
      return;
    }
    String id = rest.substring(0, at);
    String revision = URLDecoder.decode(rest.substring(at + "/revision/".length()), StandardCharsets.UTF_8);
    Repo repo = repoOrRefusal(ex, id, revision);
    if (repo == null) {
      return;
    }
    StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"sha\":\"" + repo.commit + "\",\"siblings\":[");
    String sep = "";
    for (String path : repo.files.keySet()) {
      json.append(sep).append("{\"rfilename\":\"").append(path).append("\"}");
      sep = ",";
    }
    send(ex, 200, Map.of("Content-Type", "application/json"), json.append("]}").toString());
  }

  /** The repository at {@code revision}, or null after answering as huggingface.co does (401 without a token, 404). */
  private Repo repoOrRefusal(HttpExchange ex, String id, String revision) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Repo repo = repos.get(id);
    if (requiredToken != null && !("Bearer " + requiredToken).equals(auth) || repo == null && auth == null) {
      send(ex, 401, Map.of("X-Error-Code", "RepoNotFound", "X-Error-Message", "Repository not found"), "");
      return null;
    }
    if (repo == null) {
      send(ex, 404, Map.of("X-Error-Code", "RepoNotFound"), "");
      return null;
    }
    if (!revision.equals("main") && !revision.equals(repo.commit)) {
      send(ex, 404, Map.of("X-Error-Code", "RevisionNotFound"), "");
      return null;
    }
    return repo;
  }

  private void handleHub(HttpExchange ex) throws IOException {
    try (ex) {
      log("hub", ex);
      String raw = ex.getRequestURI().getRawPath();
      if (raw.startsWith("/api/models/")) {
        list(ex, raw.substring("/api/models/".length()));
        return;
      }
      int at = raw.indexOf("/resolve/");
      if (at < 0) {
        send(ex, 404, Map.of(), "not a file URL");
        return;
      }
      String id = raw.substring(1, at);
      String rest = raw.substring(at + "/resolve/".length());
      String revision = URLDecoder.decode(rest.substring(0, rest.indexOf('/')), StandardCharsets.UTF_8);
      String path = rest.substring(rest.indexOf('/') + 1);
      Repo repo = repoOrRefusal(ex, id, revision);
      if (repo == null) {
        return;
      }
      byte[] content = repo.files.get(path);
      if (content == null) {
        send(ex, 404, Map.of("X-Error-Code", "EntryNotFound", "X-Repo-Commit", repo.commit), "");
        return;
      }
      if (repo.lfs.contains(path)) {
        String sha = wrongChecksum.contains(path) ? "0".repeat(64) : hex("SHA-256", content);
        blobs.put(hex("SHA-256", content), content);
        ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + hex("SHA-256", content));
        ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
        ex.getResponseHeaders().add("X-Linked-Size", Long.toString(content.length));
        ex.getResponseHeaders().add("ETag", "W/\"" + sha + "\"");
        ex.getResponseHeaders().add("X-Repo-Commit", repo.commit);
        ex.sendResponseHeaders(302, -1);
        return;
      }
      String etag = wrongChecksum.contains(path) ? "0".repeat(40) : gitSha1(content);
      serve(ex, path, content, Map.of("ETag", "\"" + etag + "\"", "X-Repo-Commit", repo.commit));
    }
  }

  private void handleCdn(HttpExchange ex) throws IOException {
    try (ex) {
      log("cdn", ex);
      if (cdnDelayMillis > 0) {
        try {
          Thread.sleep(cdnDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String raw = ex.getRequestURI().getRawPath();
      byte[] content = raw.startsWith("/blobs/") ? blobs.get(raw.substring("/blobs/".length())) : null;
      if (content == null) {
        send(ex, 404, Map.of(), "no such blob");
        return;
      }
      String path = null;
      for (Repo r : repos.values()) {
        for (Map.Entry<String, byte[]> f : r.files.entrySet()) {
          if (f.getValue() == content || java.util.Arrays.equals(f.getValue(), content)) {
            path = f.getKey();
          }
        }
      }
      serve(ex, path, content, Map.of("ETag", "\"cdn-" + content.length + "\""));
    }
  }

  /** Answers with {@code content}, honouring Range, and dropping the connection when told to. */
  private void serve(HttpExchange ex, String path, byte[] content, Map<String, String> headers) throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Accept-Ranges", "bytes");
    int start = 0;
    int status = 200;
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
      start = Integer.parseInt(range.substring(6, range.length() - 1));
      if (start >= content.length) {
        ex.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
        ex.sendResponseHeaders(416, -1);
        return;
      }
      status = 206;
      ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
    }
    int length = content.length - start;
    ex.sendResponseHeaders(status, length);
    OutputStream out = ex.getResponseBody();
    AtomicInteger left = path == null ? null : drops.get(path);
    if (left != null && left.getAndDecrement() > 0) {
      int n = Math.min(dropAfter.get(path), length);
      out.write(content, start, n);
      out.flush();
      // Leaving the handler with bytes unsent makes the server close the connection mid-body.
      throw new IOException("fake hub drops the connection after " + n + " bytes of " + path);
    }
    AtomicInteger stallsLeft = path == null ? null : stalls.get(path);
    if (stallsLeft != null && stallsLeft.getAndDecrement() > 0) {
      int n = Math.min(stallAfter.get(path), length);
      out.write(content, start, n);
      out.flush();
      try {
        closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("fake hub stalled after " + n + " bytes of " + path);
    }
    out.write(content, start, length);
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }

  static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String gitSha1(byte[] content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
