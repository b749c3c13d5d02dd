package dev.clir.hub;

import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelRef;
import dev.clir.model.HubUnreachableException;
import dev.clir.model.OnnxVariant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through the proxies the environment names ({@code http_proxy}, {@code https_proxy}, {@code no_proxy}),
 * with the fake hub behind a forwarding proxy in the test JVM; Java's proxy properties when the environment names
 * none.
 */
@Timeout(30)
class HubDownloaderProxyTest {
  static final String ID = "acme/encoder";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final ModelRef REF = new ModelRef(ID, "main");

  @TempDir Path cache;
  FakeHub hub;
  FakeProxy proxy;
  byte[] graph;
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    hub = new FakeHub();
    graph = HubDownloaderTest.bytes(200_000, 7);
    hub.repo(ID, COMMIT).file("tokenizer.json", "{}").file("config.json", "{\"hidden_size\":8}").lfsFile("onnx/model.onnx", graph)
        .lfsFile("onnx/model_quantized.onnx", HubDownloaderTest.bytes(1000, 8));
    proxy = new FakeProxy();
  }

  @AfterEach
  void stop() {
    proxy.close();
    hub.close();
  }

  HubDownloader.Builder downloader() {
    return HubDownloader.builder().endpoint(hub.endpoint()).retryPause(Duration.ofMillis(10)).environment(env);
  }

  Path download(HubDownloader.Builder b) {
    return b.build().download(REF, OnnxVariant.FLOAT, cache.resolve("acme--encoder/main"));
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anHttpEndpointIsReachedThroughHttpProxy() throws IOException {
    env.put("http_proxy", proxy.address());
    // For https URLs only: unused here, though nothing listens there.
    env.put("HTTPS_PROXY", "http://127.0.0.1:" + closedPort());
    Path dir = download(downloader());

    assertThat(dir.resolve("onnx/model.onnx")).hasBinaryContent(graph);
    assertThat(hub.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.via()).as(r.path()).isEqualTo("1.1 fake-proxy"));
    assertThat(hub.requests("cdn")).hasSize(1);
    // The HttpClient sent absolute URIs, to the hub and to the CDN it was redirected to.
    assertThat(proxy.seen()).hasSize(hub.requests().size()).extracting(FakeProxy.Seen::uri)
        .allMatch(u -> u.startsWith(hub.endpoint() + "/") || u.startsWith("http://127.0.0.1:" + hub.cdnPort() + "/blobs/"))
        .anyMatch(u -> u.startsWith("http://127.0.0.1:" + hub.cdnPort() + "/blobs/"));
  }

  @Test
  void theLowercaseVariableWinsOverTheUppercaseOne() throws IOException {
    int closed = closedPort();
    env.put("HTTP_PROXY", proxy.address());
    env.put("http_proxy", "127.0.0.1:" + closed);
    assertThatThrownBy(() -> download(downloader()))
        .isInstanceOf(HubUnreachableException.class)
        .hasMessageStartingWith("cannot connect to the proxy http://127.0.0.1:" + closed + " (from http_proxy) for " + hub.endpoint()
            + " (connection refused)");
    assertThat(proxy.seen()).isEmpty();

    env.remove("http_proxy");
    download(downloader());
    assertThat(proxy.seen()).isNotEmpty();
  }

  @Test
  void hostsInNoProxyAreReachedDirectly() {
    env.put("http_proxy", proxy.address());
    // host:port: only the CDN bypasses the proxy.
    env.put("NO_PROXY", "localhost, 127.0.0.1:" + hub.cdnPort());
    download(downloader());
    assertThat(hub.requests("hub")).isNotEmpty().allMatch(r -> r.via() != null);
    assertThat(hub.requests("cdn")).singleElement().satisfies(r -> assertThat(r.via()).isNull());

    env.put("no_proxy", ".example.com,127.0.0.0/8");
    HubDownloader.Builder again = downloader();
    int before = proxy.seen().size();
    again.build().download(REF, OnnxVariant.QUANTIZED, cache.resolve("acme--encoder/other"));
    assertThat(proxy.seen()).as("lowercase no_proxy wins and its CIDR block covers 127.0.0.1").hasSize(before);
  }

  @Test
  void proxyCredentialsGoToTheProxyOnly() {
    proxy.requireCredentials("alice", "s3cr@t:x");
    env.put("http_proxy", "http://alice:s3cr%40t%3Ax@127.0.0.1:" + proxy.port());
    env.put("no_proxy", "127.0.0.1:" + hub.cdnPort());
    Path dir = download(downloader().token("hf_secret", "HF_TOKEN"));

    assertThat(dir.resolve("onnx/model.onnx")).hasBinaryContent(graph);
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cr@t:x".getBytes(StandardCharsets.UTF_8));
    assertThat(proxy.seen()).isNotEmpty().allMatch(s -> basic.equals(s.proxyAuthorization()));
    // The CDN was reached directly: neither the proxy's credentials nor the token went there.
    assertThat(hub.requests("cdn")).singleElement().satisfies(r -> {
      assertThat(r.via()).isNull();
      assertThat(r.proxyAuthorization()).isNull();
      assertThat(r.authorization()).isNull();
    });
  }

  @Test
  void a407WithoutCredentialsSaysWhereToPutThem() {
    proxy.requireCredentials("alice", "secret");
    env.put("http_proxy", proxy.address());
    assertThatThrownBy(() -> download(downloader()))
        .isInstanceOf(HubUnreachableException.class)
        .hasMessageStartingWith("the proxy http://127.0.0.1:" + proxy.port() + " (from http_proxy) answered HTTP 407 (Proxy Authentication "
            + "Required) for " + hub.endpoint() + ", asking for Basic realm=\"test proxy\"; put the proxy's user and password into "
            + "http_proxy: http://USER:PASSWORD@127.0.0.1:" + proxy.port());
    assertThat(proxy.seen()).hasSize(1);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void a407WithCredentialsSaysTheyWereRefusedWithoutShowingThem() {
    proxy.requireCredentials("alice", "secret");
    env.put("http_proxy", "http://alice:wrong-password@127.0.0.1:" + proxy.port());
    assertThatThrownBy(() -> download(downloader()))
        .hasMessageContaining("answered HTTP 407")
        .hasMessageContaining("it refused the user and password in http_proxy")
        .hasMessageNotContaining("wrong-password");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void anHttpsTunnelThatNeedsBasicSaysWhatJavaNeedsAndNeverShowsTheTokenToTheProxy() throws Exception {
    List<String> heads = new ArrayList<>();
    try (ServerSocket tunnelProxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> answer407(tunnelProxy, heads), "fake CONNECT proxy");
      t.setDaemon(true);
      t.start();
      env.put("https_proxy", "http://alice:secret@127.0.0.1:" + tunnelProxy.getLocalPort());
      // The proxy resolves the hub's name; this machine never does, so a name that resolves nowhere is fine.
      HubDownloader d = HubDownloader.builder().endpoint("https://hub.invalid").token("hf_secret", "HF_TOKEN").environment(env).build();
      assertThatThrownBy(() -> d.download(REF, OnnxVariant.FLOAT, cache.resolve("acme--encoder/main")))
          .isInstanceOf(HubUnreachableException.class)
          .hasMessageContaining("the proxy http://127.0.0.1:" + tunnelProxy.getLocalPort() + " (from https_proxy) answered HTTP 407")
          .hasMessageContaining("for https://hub.invalid")
          .hasMessageContaining("-Djdk.http.auth.tunneling.disabledSchemes= (empty; the JDK's default is Basic)")
          .hasMessageContaining("CLIR_JAVA_OPTS")
          .hasMessageNotContaining("secret");
    }
    synchronized (heads) {
      assertThat(heads).isNotEmpty().allSatisfy(head -> {
        assertThat(head).startsWith("CONNECT hub.invalid:443 HTTP/1.1\r\n");
        // Only the tunnel request reaches the proxy in clear: the token travels inside the tunnel.
        assertThat(head).doesNotContainIgnoringCase("Authorization: Bearer").doesNotContain("hf_secret");
        // This JVM runs with the JDK's default, which withholds Basic from tunnels: the 407 is what users see.
        assertThat(head).doesNotContainIgnoringCase("Proxy-Authorization");
      });
    }
  }

  @Test
  void withBasicAllowedForTunnelsAsTheMessageSaysTheCredentialsReachTheProxy() throws Exception {
    List<String> heads = new ArrayList<>();
    try (ServerSocket tunnelProxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> answer407(tunnelProxy, heads), "fake CONNECT proxy");
      t.setDaemon(true);
      t.start();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-Djdk.http.auth.tunneling.disabledSchemes=", "-cp", System.getProperty("java.class.path"),
          ProxiedDownloadInAnotherProcess.class.getName(), "https://hub.invalid", "http://alice:secret@127.0.0.1:" + tunnelProxy.getLocalPort(),
          cache.resolve("acme--encoder/main").toString(), "hf_secret").redirectErrorStream(true).start();
      boolean exited = child.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly();
      }
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(exited).as(out).isTrue();
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).startsWith("error: the proxy http://127.0.0.1:" + tunnelProxy.getLocalPort() + " (from https_proxy) answered HTTP 407")
          .contains("it refused the user and password in https_proxy").doesNotContain("secret");
    }
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    synchronized (heads) {
      assertThat(heads).isNotEmpty().allSatisfy(head -> {
        assertThat(head).startsWith("CONNECT hub.invalid:443 HTTP/1.1\r\n").containsIgnoringCase("Proxy-Authorization: " + basic);
        assertThat(head).doesNotContain("hf_secret");
      });
    }
  }

  /** Answers every CONNECT on {@code server} with 407, recording the request heads. */
  private static void answer407(ServerSocket server, List<String> heads) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          head.write(b);
        }
        synchronized (heads) {
          heads.add(head.toString(StandardCharsets.ISO_8859_1));
        }
        s.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      } catch (IOException e) {
        return;
      }
    }
  }

  @Test
  void anUnusableProxyVariableIsNamedWithoutItsPassword() {
    env.put("http_proxy", "http://bob:hunter2@proxy.corp.example:port");
    assertThatThrownBy(() -> download(downloader()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("cannot download acme/encoder: http_proxy=http://****@proxy.corp.example:port is not a usable proxy")
        .hasMessageContaining("Fix or unset http_proxy")
        .hasMessageNotContaining("hunter2");

    env.put("http_proxy", "socks5://127.0.0.1:1080");
    assertThatThrownBy(() -> download(downloader())).hasMessageContaining("http_proxy=socks5://127.0.0.1:1080 is not a usable proxy: "
        + "Java's HttpClient cannot use SOCKS proxies");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void javasProxyPropertiesApplyToSchemesTheEnvironmentLeavesOut() {
    Map<String, String> saved = new HashMap<>();
    for (String p : List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts")) {
      saved.put(p, System.getProperty(p));
    }
    try {
      System.setProperty("http.proxyHost", "127.0.0.1");
      System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
      // The JDK skips localhost and 127.* unless the list is set empty; the fake hub lives there.
      System.setProperty("http.nonProxyHosts", "");
      // No variable at all: the HttpClient keeps ProxySelector.getDefault().
      download(downloader());
      int viaProperties = proxy.seen().size();
      assertThat(viaProperties).isPositive();
      assertThat(hub.requests()).allMatch(r -> r.via() != null);

      // A variable for https only: http URLs still follow the properties.
      env.put("https_proxy", "http://127.0.0.1:9");
      downloader().build().download(REF, OnnxVariant.QUANTIZED, cache.resolve("acme--encoder/other"));
      assertThat(proxy.seen().size()).isGreaterThan(viaProperties);
      assertThat(hub.requests()).allMatch(r -> r.via() != null);
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
