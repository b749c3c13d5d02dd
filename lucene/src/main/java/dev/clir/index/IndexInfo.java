package dev.clir.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * What {@code clir-index info} shows about an index, read from its last commit without a model and without
 * taking the write lock (so it works while a writer runs).
 *
 * @param path the index directory
 * @param metadata clir's recorded settings
 * @param stats documents, passages, segments, size
 * @param commitData the full commit user data, clir's keys and extra ones
 * @param createdVersionMajor Lucene major version that created the index
 * @param commitLuceneVersion Lucene version of the last commit
 */
public record IndexInfo(Path path, IndexMetadata metadata, IndexStats stats, Map<String, String> commitData,
    int createdVersionMajor, String commitLuceneVersion) {

  /**
   * @throws ClirIndexException when there is no index or it is not a clir index
   */
  public static IndexInfo read(Path path) {
    if (!Files.isDirectory(path)) {
      throw new ClirIndexException("no index at " + path + " (not a directory)");
    }
    try (Directory dir = FSDirectory.open(path)) {
      SegmentInfos commit = IndexOpener.latestCommit(path, dir);
      IndexMetadata metadata = IndexMetadata.fromUserData(commit.getUserData());
      try (DirectoryReader reader = IndexOpener.openReader(path, dir)) {
        IndexStats stats = IndexStats.compute(new IndexSearcher(reader), dir);
        return new IndexInfo(path, metadata, stats, Map.copyOf(commit.getUserData()),
            commit.getIndexCreatedVersionMajor(), String.valueOf(commit.getCommitLuceneVersion()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read index " + path, e);
    }
  }
}
