package dev.clir.index;

import dev.clir.model.ModelIdentity;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Version;

/**
 * Opens Lucene indexes and turns Lucene's failures into messages a user can act on: which index, what is wrong,
 * and what to do (wait for the other writer, rebuild an index that is too old, upgrade clir, ...).
 */
public final class IndexOpener {
  /** Lucene's file names: commit points, segment files ({@code _3.cfs}, {@code _3_Lucene99_0.vec}), the lock. */
  private static final Pattern LUCENE_FILE =
      Pattern.compile("(pending_segments_\\w+|segments_\\w+|_[a-z0-9]+(?:_[A-Za-z0-9]+)*\\.[a-z0-9]+|write\\.lock)");

  private IndexOpener() {}

  /** Opens a writer; a second writer on the same index fails with {@link IndexLockedException}. */
  public static IndexWriter openWriter(Path path, Directory dir, IndexWriterConfig config) {
    try {
      return new IndexWriter(dir, config);
    } catch (IOException e) {
      throw explain(path, e);
    }
  }

  /** Opens a reader on the latest commit. */
  public static DirectoryReader openReader(Path path, Directory dir) {
    try {
      return DirectoryReader.open(dir);
    } catch (IOException e) {
      throw explain(path, e);
    }
  }

  /** The latest commit's segment infos (user data, created version), without opening segments. */
  public static SegmentInfos latestCommit(Path path, Directory dir) {
    try {
      return SegmentInfos.readLatestCommit(dir);
    } catch (IOException e) {
      throw explain(path, e);
    }
  }

  /** The latest commit's user data. */
  public static Map<String, String> commitData(Path path, Directory dir) {
    return latestCommit(path, dir).getUserData();
  }

  /**
   * The clir metadata of the latest commit.
   *
   * @throws ClirIndexException naming the index and what is missing when no clir metadata is recorded (an index an
   *     application built with {@link ClirFields} but without {@link ClirFields#commitData})
   */
  public static IndexMetadata metadata(Path path, Directory dir) {
    return metadata(path, commitData(path, dir));
  }

  /** {@link #metadata(Path, Directory)} from commit data already read. */
  public static IndexMetadata metadata(Path path, Map<String, String> commitData) {
    if (!IndexMetadata.isClirIndex(commitData)) {
      throw new ClirIndexException("index " + path + " is not a clir index: its commit user data records no "
          + "embedding model (" + ModelIdentity.KEY_FINGERPRINT + " and the other " + IndexMetadata.KEY_PREFIX
          + "* entries are missing), so nothing says which model made its vectors. An index an application built "
          + "with ClirFields becomes searchable here once its writer records them: "
          + "writer.setLiveCommitData(clirFields.commitData(...).entrySet()), then commit "
          + "(docs/lucene-extension.md).");
    }
    return IndexMetadata.fromUserData(commitData);
  }

  /** Whether {@code dir} holds a committed index. */
  public static boolean exists(Directory dir) {
    try {
      return DirectoryReader.indexExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user-facing explanation of a Lucene failure on the index at {@code path}. */
  public static RuntimeException explain(Path path, IOException e) {
    if (e instanceof LockObtainFailedException) {
      String holder = WriterHolder.describe(path);
      return new IndexLockedException("index " + path + " is locked by another writer: " + (holder != null
          ? holder + " holds " : "another process (e.g. a running clir-index) or another writer "
          + "in this process holds ") + path.resolve("write.lock")
          + ". Lucene allows one writer per index; wait for it to finish or stop it. (The lock is released "
          + "when the holding process exits, so a write.lock file left by a crash does not block.)", e);
    }
    if (e instanceof IndexFormatTooOldException old) {
      return new ClirIndexException("index " + path + " is too old for Lucene " + Version.LATEST + ": "
          + old.getReason() + ". Lucene " + Version.LATEST + " reads indexes whose segments were all written by "
          + "Lucene " + Version.MIN_SUPPORTED_MAJOR + ".0 or later (older formats through lucene-backward-codecs); "
          + "the index's creation version does not matter. Rebuild it from the source documents, or first rewrite "
          + "all its segments with Lucene " + Version.MIN_SUPPORTED_MAJOR + "'s IndexUpgrader.", e);
    }
    if (e instanceof IndexFormatTooNewException newer) {
      return new ClirIndexException("index " + path + " was written by a newer Lucene than this clir's ("
          + Version.LATEST + "): " + newer.getMessage() + ". Upgrade clir to read it.", e);
    }
    if (e instanceof IndexNotFoundException) {
      if (hasSegmentFiles(path)) {
        return new ClirIndexException(lostCommitPoint(path), e);
      }
      return new ClirIndexException("no index at " + path + " (no segments_N file): create it first, e.g. with "
          + "clir-index", e);
    }
    if (isDamage(e)) {
      String file = damagedFile(e);
      return new ClirIndexException("index " + path + " is damaged" + (file == null ? "" : " (file " + file + ")")
          + ": " + e.getMessage() + ". Run clir-index check --index " + path + " for a full report; restore the index "
          + "from a backup or rebuild it from the source documents (clir-index --rebuild).", e);
    }
    return new UncheckedIOException("cannot open index " + path + ": " + e.getMessage(), e);
  }

  /** The message for an index whose segment files are there but whose commit point (segments_N) is not. */
  static String lostCommitPoint(Path path) {
    return "index " + path + " is damaged: its commit point (file segments_N) is missing, though segment files are "
        + "there. Restore the index from a backup, or start it over with clir-index --rebuild (which deletes them).";
  }

  /** Whether {@code path} holds Lucene segment files ({@code _0.si}, ...), i.e. was an index. */
  static boolean hasSegmentFiles(Path path) {
    try (var files = java.nio.file.Files.list(path)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("_[a-z0-9]+\\.si"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The failure of a search: when it is damage (a corrupt, cut-short or missing file, or any file of the commit whose
   * checksum fails, which is verified here, on this error path only), a {@link ClirIndexException} that names the
   * file; else an {@link UncheckedIOException}.
   */
  public static RuntimeException searchFailure(Path path, IndexReader reader, IOException e) {
    String file = damagedFile(e);
    if (file == null && reader instanceof DirectoryReader dr) {
      file = firstFileFailingChecksum(dr.directory());
    }
    if (file != null || isDamage(e)) {
      return new ClirIndexException("index " + path + " is damaged" + (file == null ? "" : " (file " + file + ")")
          + ": " + e.getMessage() + ". Run clir-index check --index " + path + " for a full report; restore the index "
          + "from a backup or rebuild it from the source documents (clir-index --rebuild).", e);
    }
    return new UncheckedIOException("search failed on " + path + ": " + e.getMessage(), e);
  }

  private static String firstFileFailingChecksum(Directory dir) {
    try {
      for (String f : SegmentInfos.readLatestCommit(dir).files(true)) {
        try (IndexInput in = dir.openInput(f, IOContext.READONCE)) {
          CodecUtil.checksumEntireFile(in);
        } catch (IOException | RuntimeException e) {
          return f;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /**
   * Whether {@code e} means the index's files are damaged: corrupt (a checksum, a header or a footer does not match,
   * a file belongs to another index), cut short, or missing although the commit names it.
   */
  public static boolean isDamage(IOException e) {
    return e instanceof CorruptIndexException || e instanceof EOFException || e instanceof NoSuchFileException
        || e instanceof FileNotFoundException;
  }

  /** The first index file named in the messages of {@code t}'s causes, or {@code null}. */
  public static String damagedFile(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        Matcher m = LUCENE_FILE.matcher(c.getMessage());
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }
}
