package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.search.ClirSearcher;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IndexChecker} (clir-index check) finds damage that opening an index does not, and names the file; opening
 * a damaged index is refused as damaged (exit 5) with the file named.
 */
class IndexCheckerTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();

  @TempDir Path tmp;

  private Path index() {
    Path path = tmp.resolve("idx");
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).build(), MODEL)) {
      writer.addAll(HelpCorpus.DOCS.subList(0, 6));
      writer.commit();
      writer.addAll(HelpCorpus.DOCS.subList(6, 12));
      writer.commit();
    }
    return path;
  }

  private static Path largest(Path index) throws IOException {
    try (Stream<Path> files = Files.list(index)) {
      return files.filter(f -> f.getFileName().toString().startsWith("_"))
          .max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    }
  }

  @Test
  void aSoundIndexIsCleanWithItsCounts() {
    Path path = index();
    IndexChecker.Report report = IndexChecker.check(path, MODEL.info());

    assertThat(report.problems()).isEmpty();
    assertThat(report.clean()).isTrue();
    assertThat(report.documents()).isEqualTo(12);
    assertThat(report.passages()).isEqualTo(IndexInfo.read(path).stats().passages());
    assertThat(report.segments()).isEqualTo(2);
    assertThat(report.metadata().modelId()).isEqualTo(MODEL.info().id());
  }

  @Test
  void flippedBytesThatSearchingMissesAreFoundAndTheFileNamed() throws IOException {
    Path path = index();
    Path file = largest(path);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A; // inside the data: only a whole-file checksum notices
    bytes[bytes.length / 2 + 1] ^= 0x5A;
    Files.write(file, bytes);

    IndexChecker.Report report = IndexChecker.check(path, null);

    assertThat(report.clean()).isFalse();
    assertThat(report.damagedFiles()).contains(file.getFileName().toString());
    assertThat(report.problems().get(0).what()).contains("checksum");
  }

  @Test
  void aMissingFileIsRefusedAsDamageNamingIt() throws IOException {
    Path path = index();
    Path file = largest(path);
    Files.delete(file);
    String name = file.getFileName().toString();

    // was exit 1 ("cannot open index ...: NoSuchFileException"); now exit 5, the file named, and what to do
    assertThatThrownBy(() -> ClirIndexWriter.open(IndexConfig.builder(path).build(), MODEL))
        .isExactlyInstanceOf(ClirIndexException.class)
        .hasMessageContaining("is damaged (file " + name + ")")
        .hasMessageContaining("clir-index check --index " + path);
    assertThatThrownBy(() -> ClirSearcher.open(path, MODEL, false)).isExactlyInstanceOf(ClirIndexException.class)
        .hasMessageContaining(name);
    assertThat(IndexChecker.check(path, null).damagedFiles()).contains(name);
  }

  @Test
  void aLostCommitPointIsDamageNotANewIndex() throws IOException {
    Path path = index();
    try (Stream<Path> files = Files.list(path)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
        Files.delete(f);
      }
    }

    // was: clir-index created a new empty index here, deleting the old segment files
    assertThatThrownBy(() -> ClirIndexWriter.open(IndexConfig.builder(path).build(), MODEL))
        .isExactlyInstanceOf(ClirIndexException.class).hasMessageContaining("segments_N").hasMessageContaining("--rebuild");
    assertThatThrownBy(() -> ClirSearcher.open(path, MODEL, false)).hasMessageContaining("is damaged");
    assertThat(IndexChecker.check(path, null).damagedFiles()).containsExactly("segments_N");
    try (Stream<Path> files = Files.list(path)) {
      assertThat(files.map(f -> f.getFileName().toString())).anyMatch(f -> f.endsWith(".si"));
    }
  }

  @Test
  void clirsOwnInvariantsAreChecked() throws IOException {
    Path path = index();
    Map<String, String> commitData = IndexInfo.read(path).commitData();
    try (Directory dir = FSDirectory.open(path);
        IndexWriter raw = new IndexWriter(dir, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      Document orphan = new Document(); // a document block without passages
      orphan.add(new StringField(IndexFields.ID, "orphan", Field.Store.YES));
      orphan.add(new StringField(IndexFields.KIND, IndexFields.KIND_DOC, Field.Store.NO));
      raw.addDocument(orphan);
      Document foreign = new Document(); // something another application wrote
      foreign.add(new StringField("other.app.field", "not clir's", Field.Store.YES));
      raw.addDocument(foreign);
      raw.setLiveCommitData(commitData.entrySet());
      raw.commit();
    }

    IndexChecker.Report report = IndexChecker.check(path, null);

    assertThat(report.problems()).extracting(IndexChecker.Problem::what)
        .anySatisfy(w -> assertThat(w).contains("document 'orphan' has no passages"))
        .anySatisfy(w -> assertThat(w).contains("neither a clir document nor a passage"));
    assertThat(report.damagedFiles()).isNotEmpty();
  }

  @Test
  void anotherModelIsReported() {
    Path path = index();
    var other = CachingEmbedder.reportingInfo(info -> new dev.clir.model.ModelInfo("other/model", info.directory(),
        info.onnxFile(), info.tokenizerFile(), "sha256:" + "ab".repeat(32), info.dimension(), info.maxSeqLength(),
        info.queryPrefix(), info.passagePrefix(), info.pooling(), info.normalize()));

    IndexChecker.Report report = IndexChecker.check(path, other.info());

    assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.what())
        .contains("built with model " + MODEL.info().id()).contains("other/model"));
  }

  @Test
  void aCheckWhileAWriterRunsIsRefusedNamingTheWriter() {
    Path path = index();
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).build(), MODEL)) {
      assertThatThrownBy(() -> IndexChecker.check(path, null)).isInstanceOf(IndexLockedException.class)
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
  }
}
