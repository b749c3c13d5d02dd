package dev.clir.model;

import java.nio.file.Path;

/**
 * A usable model folder in one of the caches, for {@code clir-index model list}.
 *
 * @param id the model id
 * @param revision in the Hugging Face cache, the refs that point to it ({@code main}), or its commit when none
 *     does; in clir's cache, its folder name ({@code main}, {@code main+quantized})
 * @param commit the commit hash, when known
 * @param directory the folder
 * @param sizeBytes bytes of its files on disk
 * @param fingerprint {@link Fingerprint} of the files {@link ModelDirectory} picks, as indexes record it
 * @param location which cache it is in
 */
public record CachedModel(String id, String revision, String commit, Path directory, long sizeBytes, String fingerprint, Location location) {

  /** The two caches clir reads. */
  public enum Location {
    /** The Hugging Face hub cache, shared with Python tools. */
    HF_CACHE,
    /** clir's own download cache. */
    CLIR_CACHE
  }
}
