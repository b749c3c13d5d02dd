package dev.clir.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The proxies that curl, pip and huggingface_hub take from the environment, for Java's HttpClient, which reads
 * only system properties: {@code https_proxy} for https URLs, {@code http_proxy} for http ones, and hosts in
 * {@code no_proxy} reached directly. A lowercase variable wins over its uppercase form, as in curl (a blank
 * lowercase one hides the uppercase one, as in Python). A scheme with no variable set falls back to
 * {@link ProxySelector#getDefault()}, so {@code -Dhttps.proxyHost} and friends keep working.
 *
 * <p>Credentials in the proxy URL ({@code http://USER:PASSWORD@HOST:PORT}, percent-encoded) are not given to an
 * {@link java.net.Authenticator}: one installed on the HttpClient also handles the hub's own 401 answers, and
 * turns those without a {@code WWW-Authenticate} header into a bare IOException. They go in a
 * {@code Proxy-Authorization} header instead ({@link #authorization}), which the JDK sends only to a proxy: it
 * strips {@code Proxy-*} headers from direct requests and from requests inside a tunnel.
 */
final class EnvironmentProxySelector extends ProxySelector {
  /** What the JDK sets when nothing else does (its {@code conf/net.properties}). */
  static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  /** One proxy from the environment; {@code user} and {@code password} are null without credentials. */
  record Setting(String variable, String host, int port, String user, String password) {
    /** For messages: never shows the credentials. */
    String describe() {
      return "http://" + hostPort() + " (from " + variable + ")";
    }

    String hostPort() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    boolean hasCredentials() {
      return user != null;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private final Setting https;
  private final Setting http;
  private final String noProxyVariable;
  private final List<Bypass> bypass;
  private final ProxySelector fallback;

  /** {@code fallback} answers for a scheme without a variable; null means {@link ProxySelector#getDefault()} at the time. */
  EnvironmentProxySelector(Map<String, String> env, ProxySelector fallback) {
    this.https = setting(env, "https_proxy");
    this.http = setting(env, "http_proxy");
    this.noProxyVariable = variable(env, "no_proxy");
    this.bypass = noProxyVariable == null ? List.of() : parseNoProxy(env.get(noProxyVariable));
    this.fallback = fallback;
  }

  /**
   * The selector for {@code env}, or null when it sets no proxy (then the HttpClient keeps Java's default).
   *
   * @throws IllegalArgumentException naming the variable, when a proxy URL cannot be used
   */
  static EnvironmentProxySelector fromEnvironment(Map<String, String> env) {
    EnvironmentProxySelector s = new EnvironmentProxySelector(env, null);
    return s.https == null && s.http == null ? null : s;
  }

  /** The environment's proxy for {@code uri}, or null: none set for its scheme, or its host is in {@code no_proxy}. */
  Setting settingFor(URI uri) {
    Setting s = "https".equalsIgnoreCase(uri.getScheme()) ? https : "http".equalsIgnoreCase(uri.getScheme()) ? http : null;
    return s == null || bypassed(uri) ? null : s;
  }

  /** The {@code Proxy-Authorization} value for a request to {@code uri}, or null when its proxy has no credentials. */
  String authorization(URI uri) {
    Setting s = settingFor(uri);
    if (s == null || !s.hasCredentials()) {
      return null;
    }
    return "Basic " + Base64.getEncoder().encodeToString((s.user() + ":" + s.password()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<Proxy> select(URI uri) {
    Setting s = "https".equalsIgnoreCase(uri.getScheme()) ? https : "http".equalsIgnoreCase(uri.getScheme()) ? http : null;
    if (s == null) {
      ProxySelector f = fallback();
      return f == null ? List.of(Proxy.NO_PROXY) : f.select(uri);
    }
    if (bypassed(uri)) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(s.host(), s.port())));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    ProxySelector f = fallback();
    if (f != null && settingFor(uri) == null) {
      f.connectFailed(uri, sa, ioe);
    }
  }

  private ProxySelector fallback() {
    ProxySelector f = fallback != null ? fallback : ProxySelector.getDefault();
    return f == this ? null : f;
  }

  /** Whether this JVM withholds Basic credentials from proxies when tunnelling HTTPS (the JDK's default). */
  static boolean basicTunnelingDisabled() {
    String v = System.getProperty(TUNNELING_DISABLED_SCHEMES);
    if (v == null) {
      // The JDK reads the same file when the property is not set.
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "conf", "net.properties"))) {
        p.load(in);
      } catch (IOException | RuntimeException e) {
        return true;
      }
      v = p.getProperty(TUNNELING_DISABLED_SCHEMES, "");
    }
    for (String scheme : v.split(",")) {
      if (scheme.trim().equalsIgnoreCase("Basic")) {
        return true;
      }
    }
    return false;
  }

  private boolean bypassed(URI uri) {
    if (bypass.isEmpty() || uri.getHost() == null) {
      return false;
    }
    String host = normalizeHost(uri.getHost());
    byte[] address = ipLiteral(host);
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return bypass.stream().anyMatch(b -> b.matches(host, address, port));
  }

  /** The variable that applies: the lowercase name if set (even blank), else the uppercase one; null if neither. */
  private static String variable(Map<String, String> env, String lower) {
    if (env.containsKey(lower)) {
      return lower;
    }
    String upper = lower.toUpperCase(Locale.ROOT);
    return env.containsKey(upper) ? upper : null;
  }

  private static Setting setting(Map<String, String> env, String lower) {
    String name = variable(env, lower);
    String value = name == null ? null : env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    return parseProxy(name, value.trim());
  }

  static Setting parseProxy(String variable, String value) {
    // Like curl, a value without a scheme is an HTTP proxy.
    String url = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw bad(variable, value, "it is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.startsWith("socks")) {
      throw bad(variable, value, "Java's HttpClient cannot use SOCKS proxies; give an HTTP proxy (http://HOST:PORT)");
    }
    if (scheme.equals("https")) {
      throw bad(variable, value, "Java's HttpClient cannot speak TLS to a proxy; if the proxy also accepts plain connections, write http://");
    }
    if (!scheme.equals("http")) {
      throw bad(variable, value, "the scheme must be http://");
    }
    if (uri.getHost() == null) {
      throw bad(variable, value, "it names no host and port; write http://HOST:PORT");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw bad(variable, value, "port " + port + " is out of range");
    }
    // No port: 80, as in Python's clients (curl would say 1080).
    port = port < 0 ? 80 : port;
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = percentDecode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : percentDecode(info.substring(colon + 1));
    }
    return new Setting(variable, normalizeHost(uri.getHost()), port, user, password);
  }

  private static IllegalArgumentException bad(String variable, String value, String why) {
    return new IllegalArgumentException(variable + "=" + masked(value) + " is not a usable proxy: " + why
        + ". Fix or unset " + variable + " (form: http://HOST:PORT or http://USER:PASSWORD@HOST:PORT, special characters "
        + "percent-encoded).");
  }

  /** {@code value} with anything before its last {@code @} (the credentials) replaced, for messages. */
  static String masked(String value) {
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    int start = value.indexOf("://");
    start = start >= 0 && start < at ? start + 3 : 0;
    return value.substring(0, start) + "****" + value.substring(at);
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 3;
      } else {
        int next = s.indexOf('%', i + 1);
        next = next < 0 ? s.length() : next;
        out.writeBytes(s.substring(i, next).getBytes(StandardCharsets.UTF_8));
        i = next;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String normalizeHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The address an IP literal stands for, or null for a host name (never asks DNS). */
  static byte[] ipLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      String[] parts = host.split("\\.");
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      return b;
    }
    if (IPV6.matcher(host).matches()) {
      try {
        // A string with a colon is parsed as an IPv6 literal, never looked up.
        return InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * {@code no_proxy} as curl and Python read it: comma-separated; {@code *} for every host; a name matches itself
   * and its subdomains, with or without a leading dot ({@code .corp.example}, and {@code *.corp.example} read the
   * same way); an IP address or CIDR block ({@code 10.0.0.0/8}, {@code fe80::/10}) matches addresses written as
   * such; {@code HOST:PORT} (or {@code [IPv6]:PORT}) only that port. Entries that cannot be read match nothing.
   */
  static List<Bypass> parseNoProxy(String value) {
    List<Bypass> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String raw : value.split(",")) {
      String e = raw.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        out.add(new Bypass(null, -1, null, -1));
        continue;
      }
      String host = e;
      String port = null;
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        if (close < 0) {
          continue;
        }
        host = e.substring(1, close);
        String rest = e.substring(close + 1);
        port = rest.startsWith(":") ? rest.substring(1) : null;
      } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
        host = e.substring(0, e.indexOf(':'));
        port = e.substring(e.indexOf(':') + 1);
      }
      int p = -1;
      if (port != null) {
        try {
          p = Integer.parseInt(port);
        } catch (NumberFormatException x) {
          continue;
        }
      }
      int bits = -1;
      int slash = host.indexOf('/');
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(host.substring(slash + 1));
        } catch (NumberFormatException x) {
          continue;
        }
        host = host.substring(0, slash);
      }
      if (host.startsWith("*.")) {
        host = host.substring(1);
      }
      host = normalizeHost(host.startsWith(".") ? host.substring(1) : host);
      byte[] ip = ipLiteral(host);
      if (ip != null) {
        if (bits > ip.length * 8) {
          continue;
        }
        out.add(new Bypass(null, p, ip, bits < 0 ? ip.length * 8 : bits));
      } else if (bits < 0 && !host.isEmpty()) {
        out.add(new Bypass(host, p, null, -1));
      }
    }
    return out;
  }

  /** One {@code no_proxy} entry: every host (all null), a name and its subdomains, or an address block; any port if -1. */
  record Bypass(String name, int port, byte[] network, int bits) {
    boolean matches(String host, byte[] address, int hostPort) {
      if (port >= 0 && port != hostPort) {
        return false;
      }
      if (network != null) {
        return address != null && address.length == network.length && samePrefix(address, network, bits);
      }
      return name == null || host.equals(name) || host.endsWith("." + name);
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
