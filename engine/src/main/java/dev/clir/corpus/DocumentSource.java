package dev.clir.corpus;

import java.io.Closeable;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The records of one knowledge base input, in a deterministic order, read lazily. Single use: {@link #iterator()}
 * may be called once. Records that cannot be read come as {@link SourceRecord.Failed} and iteration goes on;
 * iteration itself throws {@link InputFormatException} only when reading cannot continue (the stream fails, CSV
 * quoting breaks the structure of the rest of the file).
 */
public interface DocumentSource extends Iterable<SourceRecord>, Closeable {

  /** What is being read, for messages: the path as given, or {@code <stdin>}. */
  String name();

  /** The records as a sequential stream; closing the stream closes this source. */
  default Stream<SourceRecord> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  /** Releases the underlying file or stream; never throws. */
  @Override
  void close();
}
