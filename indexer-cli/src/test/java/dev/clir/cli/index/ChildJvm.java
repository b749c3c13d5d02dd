package dev.clir.cli.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * clir-index as a separate process: the JVM running the tests, the test class path and {@link IndexCommand}'s
 * main, which is what target/clir-index.jar runs (the jar itself is only built after the tests, in the package
 * phase). For what only a process can show: a kill, and an environment of its own.
 */
final class ChildJvm {
  private final Map<String, String> env;
  private final List<String> jvmOptions;

  private ChildJvm(Map<String, String> env, List<String> jvmOptions) {
    this.env = env;
    this.jvmOptions = jvmOptions;
  }

  /** What a finished child printed (stdout and stderr together) and returned. */
  record Result(int exitCode, String output) {}

  /** The environment of this JVM. */
  static ChildJvm inherit() {
    return new ChildJvm(new HashMap<>(System.getenv()), List.of());
  }

  /**
   * A machine without network and without any cached model: home and caches point into {@code home}, every
   * model location setting is removed and {@code HF_HUB_OFFLINE=1}.
   */
  static ChildJvm offline(Path home) {
    Map<String, String> env = new HashMap<>(System.getenv());
    for (String key : List.of("HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_ENDPOINT", "HF_TOKEN", "HF_TOKEN_PATH",
        "CLIR_MODEL_DIR", "CLIR_CACHE", "CLIR_SHARED_MODELS")) {
      env.remove(key);
    }
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("HF_HUB_OFFLINE", "1");
    return new ChildJvm(env, List.of("-Duser.home=" + home));
  }

  ProcessBuilder builder(String... args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), IndexCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs to the end (at most two minutes). */
  Result run(String... args) throws IOException, InterruptedException {
    Process p = builder(args).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("clir-index did not finish in two minutes: " + new String(out, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Starts it with its output going to {@code log}. */
  Process start(Path log, String... args) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    return builder(args).redirectOutput(log.toFile()).start();
  }
}
