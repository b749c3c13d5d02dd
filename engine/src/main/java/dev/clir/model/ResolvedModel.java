package dev.clir.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model argument led: the model folder to open and how it was found.
 *
 * @param id the model id asked for; null when a directory was given
 * @param revision the revision asked for; null when a directory was given
 * @param directory the model folder, ready for {@link ModelDirectory#read(Path, ModelOverrides)}
 * @param onnxFile the graph to use, relative to {@code directory}, when the folder holds several and the
 *     quantized one was asked for; null to let {@link ModelDirectory} pick
 * @param source where the folder was found
 */
public record ResolvedModel(String id, String revision, Path directory, Path onnxFile, Source source) {

  /** Where a model folder was found, in the order the resolver looks. */
  public enum Source {
    /** The argument was a directory. */
    DIRECTORY,
    /** The {@value ModelResolver#CLIR_MODEL_DIR} setting. */
    CLIR_MODEL_DIR,
    /** A snapshot in the Hugging Face cache, used in place. */
    HF_CACHE,
    /** An earlier download in clir's cache. */
    CLIR_CACHE,
    /** Downloaded just now into clir's cache. */
    DOWNLOADED
  }

  public ResolvedModel {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(source, "source");
  }

  /**
   * {@code user}'s overrides completed with what resolution knows: the graph to use, and for a folder from
   * {@value ModelResolver#CLIR_MODEL_DIR} (whose files may not name the model) the id asked for, so that the
   * known-model table applies. The user's own values win.
   */
  public ModelOverrides overrides(ModelOverrides user) {
    ModelOverrides u = user == null ? ModelOverrides.NONE : user;
    String idOverride = u.id() != null ? u.id() : source == Source.CLIR_MODEL_DIR ? id : null;
    Path onnx = u.onnxFile() != null ? u.onnxFile() : onnxFile;
    return new ModelOverrides(idOverride, onnx, u.queryPrefix(), u.passagePrefix(), u.pooling(), u.normalize(), u.maxSeqLength());
  }
}
