package dev.clir.bench.quality;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The clir checkout the bench runs from, for its defaults ({@code ../shared/data}, {@code ../shared/models},
 * {@code engine/target/test-model}, {@code bench/reports}): the {@code clir.projectRoot} system property, else the
 * folder above {@code bench/target/clir-bench.jar}, else the nearest folder above the working directory with a
 * {@code bench/} module and a {@code pom.xml}, else the working directory.
 */
final class ProjectRoot {
  private ProjectRoot() {}

  static Path find() {
    String configured = System.getProperty("clir.projectRoot");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    try {
      Path code = Path.of(ProjectRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = code; p != null; p = p.getParent()) {
        if (isRoot(p)) {
          return p;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (isRoot(p)) {
        return p;
      }
    }
    return cwd;
  }

  private static boolean isRoot(Path p) {
    return Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("bench"))
        && Files.isDirectory(p.resolve("engine"));
  }
}
