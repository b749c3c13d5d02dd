package dev.clir.solr.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for huggingface.co's file endpoint, {@code GET /{id}/resolve/{revision}/{path}}, and its file list,
 * {@code GET /api/models/{id}/revision/{revision}}, in the test JVM, with
 * what clir's downloader checks: {@code X-Repo-Commit}, the git blob SHA-1 as {@code ETag} for small files, and the
 * SHA-256 and size as {@code X-Linked-Etag} / {@code X-Linked-Size} for large (LFS) files; 404 with
 * {@code X-Error-Code: EntryNotFound} for a file the repository lacks. Counts requests per path.
 *
 * <p>The engine has a fuller fake hub in its test sources (redirects to a CDN, dropped connections); this one lives
 * here because {@code PluginJarIT} runs with the engine artifact off the classpath (it proves the shipped jar alone).
 */
public final class LocalHub implements AutoCloseable {
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private final HttpServer server;
  private final String id;
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int delayMillis;

  private LocalHub(String id, Map<String, Path> files) throws IOException {
    this.id = id;
    for (Map.Entry<String, Path> f : files.entrySet()) {
      this.files.put(f.getKey(), Files.readAllBytes(f.getValue()));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /**
   * Serves the model folder {@code dir} (the test model's layout: {@code model.onnx} at the top) as hub repository
   * {@code id}, with its graph at both {@code onnx/model.onnx} and {@code onnx/model_quantized.onnx}, as
   * sentence-transformers repositories publish them.
   */
  public static LocalHub serving(String id, Path dir) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String f : List.of("tokenizer.json", "config.json", "modules.json", "sentence_bert_config.json",
        "1_Pooling/config.json")) {
      if (Files.isRegularFile(dir.resolve(f))) {
        files.put(f, dir.resolve(f));
      }
    }
    files.put("onnx/model.onnx", dir.resolve("model.onnx"));
    files.put("onnx/model_quantized.onnx", dir.resolve("model.onnx"));
    return new LocalHub(id, files);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Each response waits this long first, so that concurrent downloads overlap. */
  public void delay(int millis) {
    this.delayMillis = millis;
  }

  /** The request paths in order, e.g. {@code onnx/model.onnx} (what follows {@code /resolve/REVISION/}). */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public long requests(String path) {
    return requests.stream().filter(path::equals).count();
  }

  /** An http URL on which nothing listens (the port was free a moment ago): "the hub cannot be reached". */
  public static String unreachableEndpoint() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String raw = ex.getRequestURI().getPath();
      String prefix = "/" + id + "/resolve/";
      if (raw.startsWith("/api/models/" + id + "/revision/")) {
        // The revision's file list, which the downloader reads first to choose the graph (siblings[].rfilename).
        String siblings = String.join(",", files.keySet().stream().map(f -> "{\"rfilename\":\"" + f + "\"}").toList());
        byte[] json = ("{\"id\":\"" + id + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[" + siblings + "]}").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, json.length);
        ex.getResponseBody().write(json);
        return;
      }
      if (!raw.startsWith(prefix)) {
        send(ex, 404, "RepoNotFound");
        return;
      }
      String rest = raw.substring(prefix.length());
      String path = rest.substring(rest.indexOf('/') + 1);
      requests.add(path);
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      byte[] content = files.get(path);
      if (content == null) {
        send(ex, 404, "EntryNotFound");
        return;
      }
      ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
      if (path.endsWith(".json")) {
        ex.getResponseHeaders().add("ETag", "\"" + gitSha1(content) + "\"");
      } else {
        ex.getResponseHeaders().add("X-Linked-Etag", "\"" + hex("SHA-256", content) + "\"");
        ex.getResponseHeaders().add("X-Linked-Size", Long.toString(content.length));
      }
      ex.sendResponseHeaders(200, content.length);
      ex.getResponseBody().write(content);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, int status, String errorCode) throws IOException {
    ex.getResponseHeaders().add("X-Error-Code", errorCode);
    ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
    ex.sendResponseHeaders(status, -1);
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String gitSha1(byte[] content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
