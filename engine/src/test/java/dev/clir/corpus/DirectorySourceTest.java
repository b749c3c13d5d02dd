package dev.clir.corpus;

import static dev.clir.corpus.Sources.doc;
import static dev.clir.corpus.Sources.failed;
import static dev.clir.corpus.Sources.readAll;
import static dev.clir.corpus.Sources.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {

  @TempDir Path root;

  @Test
  void readsSupportedFilesInSortedPathOrderWithRelativeIds() throws IOException {
    write(root.resolve("b/z.txt"), "\n\n  First line is the title  \nbody\r\nmore\n");
    write(root.resolve("a.md"), "Intro line\n\n# The Heading #\n\nText.\n");
    write(root.resolve("b/page.HTML"), "<html><head><title>Page</title></head><body><p>Hi</p></body></html>");
    write(root.resolve("b/old.htm"), "<h1>Only H1</h1><p>x</p>");
    write(root.resolve(".git/config.txt"), "hidden directory");
    write(root.resolve(".draft.md"), "# hidden file");
    write(root.resolve("notes.pdf"), "not a supported extension");
    write(root.resolve("README"), "no extension");

    List<SourceRecord> records = readAll(root, FieldMapping.DEFAULT);

    assertThat(records).extracting(r -> doc(r).id()).containsExactly("a.md", "b/old.htm", "b/page.HTML", "b/z.txt");
    assertThat(records).extracting(r -> doc(r).title())
        .containsExactly("The Heading", "Only H1", "Page", "First line is the title");
    assertThat(records).extracting(SourceRecord::origin).containsExactly(
        Origin.file(root.resolve("a.md").toString()), Origin.file(root.resolve("b/old.htm").toString()),
        Origin.file(root.resolve("b/page.HTML").toString()), Origin.file(root.resolve("b/z.txt").toString()));
    // whole file as text, CRLF normalised
    assertThat(doc(records.get(3)).text()).isEqualTo("\n\n  First line is the title  \nbody\nmore");
    assertThat(doc(records.get(0)).text()).isEqualTo("Intro line\n\n# The Heading #\n\nText.");
    assertThat(doc(records.get(2))).isEqualTo(new SourceDocument("b/page.HTML", "Page", "Hi", null, null, Map.of()));
  }

  @Test
  void htmlIsReducedToTextWithParagraphBreaksAndItsLanguage() throws IOException {
    write(root.resolve("p.html"), """
        <!DOCTYPE html>
        <html lang="pt-BR"><head><title>  Um   título </title><style>p{color:red}</style>
        <script>var x = "not text";</script></head>
        <body>
          <nav>Menu</nav>
          <h1>Cabeçalho</h1>
          <p>Primeiro   parágrafo
             com <b>negrito</b> e&nbsp;espaço.</p>
          <div><p>Dentro de div</p>Texto solto<br>depois da quebra</div>
          <ul><li>um</li><li>dois</li></ul>
          <pre>linha 1
          linha 2</pre>
          <script>ignored()</script>
        </body></html>
        """);

    SourceDocument d = doc(readAll(root, FieldMapping.DEFAULT).getFirst());

    assertThat(d.title()).isEqualTo("Um título");
    assertThat(d.lang()).isEqualTo("pt-BR");
    assertThat(d.text()).isEqualTo("""
        Menu

        Cabeçalho

        Primeiro parágrafo com negrito e espaço.

        Dentro de div

        Texto solto
        depois da quebra

        um

        dois

        linha 1
          linha 2""");
  }

  @Test
  void invalidUtf8FailsThatFileAtItsLineOnly() throws IOException {
    write(root.resolve("a.txt"), "fine");
    Path bad = write(root.resolve("b.txt"), Sources.withLatin1Byte("title\nline two\ncaf@\n"));
    write(root.resolve("c.txt"), "also fine");

    List<SourceRecord> records = readAll(root, FieldMapping.DEFAULT);

    assertThat(records).hasSize(3);
    assertThat(failed(records.get(1)).toString())
        .isEqualTo(bad + ":3: invalid UTF-8 (byte 0xE9 at byte 4 of the line)");
    assertThat(doc(records.get(2)).id()).isEqualTo("c.txt");
  }

  @Test
  void emptyFilesAreDocumentsWithEmptyText() throws IOException {
    write(root.resolve("empty.txt"), "");

    SourceRecord.Parsed r = (SourceRecord.Parsed) readAll(root, FieldMapping.DEFAULT).getFirst();

    assertThat(r.document()).isEqualTo(SourceDocument.of("empty.txt", "", ""));
    assertThat(r.hasEmptyText()).isTrue();
  }

  @Test
  void anUnreadableFileIsAFailedRecord() throws IOException {
    Path locked = write(root.resolve("locked.txt"), "secret");
    write(root.resolve("open.txt"), "public");
    boolean changed = locked.toFile().setReadable(false, false);
    assumeTrue(changed && !Files.isReadable(locked), "file permissions are not enforced (running as root)");

    List<SourceRecord> records = readAll(root, FieldMapping.DEFAULT);

    assertThat(failed(records.get(0)).toString()).isEqualTo(locked + ": cannot read: permission denied");
    assertThat(doc(records.get(1)).id()).isEqualTo("open.txt");
  }

  @Test
  void aFileThatVanishesAfterListingIsAFailedRecord() throws IOException {
    Path gone = write(root.resolve("gone.md"), "# soon deleted");
    write(root.resolve("kept.md"), "# kept");
    DocumentSource source = DocumentSources.open(root, FieldMapping.DEFAULT, null);
    Files.delete(gone);

    List<SourceRecord> records = readAll(source);

    assertThat(failed(records.get(0)).toString()).isEqualTo(gone + ": cannot read: no such file or directory");
    assertThat(doc(records.get(1)).title()).isEqualTo("kept");
  }
}
