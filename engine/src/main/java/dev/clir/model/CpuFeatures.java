package dev.clir.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What this CPU offers the int8 graphs that model repositories publish: the ONNX exports of sentence-transformers
 * are quantized per instruction set ({@code model_qint8_avx512_vnni.onnx}, {@code model_qint8_avx512.onnx},
 * {@code model_quint8_avx2.onnx}, {@code model_qint8_arm64.onnx}); {@link OnnxGraphChoice} picks the one that fits.
 *
 * @param arm64 a 64-bit ARM CPU
 * @param flags the x86 feature flags that matter ({@code avx2}, {@code avx512f}, {@code avx512_vnni}), lower case
 */
public record CpuFeatures(boolean arm64, Set<String> flags) {
  public static final String AVX2 = "avx2";
  public static final String AVX512 = "avx512f";
  public static final String AVX512_VNNI = "avx512_vnni";
  private static final List<String> KNOWN = List.of(AVX2, AVX512, AVX512_VNNI);
  private static volatile CpuFeatures current;

  public CpuFeatures {
    flags = Set.copyOf(Objects.requireNonNull(flags, "flags"));
  }

  /** An x86-64 CPU with {@code flags}. */
  public static CpuFeatures x86(String... flags) {
    return new CpuFeatures(false, Set.of(flags));
  }

  public static CpuFeatures arm() {
    return new CpuFeatures(true, Set.of());
  }

  /**
   * This machine's CPU: ARM from {@code os.arch}, the x86 flags from {@code /proc/cpuinfo}. Where that file does
   * not exist (macOS, Windows) an x86 CPU counts as AVX2 only, whose graph runs correctly on any x86-64 CPU.
   */
  public static CpuFeatures current() {
    CpuFeatures c = current;
    if (c == null) {
      c = detect();
      current = c;
    }
    return c;
  }

  private static CpuFeatures detect() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (arch.equals("aarch64") || arch.equals("arm64")) {
      return arm();
    }
    Set<String> found = new HashSet<>();
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (line.startsWith("flags")) {
            Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).filter(KNOWN::contains).forEach(found::add);
            break;
          }
        }
      } else {
        found.add(AVX2);
      }
    } catch (IOException | RuntimeException e) {
      found.add(AVX2);
    }
    return new CpuFeatures(false, found);
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /** For messages: {@code x86-64 with AVX-512 VNNI}, {@code ARM64}. */
  public String describe() {
    if (arm64) {
      return "ARM64";
    }
    if (has(AVX512_VNNI)) {
      return "x86-64 with AVX-512 VNNI";
    }
    if (has(AVX512)) {
      return "x86-64 with AVX-512 (no VNNI)";
    }
    return has(AVX2) ? "x86-64 with AVX2 (no AVX-512)" : "x86-64 without AVX2";
  }
}
