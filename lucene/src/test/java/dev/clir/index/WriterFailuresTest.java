package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;

/** What a user reads when the disk fails under {@link ClirIndexWriter}: the index and the failure's own words. */
class WriterFailuresTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();

  /** A disk that fills up after {@code files} files. */
  private static Directory diskFullAfter(int files) {
    return new FilterDirectory(new ByteBuffersDirectory()) {
      private int outputs;

      @Override
      public IndexOutput createOutput(String name, IOContext context) throws IOException {
        if (++outputs > files) {
          throw new IOException("No space left on device");
        }
        return super.createOutput(name, context);
      }
    };
  }

  @Test
  void aFullDiskAtCommitIsNamed() {
    // was "cannot commit idx", the reason only in the stack trace, which the command line does not print
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(Path.of("idx")).build(), diskFullAfter(12), MODEL)) {
      writer.addAll(HelpCorpus.DOCS);
      assertThatThrownBy(writer::commit).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot commit idx").hasMessageContaining("No space left on device");
    }
  }

  @Test
  void afterAFailedFlushTheFailureIsNamedNotLucenesUnrecoverableError() {
    // was "this writer hit an unrecoverable error; cannot commit": the full disk that stopped Lucene's writer was
    // not said, nor which index
    IndexConfig config = IndexConfig.builder(Path.of("idx")).ramBufferMb(0.01).build();
    try (ClirIndexWriter writer = ClirIndexWriter.open(config, diskFullAfter(12), MODEL)) {
      assertThatThrownBy(() -> {
        for (var doc : HelpCorpus.DOCS) {
          writer.add(doc); // a tiny RAM buffer: segments are flushed while documents are added
        }
      }).hasMessageContaining("idx").hasMessageContaining("No space left on device");
      assertThatThrownBy(writer::commit).hasMessageContaining("cannot commit idx")
          .hasMessageContaining("No space left on device");
    }
  }
}
