package dev.clir.model;

import java.nio.file.Path;

/**
 * A usable model folder where clir finds models (a cache, {@value ModelResolver#CLIR_MODEL_DIR}, or the folder an
 * index records), for {@code clir-index model list}.
 *
 * @param id the model id
 * @param revision in the Hugging Face cache, the refs that point to it ({@code main}), or its commit when none
 *     does; in clir's cache, its folder name ({@code main}, {@code main+quantized})
 * @param commit the commit hash, when known
 * @param directory the folder
 * @param sizeBytes bytes of its files on disk
 * @param fingerprint {@link Fingerprint} of the files {@link ModelDirectory} picks, as indexes record it
 * @param location where it was found
 */
public record CachedModel(String id, String revision, String commit, Path directory, long sizeBytes, String fingerprint, Location location) {

  /** Where clir found it. */
  public enum Location {
    /** The Hugging Face hub cache, shared with Python tools. */
    HF_CACHE,
    /** clir's own download cache. */
    CLIR_CACHE,
    /** The {@value ModelResolver#CLIR_MODEL_DIR} folder (a model folder, or a folder of them). */
    CLIR_MODEL_DIR,
    /** The model folder an index records as the one it was built with. */
    INDEX
  }
}
