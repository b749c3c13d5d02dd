package dev.clir.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model folders and Hugging Face cache snapshots for resolution tests (here and in the hub module). */
public final class ModelFolders {
  private ModelFolders() {}

  /** A model folder with a tokenizer and a graph at {@code dir}. */
  public static Path modelDir(Path dir, String graph) throws IOException {
    Files.createDirectories(dir.resolve(graph).getParent());
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    Files.write(dir.resolve(graph), new byte[] {9});
    return dir;
  }

  /** A snapshot in the Hugging Face cache at {@code hub}, with refs/main pointing to it. */
  public static Path hfSnapshot(Path hubCache, String id, String commit, String... files) throws IOException {
    Path repo = hubCache.resolve("models--" + id.replace("/", "--"));
    Path snap = repo.resolve("snapshots").resolve(commit);
    Files.createDirectories(snap);
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit + "\n");
    Path blobs = Files.createDirectories(repo.resolve("blobs"));
    for (String f : files) {
      // Like huggingface_hub: the snapshot holds links into blobs/.
      Path blob = blobs.resolve(Integer.toHexString(f.hashCode()));
      Files.writeString(blob, f.endsWith(".json") ? "{}" : "graph");
      Files.createDirectories(snap.resolve(f).getParent());
      Files.createSymbolicLink(snap.resolve(f), snap.resolve(f).getParent().relativize(blob));
    }
    return snap;
  }
}
