package dev.clir.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Lets tests in other packages publish a local model folder on a {@link FakeHub}: JSON files are served as
 * git files, the rest as LFS files behind the CDN redirect, as on huggingface.co.
 */
public final class FakeHubAccess implements AutoCloseable {
  private final FakeHub hub;

  private FakeHubAccess(FakeHub hub) {
    this.hub = hub;
  }

  /** Publishes {@code files} (path in the repository to path under {@code dir}) as model {@code id}. */
  public static FakeHubAccess publish(String id, Path dir, Map<String, String> files) throws IOException {
    FakeHub hub = new FakeHub();
    FakeHub.Repo repo = hub.repo(id, "1111111111111111111111111111111111111111");
    files.forEach((repoPath, localPath) -> {
      try {
        byte[] content = Files.readAllBytes(dir.resolve(localPath));
        if (repoPath.endsWith(".json")) {
          repo.file(repoPath, new String(content, java.nio.charset.StandardCharsets.UTF_8));
        } else {
          repo.lfsFile(repoPath, content);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return new FakeHubAccess(hub);
  }

  /** Publishes the three real repositories of {@link RealRepositoryLayouts}, with placeholder contents. */
  public static FakeHubAccess publishRealLayouts() throws IOException {
    FakeHub hub = new FakeHub();
    RealRepositoryLayouts.FILES.forEach((id, files) -> RealRepositoryLayouts.publish(hub, id, files));
    return new FakeHubAccess(hub);
  }

  public String endpoint() {
    return hub.endpoint();
  }

  @Override
  public void close() {
    hub.close();
  }
}
