package dev.clir.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a downloaded file against the hub's ETag. The hub's ETag is the file's SHA-256 for files stored
 * in LFS (the model weights; sent as {@code X-Linked-Etag} on the redirect) and the git blob SHA-1 for
 * small files stored in git (the JSON files), as huggingface_hub documents in {@code file_download.py}.
 */
final class Checksums {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern GIT_SHA1 = Pattern.compile("[0-9a-f]{40}");

  private Checksums() {}

  /** What an ETag lets us check. */
  enum Kind {
    SHA256("sha256"),
    GIT_SHA1("git-sha1"),
    NONE("none");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** huggingface_hub's {@code _normalize_etag}: drops a weak-validator {@code W/} prefix and the quotes. */
  static String normalizeEtag(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    e = e.replace("\"", "").trim().toLowerCase(Locale.ROOT);
    return e.isEmpty() ? null : e;
  }

  static Kind kindOf(String etag) {
    if (etag == null) {
      return Kind.NONE;
    }
    if (SHA256.matcher(etag).matches()) {
      return Kind.SHA256;
    }
    return GIT_SHA1.matcher(etag).matches() ? Kind.GIT_SHA1 : Kind.NONE;
  }

  /** The digest of {@code file} that an ETag of {@code kind} is compared with; null for {@link Kind#NONE}. */
  static String digest(Path file, Kind kind) throws IOException {
    MessageDigest md;
    switch (kind) {
      case SHA256 -> md = algorithm("SHA-256");
      case GIT_SHA1 -> {
        md = algorithm("SHA-1");
        md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
      }
      default -> {
        return null;
      }
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest algorithm(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + name, e);
    }
  }
}
