package dev.clir.embed;

import ai.onnxruntime.OrtEnvironment;
import dev.clir.model.AtomicFiles;
import dev.clir.model.CacheLocations;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;

/**
 * Extracts ONNX Runtime's native libraries once into a versioned folder of clir's cache
 * ({@code <clir cache>/native/onnxruntime-<platform>-<crc>/}) and points {@code onnxruntime.native.path} at it, so that
 * later starts load them in place. Left alone, ONNX Runtime copies its 28 MB library out of the jar into a temporary
 * folder on every start: measured with clir-query.jar, {@code OrtEnvironment.getEnvironment()} took 1.35-2.54 s that
 * way against 0.49-0.61 s from an extracted folder (4 interleaved runs each, 2-core machine at load 16).
 *
 * <p>The folder's name carries the library's CRC from the jar, so another ONNX Runtime version gets its own. A user's
 * own {@code -Donnxruntime.native.path} wins; on Windows, and whenever anything goes wrong, ONNX Runtime does as it
 * always does.
 */
final class OrtNativeLibraries {
  static final String PROPERTY = "onnxruntime.native.path";
  private static volatile boolean done;

  private OrtNativeLibraries() {}

  /** Before the first use of ONNX Runtime in this JVM. */
  static synchronized void useCache() {
    if (done) {
      return;
    }
    done = true;
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    try {
      String platform = platform();
      if (platform == null) {
        return;
      }
      List<String> libraries = List.of(System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"));
      String prefix = "/ai/onnxruntime/native/" + platform + "/";
      URL main = OrtEnvironment.class.getResource(prefix + libraries.get(0));
      if (main == null) {
        return;
      }
      Path dir = CacheLocations.ofThisUser().clirCache("native").resolve("onnxruntime-" + platform + "-" + version(main));
      for (String library : libraries) {
        URL url = OrtEnvironment.class.getResource(prefix + library);
        if (url == null) {
          return;
        }
        Path target = dir.resolve(library);
        long size = size(url);
        if (!Files.isRegularFile(target) || (size >= 0 && Files.size(target) != size)) {
          extract(url, target);
        }
      }
      System.setProperty(PROPERTY, dir.toString());
    } catch (IOException | RuntimeException e) {
      // ONNX Runtime extracts into a temporary folder itself, as without this class.
    }
  }

  /** ONNX Runtime's name for this platform's folder in its jar; null where clir leaves loading to it. */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
    if (a == null) {
      return null;
    }
    if (os.contains("linux")) {
      return "linux-" + a;
    }
    return os.contains("mac") || os.contains("darwin") ? "osx-" + a : null;
  }

  /** The library's CRC-32 and size from the jar's directory (nothing is read), or its size and date outside a jar. */
  private static String version(URL url) throws IOException {
    URLConnection c = url.openConnection();
    if (c instanceof JarURLConnection jar) {
      jar.setUseCaches(true);
      JarEntry e = jar.getJarEntry();
      return Long.toHexString(e.getCrc()) + "-" + e.getSize();
    }
    return c.getContentLengthLong() + "-" + c.getLastModified();
  }

  private static long size(URL url) throws IOException {
    URLConnection c = url.openConnection();
    if (c instanceof JarURLConnection jar) {
      jar.setUseCaches(true);
      return jar.getJarEntry().getSize();
    }
    return c.getContentLengthLong();
  }

  private static void extract(URL url, Path target) throws IOException {
    AtomicFiles.write(target, out -> {
      try (InputStream in = url.openStream()) {
        in.transferTo(out);
      }
    });
  }
}
