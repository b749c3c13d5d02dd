package dev.clir.index;

import dev.clir.model.ModelInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * Verifies a clir index end to end, which opening it does not: Lucene checks whole-file checksums only when it
 * merges or in {@link CheckIndex}, so a damaged file can be searched without notice. This runs Lucene's
 * {@code CheckIndex} (every file's checksum, every segment's structures), then clir's own invariants: the commit
 * carries clir's metadata, every segment's vectors have the recorded dimension and similarity, every document has
 * its passages (one block: passages, then the document) and each passage its vector, each id is live once, and,
 * when a model is given, the index was built with it.
 *
 * <p>It takes the index's write lock, as {@code CheckIndex} does, so it cannot run while a writer is open.
 */
public final class IndexChecker {
  private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");

  private IndexChecker() {}

  /**
   * One thing wrong.
   *
   * @param file the damaged file (or a segment's files), {@code null} when no single file is to blame
   * @param what what is wrong
   */
  public record Problem(String file, String what) {
    @Override
    public String toString() {
      return file == null ? what : file + ": " + what;
    }
  }

  /**
   * What the check found.
   *
   * @param index the index checked (a path, or a directory's description)
   * @param metadata clir's recorded settings, {@code null} when unreadable
   * @param documents live documents
   * @param passages live passages
   * @param segments segments of the last commit
   * @param problems empty when the index is sound
   * @param luceneLog what Lucene's CheckIndex printed, for a bug report
   */
  public record Report(String index, IndexMetadata metadata, long documents, long passages, int segments,
      List<Problem> problems, String luceneLog) {
    public boolean clean() {
      return problems.isEmpty();
    }

    /** The damaged files named by the problems, in order. */
    public List<String> damagedFiles() {
      Set<String> files = new LinkedHashSet<>();
      problems.forEach(p -> {
        if (p.file() != null) {
          files.add(p.file());
        }
      });
      return List.copyOf(files);
    }
  }

  /**
   * Checks the index at {@code path}.
   *
   * @param model the model the index should have been built with, or {@code null} to skip that check
   * @throws IndexLockedException when a writer has the index open
   * @throws ClirIndexException when there is no index at {@code path}
   */
  public static Report check(Path path, ModelInfo model) {
    if (!Files.isDirectory(path)) {
      throw new ClirIndexException("no index at " + path + " (not a directory)");
    }
    try (Directory dir = FSDirectory.open(path)) {
      return check(dir, path.toString(), model);
    } catch (IOException e) {
      throw IndexOpener.explain(path, e);
    }
  }

  /** Checks the index in {@code dir}, called {@code name} in the report. */
  public static Report check(Directory dir, String name, ModelInfo model) {
    List<Problem> problems = new ArrayList<>();
    SegmentInfos commit;
    try {
      commit = SegmentInfos.readLatestCommit(dir);
    } catch (IndexNotFoundException e) {
      if (WriterHolder.folder(dir).filter(IndexOpener::hasSegmentFiles).isPresent()) {
        problems.add(new Problem("segments_N", IndexOpener.lostCommitPoint(Path.of(name))));
        return new Report(name, null, 0, 0, 0, problems, "");
      }
      throw new ClirIndexException("no index at " + name + " (no segments_N file)", e);
    } catch (IOException | RuntimeException e) {
      String commitFile = null;
      try {
        commitFile = SegmentInfos.getLastCommitSegmentsFileName(dir);
      } catch (IOException | RuntimeException unlisted) {
        // the directory cannot be listed: the problem below says why
      }
      String file = fileIn(e, commitFile);
      problems.add(new Problem(file, "the commit point cannot be read: " + describe(e)));
      if (commitFile != null && !commitFile.equals(file)) {
        // either file may be the damaged one: the commit point names files that do not match it
        problems.add(new Problem(commitFile, "the commit point does not match " + file + " (one of them is damaged "
            + "or comes from another index)"));
      }
      return new Report(name, null, 0, 0, 0, problems, "");
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (CheckIndex lucene = new CheckIndex(dir)) {
      lucene.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
      lucene.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
      CheckIndex.Status status = lucene.checkIndex();
      luceneProblems(status, commit, problems);
    } catch (IOException e) {
      if (e instanceof org.apache.lucene.store.LockObtainFailedException) {
        throw IndexOpener.explain(Path.of(name), e);
      }
      problems.add(new Problem(fileIn(e, commit.getSegmentsFileName()), "Lucene's CheckIndex failed: " + describe(e)));
    } catch (RuntimeException e) {
      problems.add(new Problem(fileIn(e, commit.getSegmentsFileName()), "Lucene's CheckIndex failed: " + describe(e)));
    }
    String luceneLog = log.toString(StandardCharsets.UTF_8);
    IndexMetadata metadata = null;
    try {
      metadata = IndexMetadata.fromUserData(commit.getUserData());
    } catch (ClirIndexException e) {
      problems.add(new Problem(commit.getSegmentsFileName(), e.getMessage()));
    }
    if (metadata != null) {
      if (!FINGERPRINT.matcher(metadata.modelFingerprint()).matches()) {
        problems.add(new Problem(commit.getSegmentsFileName(), "the recorded model fingerprint '"
            + metadata.modelFingerprint() + "' is not a sha256: digest"));
      }
      if (model != null) {
        List<String> diffs = metadata.differences(model);
        if (!diffs.isEmpty()) {
          problems.add(new Problem(null, "built with model " + metadata.modelId() + ", not with " + model.id() + ": "
              + String.join("; ", diffs)));
        }
      }
    }
    if (!problems.isEmpty()) {
      // Reading the segments of a damaged index would only repeat the damage as other errors.
      return new Report(name, metadata, 0, 0, commit.size(), List.copyOf(problems), luceneLog);
    }
    long[] counts = new long[2];
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      Map<String, String> liveIds = new HashMap<>();
      for (LeafReaderContext leaf : reader.leaves()) {
        checkSegment(leaf.reader(), metadata, liveIds, counts, problems);
      }
    } catch (IOException | RuntimeException e) {
      problems.add(new Problem(fileIn(e, null), "the index cannot be read: " + describe(e)));
    }
    return new Report(name, metadata, counts[0], counts[1], commit.size(), List.copyOf(problems), luceneLog);
  }

  private static void luceneProblems(CheckIndex.Status status, SegmentInfos commit, List<Problem> problems) {
    if (status.clean) {
      return;
    }
    if (status.missingSegments) {
      problems.add(new Problem(commit.getSegmentsFileName(), "a file this commit needs is missing"));
    }
    for (CheckIndex.Status.SegmentInfoStatus segment : status.segmentInfos) {
      if (segment.error != null) {
        String fallback = segmentFiles(commit, segment.name);
        problems.add(new Problem(fileIn(segment.error, fallback), "segment " + segment.name + " is damaged: "
            + describe(segment.error)));
      }
    }
    if (problems.isEmpty()) {
      problems.add(new Problem(commit.getSegmentsFileName(), "Lucene's CheckIndex reports the index unclean"));
    }
  }

  private static void checkSegment(LeafReader leaf, IndexMetadata metadata, Map<String, String> liveIds,
      long[] counts, List<Problem> problems) throws IOException {
    String segment = leaf instanceof SegmentReader sr ? sr.getSegmentName() : leaf.toString();
    String files = leaf instanceof SegmentReader sr ? String.join(", ", sr.getSegmentInfo().files()) : segment;
    FieldInfo vectorField = leaf.getFieldInfos().fieldInfo(IndexFields.VECTOR);
    if (vectorField != null && (vectorField.getVectorDimension() != metadata.dimension()
        || vectorField.getVectorSimilarityFunction() != metadata.similarity())) {
      problems.add(new Problem(files, "segment " + segment + " holds " + vectorField.getVectorDimension() + "-dimensional "
          + vectorField.getVectorSimilarityFunction() + " vectors; the index records " + metadata.dimension() + "-dimensional "
          + metadata.similarity()));
      return;
    }
    FixedBitSet parents = kind(leaf, IndexFields.KIND_DOC);
    FixedBitSet passages = kind(leaf, IndexFields.KIND_PASSAGE);
    FixedBitSet withVector = new FixedBitSet(leaf.maxDoc());
    FloatVectorValues vectors = leaf.getFloatVectorValues(IndexFields.VECTOR);
    if (vectors != null) {
      KnnVectorValues.DocIndexIterator it = vectors.iterator();
      for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
        withVector.set(d);
      }
    }
    Bits live = leaf.getLiveDocs();
    StoredFields stored = leaf.storedFields();
    int blockPassages = 0;
    for (int d = 0; d < leaf.maxDoc(); d++) {
      boolean isLive = live == null || live.get(d);
      if (passages.get(d)) {
        if (!withVector.get(d)) {
          problems.add(new Problem(files, "segment " + segment + ": passage " + d + " has no vector"));
        }
        if (isLive) {
          blockPassages++;
          counts[1]++;
        }
      } else if (parents.get(d)) {
        if (!isLive) {
          blockPassages = 0;
          continue;
        }
        String id = stored.document(d, Set.of(IndexFields.ID)).get(IndexFields.ID);
        if (id == null) {
          problems.add(new Problem(files, "segment " + segment + ": document " + d + " has no id"));
        } else {
          String before = liveIds.put(id, segment);
          if (before != null) {
            problems.add(new Problem(files, "document '" + id + "' is in the index twice (segments " + before
                + " and " + segment + ")"));
          }
        }
        if (blockPassages == 0) {
          problems.add(new Problem(files, "document '" + id + "' has no passages"));
        }
        counts[0]++;
        blockPassages = 0;
      } else if (isLive) {
        problems.add(new Problem(files, "segment " + segment + ": Lucene document " + d
            + " is neither a clir document nor a passage (was something else written into this index?)"));
      }
    }
    if (blockPassages > 0) {
      problems.add(new Problem(files, "segment " + segment + " ends with " + blockPassages
          + " passages that belong to no document"));
    }
  }

  private static FixedBitSet kind(LeafReader leaf, String kind) throws IOException {
    FixedBitSet bits = new FixedBitSet(leaf.maxDoc());
    var postings = leaf.postings(new Term(IndexFields.KIND, kind));
    if (postings != null) {
      for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
        bits.set(d);
      }
    }
    return bits;
  }

  private static String segmentFiles(SegmentInfos commit, String segment) {
    for (var info : commit) {
      if (info.info.name.equals(segment)) {
        try {
          return String.join(", ", info.files());
        } catch (IOException e) {
          return segment;
        }
      }
    }
    return segment;
  }

  /** The damaged file named by {@code t}, else {@code fallback}. */
  private static String fileIn(Throwable t, String fallback) {
    String file = IndexOpener.damagedFile(t);
    return file != null ? file : fallback;
  }

  /** The most specific message in {@code t}'s chain (CheckIndex wraps the real cause in generic ones). */
  static String describe(Throwable t) {
    Throwable deepest = t;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        deepest = c;
      }
    }
    String m = deepest.getMessage();
    return deepest.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
