package dev.clir.bench.quality;

import dev.clir.embed.OrtEnvironments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The machine and software a report was measured on, for its header: figures are only comparable on the same.
 *
 * @param cores processors the JVM sees
 * @param cpu model name from {@code /proc/cpuinfo}, or {@code os.arch}
 * @param memory total RAM from {@code /proc/meminfo}, or the JVM's maximum heap
 * @param os pretty name from {@code /etc/os-release}, with kernel version and architecture
 * @param jdk runtime version and vendor
 * @param onnxRuntime ONNX Runtime's version
 * @param clirVersion the project version, with the git commit when run from a checkout
 * @param date when the run started, ISO-8601 with offset
 * @param loadAtStart 1-minute load average at the start ({@code NaN} when unknown): the machine may be shared
 */
public record RunEnvironment(int cores, String cpu, String memory, String os, String jdk, String onnxRuntime,
    String clirVersion, String date, double loadAtStart) {

  /** Reads the current machine; {@code projectRoot} (may be null) is asked for its git commit. */
  public static RunEnvironment current(Path projectRoot) {
    return new RunEnvironment(Runtime.getRuntime().availableProcessors(), readCpu(), readMemory(), readOs(),
        System.getProperty("java.runtime.version", Runtime.version().toString()) + " ("
            + System.getProperty("java.vendor", "?") + ")",
        readOnnxRuntime(), readClirVersion(projectRoot), ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        loadAverage());
  }

  /** The 1-minute load average now, {@code NaN} when the system does not say. */
  public static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String readCpu() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return System.getProperty("os.arch");
  }

  private static String readMemory() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
      }
    }
    return String.format(Locale.ROOT, "unknown (JVM max heap %.1f GiB)", Runtime.getRuntime().maxMemory() / 1073741824.0);
  }

  private static String readOs() {
    String name = System.getProperty("os.name");
    for (String line : lines(Path.of("/etc/os-release"))) {
      if (line.startsWith("PRETTY_NAME=")) {
        name = line.substring("PRETTY_NAME=".length()).replace("\"", "");
      }
    }
    return name + ", kernel " + System.getProperty("os.version") + ", " + System.getProperty("os.arch");
  }

  private static String readOnnxRuntime() {
    try {
      return OrtEnvironments.get().getVersion();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  private static String readClirVersion(Path projectRoot) {
    String version = "unknown";
    try (InputStream in = RunEnvironment.class.getResourceAsStream("/META-INF/maven/dev.clir/clir-engine/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        version = p.getProperty("version", version);
      }
    } catch (IOException e) {
      // keep unknown
    }
    if (version.equals("unknown") && RunEnvironment.class.getPackage().getImplementationVersion() != null) {
      version = RunEnvironment.class.getPackage().getImplementationVersion();
    }
    String commit = projectRoot == null ? null : git(projectRoot, "describe", "--always", "--dirty");
    return commit == null ? version : version + " (git " + commit + ")";
  }

  private static String git(Path dir, String... args) {
    try {
      String[] cmd = new String[args.length + 3];
      cmd[0] = "git";
      cmd[1] = "-C";
      cmd[2] = dir.toString();
      System.arraycopy(args, 0, cmd, 3, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty() || out.contains("\n")) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
