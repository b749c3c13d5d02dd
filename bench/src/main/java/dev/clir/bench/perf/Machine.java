package dev.clir.bench.perf;

import dev.clir.embed.OrtEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.util.Version;

/** What the figures were measured on: they are only comparable within one run on one machine. */
public record Machine(int cores, String cpu, long memoryBytes, String jdk, String os, String onnxRuntime, String lucene) {

  public static Machine probe() {
    return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), readMemoryBytes(),
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        ortVersion(), Version.LATEST.toString());
  }

  /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), or NaNs where there is none. */
  public static double[] loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  public static String formatLoad(double[] load) {
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", load[0], load[1], load[2]);
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static long readMemoryBytes() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  private static String ortVersion() {
    try {
      return OrtEnvironments.get().getVersion();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return "unknown";
    }
  }
}
