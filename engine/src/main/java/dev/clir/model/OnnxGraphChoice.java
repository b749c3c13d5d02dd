package dev.clir.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which ONNX graph of a model to run, chosen from the files a repository (its revision's file list) or a folder
 * has: the float graph unless int8 was asked for; with int8, the export that fits this CPU. The names are those
 * the publishers use: {@code onnx/model.onnx} (optimum, sentence-transformers, transformers.js), the
 * per-instruction-set exports of sentence-transformers ({@code export_dynamic_quantized_onnx_model}:
 * {@code model_qint8_avx512_vnni}, {@code model_qint8_avx512}, {@code model_quint8_avx2}, {@code model_qint8_arm64})
 * and transformers.js's {@code model_quantized}. When nothing fits, the message lists the graphs there are and how
 * to pick one.
 */
public final class OnnxGraphChoice {
  /** Float graphs, in order of preference. */
  public static final List<String> FLOAT_GRAPHS = List.of("onnx/model.onnx", "model.onnx");
  public static final String INT8_AVX512_VNNI = "onnx/model_qint8_avx512_vnni.onnx";
  public static final String INT8_AVX512 = "onnx/model_qint8_avx512.onnx";
  /** Unsigned activations and weights: correct on any x86-64 CPU (signed int8 can saturate without VNNI). */
  public static final String UINT8_AVX2 = "onnx/model_quint8_avx2.onnx";
  public static final String INT8_ARM64 = "onnx/model_qint8_arm64.onnx";
  /** transformers.js's export, quantized for no CPU in particular. */
  public static final String QUANTIZED = "onnx/model_quantized.onnx";

  private OnnxGraphChoice() {}

  /** The int8 graphs that fit {@code cpu}, best first. */
  public static List<String> int8For(CpuFeatures cpu) {
    if (cpu.arm64()) {
      return List.of(INT8_ARM64, QUANTIZED);
    }
    List<String> out = new ArrayList<>();
    if (cpu.has(CpuFeatures.AVX512_VNNI)) {
      out.add(INT8_AVX512_VNNI);
    }
    if (cpu.has(CpuFeatures.AVX512)) {
      out.add(INT8_AVX512);
    }
    out.add(UINT8_AVX2);
    out.add(QUANTIZED);
    return List.copyOf(out);
  }

  /** The graphs {@code variant} accepts, best first. */
  public static List<String> candidates(OnnxVariant variant, CpuFeatures cpu) {
    return variant == OnnxVariant.QUANTIZED ? int8For(cpu) : FLOAT_GRAPHS;
  }

  /**
   * The graph to run among {@code files} (paths relative to the repository or folder).
   *
   * @param explicit a graph the user named ({@code --onnx-file}), or null
   * @param where the repository or folder, for the message
   * @throws ModelLoadException when {@code files} have no graph that fits, listing the graphs they have
   */
  public static String choose(Collection<String> files, OnnxVariant variant, String explicit, CpuFeatures cpu, String where) {
    if (explicit != null) {
      String wanted = explicit.replace('\\', '/');
      if (files.contains(wanted)) {
        return wanted;
      }
      throw new ModelLoadException(where + " has no file " + wanted + ". " + offers(files) + ".");
    }
    Optional<String> found = candidates(variant, cpu).stream().filter(files::contains).findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    List<String> graphs = graphs(files);
    String asked = variant == OnnxVariant.QUANTIZED
        ? "no int8 ONNX graph for this CPU (" + cpu.describe() + "): looked for " + String.join(", ", int8For(cpu))
        : "no float ONNX graph: looked for " + String.join(", ", FLOAT_GRAPHS);
    String how = graphs.isEmpty()
        ? "Export one (optimum-cli export onnx --task feature-extraction) and pass the folder with --model DIR."
        : "Pick one with --onnx-file " + graphs.get(0) + " (or another of them)"
            + (variant == OnnxVariant.QUANTIZED ? ", or drop --quantized for the float graph." : ", or add --quantized for an int8 one.");
    throw new ModelLoadException(where + " has " + asked + ". " + offers(files) + ". " + how);
  }

  /** The first of {@code variant}'s graphs that {@code dir} has, if any. */
  public static Optional<String> find(Path dir, OnnxVariant variant, CpuFeatures cpu) {
    return candidates(variant, cpu).stream().filter(f -> Files.isRegularFile(dir.resolve(f))).findFirst();
  }

  /** The files under {@code dir} (two levels deep, as a repository keeps its graphs), as relative paths with '/'. */
  public static List<String> filesIn(Path dir) {
    try (Stream<Path> s = Files.walk(dir, 2)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<String> graphs(Collection<String> files) {
    return files.stream().filter(f -> f.endsWith(".onnx")).sorted().toList();
  }

  private static String offers(Collection<String> files) {
    List<String> graphs = graphs(files);
    return graphs.isEmpty() ? "It has no .onnx file at all" : "Its ONNX graphs: " + String.join(", ", graphs);
  }
}
