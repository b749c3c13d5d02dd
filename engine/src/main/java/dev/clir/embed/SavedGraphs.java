package dev.clir.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.clir.model.AtomicFiles;
import dev.clir.model.CacheLocations;
import dev.clir.model.Fingerprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * ONNX Runtime's optimised form of a model's graph, saved once in clir's cache ({@code <clir cache>/graphs/}) in ONNX
 * Runtime's own format and memory-mapped on every later open, which then neither re-optimises the graph nor copies its
 * weights. Opening the int8 test model's session went from 327-394 ms (19.7k-23.9k page faults) to 141-148 ms (8.6k)
 * in a bare program, 4 interleaved runs each on a quiet 2-core machine, with identical outputs.
 *
 * <p>A saved graph is keyed by the model's fingerprint, ONNX Runtime's version and the CPU (its optimisations may
 * use the CPU's instructions, so a graph is only reused on the kind of machine that made it). One graph is kept
 * per model file: saving a new one removes the older ones of the same file. The cache is an optimisation only:
 * when it cannot be written, or a saved graph does not load, the model's own file is opened as before (and a bad
 * saved graph is replaced). A graph that could not be saved leaves a {@code .unsaved} mark, so that later opens do not
 * pay for trying again (deleting the mark tries again); large graphs (with their external weights, over
 * {@link #MAX_GRAPH_BYTES}) are not saved at all, since ONNX Runtime's format holds at most 2 GiB.
 */
final class SavedGraphs {
  static final String SUFFIX = ".ort";
  static final String UNSAVED_SUFFIX = ".unsaved";
  /** Below the 2 GiB a FlatBuffers file can hold, with room for what the optimiser adds. */
  static final long MAX_GRAPH_BYTES = 1536L << 20;
  private final Path dir;
  private final long maxGraphBytes;

  SavedGraphs(Path dir, long maxGraphBytes) {
    this.dir = dir;
    this.maxGraphBytes = maxGraphBytes;
  }

  /** The graphs under clir's cache folder ({@code $CLIR_CACHE}, else {@code ~/.cache/clir}). */
  static SavedGraphs inClirCache() {
    return new SavedGraphs(CacheLocations.ofThisUser().clirCache("graphs"), MAX_GRAPH_BYTES);
  }

  /**
   * An open session, and the mapped saved graph it reads its weights from ({@code null} when it read the model's own
   * file). The bytes must stay reachable while the session is open: ONNX Runtime uses them in place.
   */
  record Opened(OrtSession session, ByteBuffer mappedBytes) {}

  /**
   * Opens {@code onnxFile}'s session from its saved graph, saving the graph first when there is none.
   *
   * @param fingerprint the model's fingerprint (part of the key)
   * @param options new session options with the caller's threading; this class sets how the graph is optimised
   */
  Opened open(OrtEnvironment env, Path onnxFile, String fingerprint, Supplier<OrtSession.SessionOptions> options) throws OrtException {
    Path saved;
    Path unsaved;
    try {
      String name = fileKey(onnxFile) + "-" + graphKey(fingerprint, env.getVersion());
      saved = dir.resolve(name + SUFFIX);
      unsaved = dir.resolve(name + UNSAVED_SUFFIX);
      if (Files.exists(unsaved) || graphBytes(onnxFile) > maxGraphBytes) {
        return new Opened(openOriginal(env, onnxFile, options), null);
      }
    } catch (IOException | RuntimeException e) {
      return new Opened(openOriginal(env, onnxFile, options), null);
    }
    if (Files.isRegularFile(saved)) {
      try {
        return openSaved(env, saved, options);
      } catch (IOException | OrtException e) {
        deleteQuietly(saved); // damaged or from an incompatible runtime: made again below
      }
    }
    OrtSession[] made = new OrtSession[1];
    try {
      AtomicFiles.publish(saved, tmp -> {
        try {
          made[0] = openAndSave(env, onnxFile, tmp, options);
        } catch (OrtException e) {
          throw new IOException(e);
        }
        return null;
      });
      removeOthers(saved);
      return new Opened(made[0], null);
    } catch (IOException e) {
      // the cache cannot be written, or saving failed: open the model's own file (its errors are the ones to report)
      if (made[0] != null) {
        return new Opened(made[0], null);
      }
      OrtSession original = openOriginal(env, onnxFile, options);
      markUnsaved(unsaved); // the model opens but its graph cannot be saved here: do not try on every open
      return new Opened(original, null);
    }
  }

  /** The graph's bytes with its external weights: the files beside it whose names start with its own. */
  private static long graphBytes(Path onnxFile) throws IOException {
    String name = onnxFile.getFileName().toString();
    long total = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(onnxFile.toAbsolutePath().getParent(), f -> f.getFileName().toString().startsWith(name))) {
      for (Path f : files) {
        total += Files.size(f);
      }
    }
    return total;
  }

  private static void markUnsaved(Path mark) {
    try {
      Files.createDirectories(mark.getParent());
      Files.write(mark, new byte[0]);
    } catch (IOException | RuntimeException e) {
      // an unwritable cache: nothing to remember with
    }
  }

  /** Without a cache: the model's own file, optimised as it loads. */
  static OrtSession openOriginal(OrtEnvironment env, Path onnxFile, Supplier<OrtSession.SessionOptions> options) throws OrtException {
    try (OrtSession.SessionOptions so = options.get()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return env.createSession(onnxFile.toString(), so);
    }
  }

  private static OrtSession openAndSave(OrtEnvironment env, Path onnxFile, Path target, Supplier<OrtSession.SessionOptions> options)
      throws OrtException {
    try (OrtSession.SessionOptions so = options.get()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setOptimizedModelFilePath(target.toString());
      so.addConfigEntry("session.save_model_format", "ORT");
      // ONNX Runtime warns on standard error that such a graph is for this machine only, which the key sees to
      so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      return env.createSession(onnxFile.toString(), so);
    }
  }

  private static Opened openSaved(OrtEnvironment env, Path saved, Supplier<OrtSession.SessionOptions> options) throws IOException, OrtException {
    ByteBuffer bytes;
    try (FileChannel ch = FileChannel.open(saved)) {
      bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    try (OrtSession.SessionOptions so = options.get()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT); // optimised when it was saved
      so.addConfigEntry("session.load_model_format", "ORT");
      so.addConfigEntry("session.use_ort_model_bytes_directly", "1");
      so.addConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
      return new Opened(env.createSession(bytes, so), bytes);
    }
  }

  /** Removes the graphs saved earlier for the same model file (another version of it, runtime or CPU). */
  private void removeOthers(Path kept) {
    String prefix = kept.getFileName().toString().substring(0, kept.getFileName().toString().indexOf('-') + 1);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*" + SUFFIX)) {
      for (Path f : files) {
        if (!f.equals(kept)) {
          deleteQuietly(f); // a process that still maps it keeps its pages (on Windows the delete fails, harmlessly)
        }
      }
    } catch (IOException | RuntimeException e) {
      // only tidying
    }
  }

  private static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException | RuntimeException e) {
      // tidying only
    }
  }

  /** Which model file: its real path. */
  static String fileKey(Path onnxFile) throws IOException {
    return Fingerprint.sha256Hex(onnxFile.toRealPath().toString()).substring(0, 16);
  }

  /** Which graph: the model's fingerprint, the runtime's version and the CPU. */
  static String graphKey(String fingerprint, String runtimeVersion) {
    return Fingerprint.sha256Hex(fingerprint + "\0" + runtimeVersion + "\0" + cpu()).substring(0, 16);
  }

  /** The CPU as far as its optimisations can tell: its model and instruction-set flags where Linux lists them. */
  static String cpu() {
    StringBuilder id = new StringBuilder(System.getProperty("os.name", "") + "/" + System.getProperty("os.arch", ""));
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (Stream<String> lines = Files.lines(cpuinfo, StandardCharsets.ISO_8859_1)) {
        lines.takeWhile(l -> !l.isBlank()) // the first processor's entry
            .filter(l -> startsWithAny(l.toLowerCase(Locale.ROOT), List.of("model name", "flags", "features", "cpu part")))
            .forEach(l -> id.append('\n').append(l.strip()));
      } catch (IOException | RuntimeException e) {
        // the platform alone
      }
    }
    return id.toString();
  }

  private static boolean startsWithAny(String line, List<String> keys) {
    return keys.stream().anyMatch(line::startsWith);
  }
}
