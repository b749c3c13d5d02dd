package dev.clir.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Remembers model fingerprints, so that a one-shot query does not re-read a 0.5 GB graph to hash it on every start.
 * An entry is keyed by each file's real path, size and modification time; any change to a file means a new key and a
 * fresh hash. (Rewriting a file in place with the same size and timestamp would go unnoticed: tools that download
 * or export models do not do that.) The cache is an optimisation only: when its folder cannot be written, the
 * fingerprint is simply computed.
 */
public final class FingerprintCache {
  private final Path dir;

  public FingerprintCache(Path dir) {
    this.dir = dir;
  }

  /** The cache under clir's cache folder ({@code $CLIR_CACHE}, else {@code ~/.cache/clir}). */
  public static FingerprintCache fromEnvironment() {
    return new FingerprintCache(CacheLocations.ofThisUser().clirCache("fingerprints"));
  }

  /** The fingerprint of {@code files} ({@link Fingerprint#of}), from the cache when the files have not changed. */
  public String fingerprint(List<Path> files) {
    String key;
    try {
      key = key(files);
    } catch (IOException e) {
      return Fingerprint.of(files); // let the real read report the problem
    }
    Path entry = dir.resolve(key);
    try {
      String cached = Files.readString(entry, StandardCharsets.US_ASCII).strip();
      if (cached.matches("sha256:[0-9a-f]{64}")) {
        return cached;
      }
    } catch (IOException e) {
      // not cached yet
    }
    String fingerprint = Fingerprint.of(files);
    store(entry, fingerprint);
    return fingerprint;
  }

  private void store(Path entry, String fingerprint) {
    try {
      AtomicFiles.write(entry, out -> out.write((fingerprint + "\n").getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException | UnsupportedOperationException e) {
      // read-only home or cache: the fingerprint is still right, only not remembered
    }
  }

  private static String key(List<Path> files) throws IOException {
    MessageDigest d = Fingerprint.sha256();
    for (Path f : files) {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      String line = f.toRealPath() + "\0" + a.size() + "\0" + a.lastModifiedTime().toInstant() + "\n";
      d.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
