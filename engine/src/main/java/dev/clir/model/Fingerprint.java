package dev.clir.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a model's weights and vocabulary: SHA-256 over the files, in order. Two directories with
 * the same files have the same fingerprint wherever they live, so an index can refuse a different model
 * but accept the same model copied elsewhere.
 */
public final class Fingerprint {
  public static final String PREFIX = "sha256:";

  private Fingerprint() {}

  public static String of(List<Path> files) {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + " to fingerprint the model", e);
      }
    }
    return PREFIX + HexFormat.of().formatHex(digest.digest());
  }

  /** The first 12 hex digits, for tables and logs. */
  public static String shortForm(String fingerprint) {
    String hex = fingerprint.startsWith(PREFIX) ? fingerprint.substring(PREFIX.length()) : fingerprint;
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /** SHA-256 of {@code text}'s UTF-8 bytes, in hex: a short, stable name for a key. */
  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A new SHA-256 digest (the JDK always has one). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
