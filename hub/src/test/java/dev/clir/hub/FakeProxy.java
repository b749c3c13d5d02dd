package dev.clir.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forwarding HTTP proxy in the test JVM, for plain-http targets: the HttpClient sends it requests with an
 * absolute URI ({@code GET http://host:port/path}), which it records and forwards, adding {@code Via} so that the
 * target can tell a forwarded request from a direct one. It can demand Basic credentials (answering 407 without
 * them), and strips {@code Proxy-*} headers before forwarding, as real proxies do.
 */
final class FakeProxy implements AutoCloseable {
  /** One request the proxy received. */
  record Seen(String method, String uri, String proxyAuthorization, String authorization) {}

  private static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    HOP_BY_HOP.addAll(List.of("connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "http2-settings", "host",
        "te", "trailer", "proxy-authorization", "proxy-connection", "date"));
  }

  private final HttpServer server;
  private final HttpClient forward = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).version(HttpClient.Version.HTTP_1_1).build();
  private final List<Seen> seen = new ArrayList<>();
  private volatile String requiredAuthorization;

  FakeProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** From now on requests need {@code Proxy-Authorization: Basic} with these credentials. */
  void requireCredentials(String user, String password) {
    requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String proxyAuth = ex.getRequestHeaders().getFirst("Proxy-Authorization");
      synchronized (seen) {
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), proxyAuth, ex.getRequestHeaders().getFirst("Authorization")));
      }
      if (requiredAuthorization != null && !requiredAuthorization.equals(proxyAuth)) {
        ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test proxy\"");
        ex.sendResponseHeaders(407, -1);
        return;
      }
      URI target = ex.getRequestURI();
      if (target.getScheme() == null) {
        ex.sendResponseHeaders(400, -1); // not a proxy request
        return;
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(target).method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!HOP_BY_HOP.contains(h.getKey())) {
          h.getValue().forEach(v -> b.header(h.getKey(), v));
        }
      }
      b.header("Via", "1.1 fake-proxy");
      HttpResponse<InputStream> r;
      try {
        r = forward.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1);
        return;
      }
      r.headers().map().forEach((k, vs) -> {
        if (!HOP_BY_HOP.contains(k) && !k.startsWith(":")) {
          vs.forEach(v -> ex.getResponseHeaders().add(k, v));
        }
      });
      long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
      try (InputStream in = r.body()) {
        ex.sendResponseHeaders(r.statusCode(), length == 0 ? -1 : length);
        if (length > 0) {
          // Passed on as it comes: a body that stalls upstream stalls here too, after what arrived.
          OutputStream out = ex.getResponseBody();
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      }
    }
  }
}
