package dev.clir.bench.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's command lines as a user would, timing them from outside (JVM start and exit included). */
final class Processes {
  private Processes() {}

  /** What a run printed and how long it took from start to exit. */
  record Run(int exitCode, String stdout, double wallMillis) {}

  /** The java binary of this JVM (a JDK >= 21, as bin/select-jdk.sh picked it). */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java [jvmArgs] -jar jar [args]} with the flags bin/select-jdk.sh's clir_run_jar passes. */
  static List<String> javaJar(Path jar, List<String> jvmArgs, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    return cmd;
  }

  static Run run(List<String> command, long timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      double wall = (System.nanoTime() - t0) / 1e6;
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), wall);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static Run runChecked(List<String> command, long timeoutSeconds) {
    Run r = run(command, timeoutSeconds);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("exit " + r.exitCode() + " from " + String.join(" ", command) + "\n" + r.stdout());
    }
    return r;
  }
}
