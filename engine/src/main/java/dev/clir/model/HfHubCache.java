package dev.clir.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the Hugging Face hub cache as huggingface_hub lays it out:
 * {@code models--ORG--NAME/refs/REVISION} holds a commit hash and
 * {@code models--ORG--NAME/snapshots/COMMIT/} the files (links into {@code blobs/}). Only reads; clir never
 * writes there.
 */
final class HfHubCache {
  private static final String PREFIX = "models--";

  private HfHubCache() {}

  /** A snapshot folder and the refs (e.g. {@code main}) that point to it. */
  record Snapshot(String id, String commit, List<String> refs, Path dir) {}

  /** The snapshot of {@code ref} in the cache at {@code hub}: the pinned commit, or the one its ref names. */
  static Optional<Path> snapshot(Path hub, ModelRef ref) {
    Path repo = hub.resolve(PREFIX + ref.folderName());
    String commit = ref.pinnedToCommit() ? ref.revision() : readRef(repo, ref.revision());
    if (commit == null) {
      return Optional.empty();
    }
    Path dir = repo.resolve("snapshots").resolve(commit);
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** Every snapshot of every model in the cache at {@code hub}. */
  static List<Snapshot> list(Path hub) {
    List<Snapshot> out = new ArrayList<>();
    for (Path repo : children(hub)) {
      String folder = repo.getFileName().toString();
      if (!folder.startsWith(PREFIX) || !Files.isDirectory(repo.resolve("snapshots"))) {
        continue;
      }
      String id = folder.substring(PREFIX.length()).replace("--", "/");
      Map<String, List<String>> refsByCommit = refs(repo.resolve("refs"));
      for (Path snap : children(repo.resolve("snapshots"))) {
        String commit = snap.getFileName().toString();
        out.add(new Snapshot(id, commit, refsByCommit.getOrDefault(commit, List.of()), snap));
      }
    }
    return out;
  }

  private static String readRef(Path repo, String revision) {
    Path file = repo.resolve("refs").resolve(revision);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String commit = Files.readString(file).trim();
      return commit.isEmpty() || commit.contains("/") || commit.contains("..") ? null : commit;
    } catch (IOException e) {
      return null;
    }
  }

  private static Map<String, List<String>> refs(Path refsDir) {
    Map<String, List<String>> byCommit = new LinkedHashMap<>();
    if (!Files.isDirectory(refsDir)) {
      return byCommit;
    }
    try (Stream<Path> files = Files.walk(refsDir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = refsDir.relativize(f).toString().replace('\\', '/');
        byCommit.computeIfAbsent(Files.readString(f).trim(), c -> new ArrayList<>()).add(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the refs in " + refsDir, e);
    }
    return byCommit;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
