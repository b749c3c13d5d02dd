package dev.clir.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which proxy the environment picks for a URL, and how {@code no_proxy} reads, as curl and Python clients do. */
class EnvironmentProxySelectorTest {
  /** Stands for Java's proxy properties. */
  static final Proxy JAVA_PROXY = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("java-proxy", 8080));
  static final ProxySelector JAVA = new ProxySelector() {
    @Override
    public List<Proxy> select(URI uri) {
      return List.of(JAVA_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
  };

  static EnvironmentProxySelector selector(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return new EnvironmentProxySelector(env, JAVA);
  }

  /** "host:port" of the proxy chosen for {@code url}, "DIRECT", or "JAVA" for the fallback. */
  static String chosen(EnvironmentProxySelector s, String url) {
    Proxy p = s.select(URI.create(url)).get(0);
    if (p == JAVA_PROXY) {
      return "JAVA";
    }
    if (p.type() == Proxy.Type.DIRECT) {
      return "DIRECT";
    }
    InetSocketAddress a = (InetSocketAddress) p.address();
    return a.getHostString() + ":" + a.getPort();
  }

  @Test
  void httpsUrlsUseHttpsProxyAndHttpUrlsHttpProxy() {
    EnvironmentProxySelector s = selector("HTTPS_PROXY", "http://secure-proxy:3128", "HTTP_PROXY", "plain-proxy:8080");
    assertThat(chosen(s, "https://huggingface.co/x")).isEqualTo("secure-proxy:3128");
    assertThat(chosen(s, "http://mirror.local/x")).isEqualTo("plain-proxy:8080");
  }

  @Test
  void aSchemeWithoutAVariableFallsBackToJavasSelector() {
    EnvironmentProxySelector s = selector("https_proxy", "http://proxy:3128");
    assertThat(chosen(s, "http://mirror.local/x")).isEqualTo("JAVA");
    assertThat(EnvironmentProxySelector.fromEnvironment(Map.of("NO_PROXY", "localhost"))).as("nothing to do").isNull();
    assertThat(EnvironmentProxySelector.fromEnvironment(Map.of("https_proxy", " "))).isNull();
  }

  @Test
  void lowercaseWinsAndABlankLowercaseVariableHidesTheUppercaseOne() {
    assertThat(chosen(selector("https_proxy", "lower:1", "HTTPS_PROXY", "upper:2"), "https://h/")).isEqualTo("lower:1");
    assertThat(chosen(selector("https_proxy", "", "HTTPS_PROXY", "upper:2"), "https://h/")).isEqualTo("JAVA");
    assertThat(chosen(selector("https_proxy", "p:1", "no_proxy", "", "NO_PROXY", "h"), "https://h/")).isEqualTo("p:1");
    assertThat(chosen(selector("https_proxy", "p:1", "NO_PROXY", "h"), "https://h/")).isEqualTo("DIRECT");
  }

  @Test
  void noProxyReadsLikeCurl() {
    EnvironmentProxySelector s = selector("https_proxy", "p:1", "http_proxy", "p:1", "no_proxy",
        " localhost , .corp.example,intranet.test, *.wild.example, mirror:8443, 10.0.0.0/8, 192.168.1.7, [::1], fe80::/10, [2001:db8::5]:443,bad:port,");
    // Names match themselves and their subdomains, case-insensitively, never a longer name ending the same.
    assertThat(chosen(s, "https://localhost/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "https://corp.example/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "https://hub.CORP.example./")).isEqualTo("DIRECT");
    assertThat(chosen(s, "https://a.b.intranet.test/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "https://notintranet.test/")).isEqualTo("p:1");
    assertThat(chosen(s, "https://x.wild.example/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "https://huggingface.co/")).isEqualTo("p:1");
    // A port restricts the entry to it (the scheme's default when the URL has none).
    assertThat(chosen(s, "https://mirror:8443/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "https://mirror/")).isEqualTo("p:1");
    assertThat(chosen(s, "https://[2001:db8::5]/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "http://[2001:db8::5]/")).isEqualTo("p:1");
    // Addresses and blocks match addresses written as such; names are never resolved.
    assertThat(chosen(s, "http://10.20.30.40/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "http://11.0.0.1/")).isEqualTo("p:1");
    assertThat(chosen(s, "http://192.168.1.7:8080/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "http://192.168.1.8/")).isEqualTo("p:1");
    assertThat(chosen(s, "http://[0:0:0:0:0:0:0:1]:9/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "http://[fe80::1234]/")).isEqualTo("DIRECT");
    assertThat(chosen(s, "http://[fe00::1]/")).isEqualTo("p:1");
    // No implicit exceptions: 127.0.0.1 is proxied unless listed, as in curl.
    assertThat(chosen(s, "http://127.0.0.1/")).isEqualTo("p:1");

    assertThat(chosen(selector("https_proxy", "p:1", "NO_PROXY", "*"), "https://anything/")).isEqualTo("DIRECT");
  }

  @Test
  void proxyUrlsReadLikeCurl() {
    EnvironmentProxySelector.Setting s = EnvironmentProxySelector.parseProxy("HTTPS_PROXY", "proxy.corp.example");
    assertThat(s.host()).isEqualTo("proxy.corp.example");
    assertThat(s.port()).as("no port: 80, as Python's clients").isEqualTo(80);
    assertThat(s.hasCredentials()).isFalse();
    assertThat(s.describe()).isEqualTo("http://proxy.corp.example:80 (from HTTPS_PROXY)");
    assertThat(EnvironmentProxySelector.parseProxy("http_proxy", "http://[::1]:3128/").describe()).isEqualTo("http://[::1]:3128 (from http_proxy)");

    EnvironmentProxySelector.Setting withUser = EnvironmentProxySelector.parseProxy("https_proxy", "http://dom%5Calice:p%40ss:w%C3%B6rd@proxy:3128");
    assertThat(withUser.user()).isEqualTo("dom\\alice");
    assertThat(withUser.password()).isEqualTo("p@ss:wörd");
    assertThat(withUser.describe()).doesNotContain("alice").doesNotContain("ss");
  }

  @Test
  void credentialsBecomeAProxyAuthorizationForProxiedUrlsOnly() {
    EnvironmentProxySelector s = selector("https_proxy", "http://alice:secret@proxy:3128", "http_proxy", "http://proxy:3128",
        "no_proxy", "internal.example");
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
    assertThat(s.authorization(URI.create("https://huggingface.co/x"))).isEqualTo(basic);
    assertThat(s.authorization(URI.create("http://huggingface.co/x"))).as("http_proxy has none").isNull();
    assertThat(s.authorization(URI.create("https://internal.example/x"))).as("not proxied").isNull();
  }

  @Test
  void unusableProxyUrlsAreRefusedNamingTheVariableAndHidingThePassword() {
    assertThatThrownBy(() -> EnvironmentProxySelector.parseProxy("HTTPS_PROXY", "socks5h://proxy:1080"))
        .hasMessageStartingWith("HTTPS_PROXY=socks5h://proxy:1080 is not a usable proxy: Java's HttpClient cannot use SOCKS proxies");
    assertThatThrownBy(() -> EnvironmentProxySelector.parseProxy("https_proxy", "https://proxy:443"))
        .hasMessageContaining("cannot speak TLS to a proxy");
    assertThatThrownBy(() -> EnvironmentProxySelector.parseProxy("http_proxy", "http://proxy:99999"))
        .hasMessageContaining("port 99999 is out of range");
    assertThatThrownBy(() -> EnvironmentProxySelector.parseProxy("http_proxy", "http://pro xy:3128"))
        .hasMessageStartingWith("http_proxy=http://pro xy:3128 is not a usable proxy: it is not a URL");
    assertThatThrownBy(() -> EnvironmentProxySelector.parseProxy("http_proxy", "http://alice:p@ss@proxy:3128"))
        .hasMessageStartingWith("http_proxy=http://****@proxy:3128 is not a usable proxy")
        .hasMessageContaining("percent-encoded")
        .hasMessageNotContaining("p@ss");
    assertThatThrownBy(() -> new EnvironmentProxySelector(Map.of("HTTP_PROXY", "ftp://proxy:21"), null))
        .hasMessageContaining("HTTP_PROXY=ftp://proxy:21").hasMessageContaining("the scheme must be http://");
  }
}
