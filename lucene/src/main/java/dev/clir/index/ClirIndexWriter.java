package dev.clir.index;

import dev.clir.chunk.Passage;
import dev.clir.chunk.PassagePipeline;
import dev.clir.chunk.PassagePipeline.EmbeddedPassages;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.Embedder;
import dev.clir.model.ModelMismatchException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Adds, replaces and deletes documents of a clir index. Each document is one Lucene block (its passages, then
 * itself) written with {@link IndexWriter#updateDocuments}, so a reader sees all of a document's passages or
 * none. A document whose content hash is unchanged is skipped without being embedded.
 *
 * <p>Nothing is durable until {@link #commit}; {@link #close()} does <em>not</em> commit, so a process that dies
 * or closes mid-update leaves the index at its last commit. Searchers from {@link #searcherManager()} see
 * uncommitted changes after {@link #refresh()}.
 *
 * <p>Thread-safe. Embedding runs outside the writer's lock, so several threads can feed one writer.
 */
public final class ClirIndexWriter implements Closeable {
  /** Marks an id deleted in {@link #pending}. */
  private static final String DELETED = "";
  /** Refresh the lookup searcher when this many ids await it, to bound {@link #pending}. */
  private static final int MAX_PENDING = 50_000;

  private final Path path;
  private final Directory dir;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Embedder embedder;
  private final IndexMetadata metadata;
  private final PassagePipeline pipeline;
  private final DocumentBlocks blocks;
  private final int embedBatchSize;
  private final Object lock = new Object();
  /** Content hashes of ids written or deleted since the last refresh, which the searcher cannot see yet. */
  private final Map<String, String> pending = new HashMap<>();

  private ClirIndexWriter(Path path, Directory dir, IndexWriter writer, Embedder embedder, IndexMetadata metadata,
      PassagePipeline pipeline, int embedBatchSize) throws IOException {
    this.path = path;
    this.dir = dir;
    this.writer = writer;
    this.embedder = embedder;
    this.metadata = metadata;
    this.pipeline = pipeline;
    this.blocks = new DocumentBlocks(ClirFields.of(metadata.dimension(), metadata.similarity()));
    this.embedBatchSize = embedBatchSize;
    this.searchers = new SearcherManager(writer, null);
  }

  /**
   * Opens or creates the index of {@code config} for {@code embedder}'s model.
   *
   * @throws ModelMismatchException when the index was built with another model
   * @throws IndexLockedException when another writer has the index open
   * @throws ClirIndexException when the directory holds no clir index, or one Lucene cannot open
   */
  public static ClirIndexWriter open(IndexConfig config, Embedder embedder) {
    Objects.requireNonNull(embedder, "embedder");
    Path path = config.path();
    Directory dir = null;
    IndexWriter writer = null;
    try {
      Files.createDirectories(path);
      dir = FSDirectory.open(path);
      boolean exists = config.openMode() != OpenMode.CREATE && IndexOpener.exists(dir);
      if (!exists && config.openMode() == OpenMode.APPEND) {
        throw new ClirIndexException("no index at " + path + " to append to (open mode APPEND)");
      }
      IndexMetadata metadata;
      PassagePipeline pipeline;
      if (exists) {
        Map<String, String> data = IndexOpener.commitData(path, dir);
        if (!IndexMetadata.isClirIndex(data)) {
          throw new ClirIndexException("index " + path + " is not a clir index (its commit data has no clir "
              + "metadata); clir does not write into other applications' indexes. Use ClirFields and "
              + "ClirCodec to add clir vectors to your own index, or choose an empty directory.");
        }
        metadata = IndexMetadata.fromUserData(data);
        metadata.verifyCompatible(embedder.info(), config.allowModelMismatch());
        pipeline = new PassagePipeline(embedder, metadata.chunking());
      } else {
        pipeline = new PassagePipeline(embedder, config.chunking());
        var similarity = config.similarity() != null
            ? config.similarity() : IndexMetadata.defaultSimilarity(embedder.info());
        metadata = IndexMetadata.create(embedder.info(), similarity, config.chunking(), pipeline.maxTokens(),
            config.vectorFormat(), config.hnsw());
      }
      Codec codec = ClirCodec.wrap(Codec.getDefault(), Map.of(IndexFields.VECTOR, metadata.vectorFormat()),
          metadata.hnsw());
      IndexWriterConfig iwc = new IndexWriterConfig(ClirAnalyzer.create())
          .setOpenMode(exists ? OpenMode.APPEND : OpenMode.CREATE)
          .setCodec(codec)
          .setCommitOnClose(false)
          .setRAMBufferSizeMB(config.ramBufferMb());
      writer = IndexOpener.openWriter(path, dir, iwc);
      if (!exists) {
        writer.setLiveCommitData(metadata.toUserData().entrySet());
        writer.commit();
      }
      return new ClirIndexWriter(path, dir, writer, embedder, metadata, pipeline, config.embedBatchSize());
    } catch (IOException e) {
      closeQuietly(writer, dir);
      throw IndexOpener.explain(path, e);
    } catch (RuntimeException e) {
      closeQuietly(writer, dir);
      throw e;
    }
  }

  public IndexMetadata metadata() {
    return metadata;
  }

  public Embedder embedder() {
    return embedder;
  }

  public Path path() {
    return path;
  }

  /** Near-real-time searchers over this writer, refreshed by {@link #refresh()} and {@link #commit}. */
  public SearcherManager searcherManager() {
    return searchers;
  }

  /** Adds or replaces one document (see {@link #addAll}). */
  public AddResult add(SourceDocument doc) {
    return addAll(List.of(doc)).get(0);
  }

  /**
   * Adds or replaces documents, embedding the passages of many documents per embedder call. Documents whose
   * content hash is unchanged are skipped. When an id occurs twice, the later document wins.
   *
   * @return one result per document, in input order
   */
  public List<AddResult> addAll(List<SourceDocument> docs) {
    AddResult[] results = new AddResult[docs.size()];
    String[] hashes = new String[docs.size()];
    List<Integer> toWrite = new ArrayList<>();
    synchronized (lock) {
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < docs.size(); i++) {
        SourceDocument doc = docs.get(i);
        hashes[i] = ContentHash.of(doc);
        String previous = seen.containsKey(doc.id()) ? seen.get(doc.id()) : existingHash(doc.id());
        if (hashes[i].equals(previous)) {
          results[i] = AddResult.UNCHANGED;
          continue;
        }
        results[i] = previous == null ? AddResult.ADDED : AddResult.UPDATED;
        seen.put(doc.id(), hashes[i]);
        toWrite.add(i);
      }
    }
    // Chunk, embed and write in groups of about embedBatchSize passages.
    List<Integer> group = new ArrayList<>();
    List<List<Passage>> groupPassages = new ArrayList<>();
    int groupSize = 0;
    for (int i : toWrite) {
      SourceDocument doc = docs.get(i);
      List<Passage> passages = passages(doc);
      group.add(i);
      groupPassages.add(passages);
      groupSize += passages.size();
      if (groupSize >= embedBatchSize) {
        writeGroup(docs, hashes, group, groupPassages);
        group.clear();
        groupPassages.clear();
        groupSize = 0;
      }
    }
    if (!group.isEmpty()) {
      writeGroup(docs, hashes, group, groupPassages);
    }
    return Collections.unmodifiableList(Arrays.asList(results));
  }

  /**
   * The passages this index cuts {@code doc} into, with the chunking it recorded: {@link #addEmbedded} takes one
   * vector per passage, in this order.
   */
  public List<Passage> passages(SourceDocument doc) {
    return pipeline.split(doc.title(), doc.text(), doc.lang());
  }

  /**
   * Adds or replaces one document with passage vectors computed by the caller (by a batch job elsewhere, from a
   * cache, or synthetic ones for benchmarks), without calling the embedder. The vectors must be the index model's
   * passage vectors of {@link #passages(SourceDocument)}, one per passage and in that order: only their count,
   * dimension and (for dot-product indexes) unit length can be checked here, not which model made them.
   *
   * @throws IllegalArgumentException when the count, the dimension or the length of the vectors is wrong
   */
  public AddResult addEmbedded(SourceDocument doc, float[][] passageVectors) {
    Objects.requireNonNull(passageVectors, "passageVectors");
    String hash = ContentHash.of(doc);
    String previous;
    synchronized (lock) {
      previous = existingHash(doc.id());
    }
    if (hash.equals(previous)) {
      return AddResult.UNCHANGED;
    }
    List<Passage> passages = passages(doc);
    if (passageVectors.length != passages.size()) {
      throw new IllegalArgumentException("document " + doc.id() + " has " + passages.size() + " passages in this index "
          + "but " + passageVectors.length + " vectors were given (see passages(doc))");
    }
    for (float[] v : passageVectors) {
      if (v.length != metadata.dimension()) {
        throw new IllegalArgumentException("a vector of document " + doc.id() + " has " + v.length
            + " dimensions; the index " + path + " holds " + metadata.dimension() + "-dimensional vectors");
      }
      if (metadata.similarity() == VectorSimilarityFunction.DOT_PRODUCT) {
        double norm = Math.sqrt(dot(v, v));
        if (Math.abs(norm - 1) > 1e-3) {
          throw new IllegalArgumentException("a vector of document " + doc.id() + " has length " + norm
              + "; this index compares vectors by dot product, which needs unit vectors: normalise them first");
        }
      }
    }
    writeBlock(doc, hash, new EmbeddedPassages(passages, passageVectors));
    return previous == null ? AddResult.ADDED : AddResult.UPDATED;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private void writeGroup(List<SourceDocument> docs, String[] hashes, List<Integer> group,
      List<List<Passage>> passages) {
    List<EmbeddedPassages> embedded = pipeline.embed(passages);
    for (int g = 0; g < group.size(); g++) {
      int i = group.get(g);
      writeBlock(docs.get(i), hashes[i], embedded.get(g));
    }
  }

  private void writeBlock(SourceDocument doc, String hash, EmbeddedPassages passages) {
    List<Document> block = blocks.block(doc, hash, passages);
    synchronized (lock) {
      try {
        writer.updateDocuments(IndexFields.blockTerm(doc.id()), block);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write document " + doc.id() + " to " + path, e);
      }
      pending.put(doc.id(), hash);
      refreshIfManyPending();
    }
  }

  /**
   * Deletes a document and its passages.
   *
   * @return whether a document with that id existed
   */
  public boolean delete(String id) {
    synchronized (lock) {
      boolean existed = existingHash(id) != null;
      try {
        writer.deleteDocuments(IndexFields.blockTerm(id));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete document " + id + " from " + path, e);
      }
      pending.put(id, DELETED);
      refreshIfManyPending();
      return existed;
    }
  }

  /** Content hash of the stored document {@code id}, or {@code null} when there is none. */
  public String contentHash(String id) {
    synchronized (lock) {
      return existingHash(id);
    }
  }

  private String existingHash(String id) {
    if (pending.containsKey(id)) {
      String h = pending.get(id);
      return h.equals(DELETED) ? null : h;
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(new TermQuery(new Term(IndexFields.ID, id)), 1);
        if (top.scoreDocs.length == 0) {
          return null;
        }
        Document stored = searcher.storedFields().document(top.scoreDocs[0].doc, Set.of(IndexFields.CONTENT_HASH));
        return stored.get(IndexFields.CONTENT_HASH);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void refreshIfManyPending() {
    if (pending.size() >= MAX_PENDING) {
      refreshLocked();
    }
  }

  /** Makes the changes so far visible to this writer's searchers (not durable: see {@link #commit}). */
  public void refresh() {
    synchronized (lock) {
      refreshLocked();
    }
  }

  private void refreshLocked() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pending.clear();
  }

  /** Commits: makes all changes durable, with the index metadata in the commit data. */
  public void commit() {
    commit(Map.of());
  }

  /**
   * Commits with extra commit user data (e.g. the source and time of an indexing run). Extra entries stay in
   * later commits until overwritten; keys starting with {@code clir.} are reserved.
   */
  public void commit(Map<String, String> extraUserData) {
    for (String key : extraUserData.keySet()) {
      if (key.startsWith(IndexMetadata.KEY_PREFIX)) {
        throw new IllegalArgumentException("commit data keys starting with '" + IndexMetadata.KEY_PREFIX
            + "' are reserved for clir: " + key);
      }
    }
    synchronized (lock) {
      Map<String, String> data = new LinkedHashMap<>();
      Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
      if (live != null) {
        live.forEach(e -> data.put(e.getKey(), e.getValue()));
      }
      data.putAll(extraUserData);
      data.putAll(metadata.toUserData());
      writer.setLiveCommitData(data.entrySet());
      try {
        writer.commit();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot commit " + path, e);
      }
      refreshLocked();
    }
  }

  /** The user data of the last commit: clir's metadata and the extra entries. */
  public Map<String, String> commitData() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(IndexOpener.commitData(path, dir)));
  }

  /** Counts of what this writer's searchers see (call {@link #refresh()} first to include recent changes). */
  public IndexStats stats() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return IndexStats.compute(searcher, dir);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges segments down to {@code maxSegments} (after a bulk load; fewer segments search faster). */
  public void forceMerge(int maxSegments) {
    try {
      writer.forceMerge(maxSegments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes without committing: changes since the last {@link #commit} are discarded. */
  @Override
  public void close() {
    synchronized (lock) {
      try {
        searchers.close();
      } catch (IOException e) {
        // fall through: closing the writer matters more
      }
      closeQuietly(writer, dir);
    }
  }

  private static void closeQuietly(IndexWriter writer, Directory dir) {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (IOException | RuntimeException e) {
      // already failing or closing
    }
    try {
      if (dir != null) {
        dir.close();
      }
    } catch (IOException e) {
      // already failing or closing
    }
  }

  @Override
  public String toString() {
    return "ClirIndexWriter(" + path + ", " + metadata.modelId() + ", " + metadata.vectorFormat().label() + ")";
  }
}
