package dev.clir.testing;

import dev.clir.embed.Embedder;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelOverrides;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The English test model (intfloat/e5-small-v2, int8 ONNX) that the engine build lays out as an ordinary
 * model directory in {@code engine/target/test-model}. Loading it costs about a second, so tests share
 * one instance per JVM.
 */
public final class TestModel {
  public static final String ID = "intfloat/e5-small-v2";

  private static Embedder shared;

  private TestModel() {}

  /** The model directory; fails with a hint when the build has not created it yet. */
  public static Path dir() {
    String configured = System.getProperty("clir.testModelDir");
    Path dir = configured != null ? Path.of(configured) : projectRoot().resolve("engine/target/test-model");
    if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
      throw new IllegalStateException("test model not found in " + dir + ": run the build from the project root "
          + "(bin/mvn -B -DskipTests package) so that the engine module lays it out");
    }
    return dir;
  }

  /** The project root, for test data under testdata/ and fixtures. */
  public static Path projectRoot() {
    String configured = System.getProperty("clir.projectRoot");
    Path p = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("testdata"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (a folder with testdata/) above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** A shared embedder for the test model; never close it (a JVM shutdown hook does). */
  public static synchronized Embedder embedder() {
    if (shared == null) {
      shared = open(EmbedderOptions.DEFAULTS);
      Embedder toClose = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(toClose::close));
    }
    return shared;
  }

  /** A new embedder with the given options; the caller closes it. */
  public static OnnxEmbedder open(EmbedderOptions options) {
    return OnnxEmbedder.open(dir(), ModelOverrides.NONE, options);
  }
}
