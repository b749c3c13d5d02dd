package dev.clir.corpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: write inputs, read a source to the end. */
final class Sources {

  private Sources() {}

  static Path write(Path file, String content) throws IOException {
    return write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, content);
  }

  /** UTF-8 text with one invalid byte (0xE9, Latin-1 "é") where {@code @} stands. */
  static byte[] withLatin1Byte(String textWithAt) {
    byte[] utf8 = textWithAt.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '@') {
        utf8[i] = (byte) 0xE9;
      }
    }
    return utf8;
  }

  static List<SourceRecord> readAll(DocumentSource source) {
    try (source) {
      List<SourceRecord> all = new ArrayList<>();
      source.forEach(all::add);
      return all;
    }
  }

  static List<SourceRecord> readAll(Path path, FieldMapping fields) {
    return readAll(DocumentSources.open(path, fields, null));
  }

  static List<SourceRecord> readString(String content, Format format) {
    return readAll(DocumentSources.open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        Origin.STDIN, FieldMapping.DEFAULT, format));
  }

  static SourceDocument doc(SourceRecord r) {
    return ((SourceRecord.Parsed) r).document();
  }

  static SourceRecord.Failed failed(SourceRecord r) {
    return (SourceRecord.Failed) r;
  }
}
