package dev.clir.corpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A directory tree of {@code .txt}, {@code .md}, {@code .html} and {@code .htm} files (extensions in any case),
 * one document per file, in sorted order of the relative path. Files and directories whose names start with
 * {@code .} are skipped, as are other extensions. The id is the path relative to the root with {@code /}
 * separators; the title comes from the content ({@link PlainTextTitles}, {@link HtmlText}); the text is the whole
 * file with line endings normalised to {@code \n} (Markdown is kept as written), or the visible text for HTML,
 * whose {@code <html lang>} also gives the language.
 */
final class DirectorySource extends AbstractDocumentSource {

  private enum Kind { TXT, MD, HTML }

  /** A file to read, or a path that could not be listed ({@code problem} set). */
  private record Entry(String id, Path path, Kind kind, String problem) {}

  private final Iterator<Entry> entries;

  /** Lists the tree; files are read one at a time as the iteration reaches them. */
  DirectorySource(Path root) {
    super(root.toString());
    List<Entry> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Kind kind = kind(file);
          if (kind != null && !hidden(file) && Files.isRegularFile(file)) {
            found.add(new Entry(id(root, file), file, kind, null));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (!hidden(file)) {
            found.add(new Entry(id(root, file), file, null, "cannot read: " + describe(e)));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new InputFormatException(Origin.file(root.toString()), "cannot list the directory: " + describe(e), e);
    }
    found.sort(Comparator.comparing(Entry::id));
    this.entries = found.iterator();
  }

  @Override
  SourceRecord readNext() {
    if (!entries.hasNext()) {
      return null;
    }
    Entry entry = entries.next();
    Origin origin = Origin.file(entry.path().toString());
    if (entry.problem() != null) {
      return new SourceRecord.Failed(origin, entry.problem());
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(entry.path());
    } catch (IOException e) {
      return new SourceRecord.Failed(origin, "cannot read: " + describe(e));
    }
    List<String> lines = new ArrayList<>();
    try (Utf8Lines reader = new Utf8Lines(new ByteArrayInputStream(bytes))) {
      for (Utf8Lines.Line line = reader.next(); line != null; line = reader.next()) {
        if (line.isMalformed()) {
          return new SourceRecord.Failed(new Origin(entry.path().toString(), line.number()), line.malformed());
        }
        lines.add(line.text());
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
    String text = String.join("\n", lines);
    SourceDocument doc = switch (entry.kind()) {
      case TXT -> new SourceDocument(entry.id(), PlainTextTitles.text(lines), text, null, null, Map.of());
      case MD -> new SourceDocument(entry.id(), PlainTextTitles.markdown(lines), text, null, null, Map.of());
      case HTML -> {
        HtmlText.Extracted html = HtmlText.extract(text);
        yield new SourceDocument(entry.id(), html.title(), html.text(), null, html.lang(), Map.of());
      }
    };
    return new SourceRecord.Parsed(doc, origin);
  }

  private static Kind kind(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".txt")) {
      return Kind.TXT;
    }
    if (name.endsWith(".md")) {
      return Kind.MD;
    }
    if (name.endsWith(".html") || name.endsWith(".htm")) {
      return Kind.HTML;
    }
    return null;
  }

  private static boolean hidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static String id(Path root, Path file) {
    Path rel = root.relativize(file);
    List<String> parts = new ArrayList<>();
    for (Path part : rel) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  /** A short reason for an I/O failure, without the path the origin already gives. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    // files are opened and closed one at a time in readNext
  }
}
