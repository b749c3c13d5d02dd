package dev.clir.solr;

import dev.clir.embed.Embedder;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelOverrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models loaded on this Solr node, shared by every core and thread: one {@link OnnxEmbedder} per model directory
 * (by its real path), overrides (e.g. the quantized graph a resolved id asked for) and run options, opened on first use and closed when the last lease on it is released (when
 * the last core using it closes). An ONNX model costs tens to hundreds of MB and a second or more to load, so a node
 * with many cores or replicas of one collection loads it once.
 *
 * <p>"Once per node" holds because Solr loads this class once per node: put the jar in a node-level lib directory
 * ({@code SOLR_HOME/lib} or {@code server/solr-webapp/webapp/WEB-INF/lib}), not in a per-core {@code <lib>}
 * directive, which would give each core its own class loader (and a second copy of ONNX Runtime's native library).
 */
public final class NodeModels {
  private static final Logger log = LoggerFactory.getLogger(MethodHandles.lookup().lookupClass());

  /** Opens a model; replaceable in tests. */
  interface Opener {
    Embedder open(Path dir, ModelOverrides overrides, EmbedderOptions options);
  }

  static volatile Opener opener = OnnxEmbedder::open;

  private static final Map<Key, Entry> LOADED = new HashMap<>();

  private record Key(Path realPath, ModelOverrides overrides, EmbedderOptions options) {}

  private static final class Entry {
    final Embedder embedder;
    int leases;

    Entry(Embedder embedder) {
      this.embedder = embedder;
    }
  }

  private NodeModels() {}

  /** A hold on a shared model; {@link #close()} releases it (idempotent). */
  public static final class Lease implements AutoCloseable {
    private final Key key;
    private final Embedder embedder;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(Key key, Embedder embedder) {
      this.key = key;
      this.embedder = embedder;
    }

    public Embedder embedder() {
      if (released.get()) {
        throw new IllegalStateException("model lease on " + key.realPath() + " was released");
      }
      return embedder;
    }

    public Path directory() {
      return key.realPath();
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(key);
      }
    }
  }

  /** Leases the model in {@code dir} (which must exist), loading it if no core on this node holds it yet. */
  public static Lease acquire(Path dir, EmbedderOptions options) {
    return acquire(dir, ModelOverrides.NONE, options);
  }

  /** As {@link #acquire(Path, EmbedderOptions)}, with the overrides its resolution implies ({@link ModelConfig.Located}). */
  public static Lease acquire(Path dir, ModelOverrides overrides, EmbedderOptions options) {
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(options, "options");
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve model directory " + dir, e);
    }
    Key key = new Key(real, overrides, options);
    synchronized (LOADED) {
      Entry entry = LOADED.get(key);
      if (entry == null) {
        long start = System.nanoTime();
        entry = new Entry(opener.open(real, overrides, options));
        LOADED.put(key, entry);
        log.info("clir: loaded model {} ({}, {} dims, fingerprint {}) from {} in {} ms", entry.embedder.info().id(),
            entry.embedder.info().pooling(), entry.embedder.dimension(), entry.embedder.info().fingerprint(), real,
            (System.nanoTime() - start) / 1_000_000);
      }
      entry.leases++;
      return new Lease(key, entry.embedder);
    }
  }

  private static void release(Key key) {
    Embedder toClose = null;
    synchronized (LOADED) {
      Entry entry = LOADED.get(key);
      if (entry != null && --entry.leases == 0) {
        LOADED.remove(key);
        toClose = entry.embedder;
      }
    }
    if (toClose != null) {
      log.info("clir: last core using {} closed; unloading the model", key.realPath());
      toClose.close();
    }
  }

  /** The real paths of the model folders loaded now (for tests and diagnostics). */
  public static java.util.Set<Path> loadedDirectories() {
    synchronized (LOADED) {
      return LOADED.keySet().stream().map(Key::realPath).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }

  /** How many distinct models are loaded now (for tests and diagnostics). */
  public static int loadedCount() {
    synchronized (LOADED) {
      return LOADED.size();
    }
  }

  /** Leases held on the model in {@code dir} with {@code options} and no overrides; 0 when it is not loaded. */
  public static int leases(Path dir, EmbedderOptions options) {
    return leases(dir, ModelOverrides.NONE, options);
  }

  /** Leases held on the model in {@code dir} with {@code overrides} and {@code options}; 0 when it is not loaded. */
  public static int leases(Path dir, ModelOverrides overrides, EmbedderOptions options) {
    try {
      Key key = new Key(dir.toRealPath(), overrides, options);
      synchronized (LOADED) {
        Entry e = LOADED.get(key);
        return e == null ? 0 : e.leases;
      }
    } catch (IOException e) {
      return 0;
    }
  }
}
