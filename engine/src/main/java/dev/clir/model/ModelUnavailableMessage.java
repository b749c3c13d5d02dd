package dev.clir.model;

import java.nio.file.Path;
import java.util.List;

/**
 * The message a user sees when a model is on no path clir looks at and cannot be downloaded (offline, or
 * the hub unreachable): which files are missing and every way to provide them, with exact paths. It is the
 * first thing a new user on a machine without network meets, so it is short and concrete.
 */
final class ModelUnavailableMessage {
  private ModelUnavailableMessage() {}

  /** {@code directoryOption} is how the caller names a model folder ({@code --model DIR} on command lines). */
  static String of(ModelRef ref, OnnxVariant variant, String onnxFile, String reason, List<String> notes, CacheLocations where, String endpoint,
      String directoryOption) {
    Path repo = where.hfRepoDir(ref);
    String refName = ref.pinnedToCommit() ? null : ref.revision();
    String graph = onnxFile != null ? onnxFile : variant == OnnxVariant.QUANTIZED
        ? "an int8 graph (" + String.join(" or ", OnnxGraphChoice.int8For(CpuFeatures.current())) + ")" : OnnxGraphChoice.FLOAT_GRAPHS.get(0);
    StringBuilder m = new StringBuilder();
    m.append("model ").append(ref).append(" is not on this machine and cannot be downloaded: ").append(reason).append(".\n");
    for (String note : notes) {
      m.append(note).append('\n');
    }
    m.append("Missing: ").append(ModelFiles.TOKENIZER).append(" and ").append(graph).append(", optionally ")
        .append(String.join(", ", ModelFiles.OPTIONAL_FILES)).append(" (see ").append(ref.pageUrl(endpoint)).append(").\n");
    m.append("Provide them in one of these ways:\n");
    m.append("  1. ").append(directoryOption).append(", where DIR holds them\n");
    m.append("  2. ").append(ModelResolver.CLIR_MODEL_DIR).append("=DIR (that folder, or one holding ").append(ref.folderName()).append("/)\n");
    m.append("  3. the Hugging Face cache: ").append(repo.resolve("snapshots").resolve(ref.pinnedToCommit() ? ref.revision() : "COMMIT"))
        .append(refName == null ? "" : " with refs/" + refName + " holding COMMIT").append(" (as `hf download ").append(ref.id()).append(' ')
        .append(ModelFiles.TOKENIZER).append(' ').append(onnxFile != null ? onnxFile : OnnxGraphChoice.candidates(variant, CpuFeatures.current()).get(0)).append(" config.json").append(ref.revision().equals(ModelRef.DEFAULT_REVISION) ? "" : " --revision " + ref.revision())
        .append("` makes it)\n");
    m.append("  4. where there is network: `clir-index model pull ").append(ref).append(variant == OnnxVariant.QUANTIZED ? " --quantized" : "")
        .append("`, then copy ").append(where.clirModelDir(ref, variant, onnxFile)).append(" to the same path here");
    return m.toString();
  }
}
