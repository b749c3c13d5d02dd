package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.doc;
import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.index.IndexInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad records and bad files: exit 3 with file:line and nothing past the last commit, or skipped and listed. */
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static String docs(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> doc("d" + i, "Short help article number " + i + " about the app."))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void malformedJsonLineStopsTheRunAndKeepsOnlyWhatWasCommitted() {
    Path idx = tmp.resolve("idx");
    Path input = write(tmp.resolve("kb.jsonl"), docs(1, 5) + "{\"id\": \"d6\", \"text\": \"unterminated\n" + docs(7, 8));
    CliRun.Result r = index(idx, input, "--commit-every", "2").expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains("clir-index: error: " + input + ":6: malformed JSON");
    assertThat(r.out()).isEmpty();

    // commits after d2 and d4; d5 was read but not committed, and nothing after line 6 was looked at
    assertThat(IndexInfo.read(idx).stats().documents()).isEqualTo(4);
    assertThat(IndexContents.read(idx)).containsOnlyKeys("d1", "d2", "d3", "d4");

    // fixed, the run picks up where it stopped
    write(input, docs(1, 8));
    CliRun.Result again = index("--index", idx.toString(), "--input", input.toString()).expectExit(ExitCodes.OK);
    assertThat(again.out()).contains("added 4, updated 0, unchanged 4");
    assertThat(IndexContents.read(idx)).hasSize(8);
  }

  @Test
  void recordWithoutIdOrTextFailsWithItsLine() {
    Path noId = write(tmp.resolve("noid.jsonl"), docs(1, 2) + "{\"title\": \"No id\", \"text\": \"Some text.\"}\n");
    CliRun.Result r = index(tmp.resolve("a"), noId).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(noId + ":3: missing id field 'id'");
    assertThat(IndexContents.read(tmp.resolve("a"))).isEmpty();

    Path noText = write(tmp.resolve("notext.jsonl"), "{\"id\": \"x1\", \"title\": \"No text\", \"body\": \"Text under another name.\"}\n");
    r = index(tmp.resolve("b"), noText).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(noText + ":1: missing text field 'text' (document 'x1')");

    // the CSV header is checked before anything is loaded
    Path csv = write(tmp.resolve("kb.csv"), "id,title,body\nc1,Title,Text\n");
    r = index(tmp.resolve("c"), csv).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(csv + ":1: missing text field: the header has no column 'text' (columns: id, title, body)");
    assertThat(tmp.resolve("c")).doesNotExist();
  }

  @Test
  void invalidUtf8IsReportedWithLineAndByte() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(docs(1, 1).getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"id\": \"latin1\", \"text\": \"caf".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xE9); // é in ISO-8859-1
    bytes.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    Path input = write(tmp.resolve("latin1.jsonl"), bytes.toByteArray());

    CliRun.Result r = index(tmp.resolve("idx"), input).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(input + ":2: invalid UTF-8 (byte 0xE9 at byte 30 of the line)");
    assertThat(IndexContents.read(tmp.resolve("idx"))).isEmpty();
  }

  @Test
  void missingInputFailsBeforeAnythingIsWritten() throws Exception {
    Path idx = tmp.resolve("idx");
    CliRun.Result r = index(idx, tmp.resolve("typo.jsonl")).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(tmp.resolve("typo.jsonl") + ": no such file or directory");
    assertThat(idx).doesNotExist();

    Path dir = Files.createDirectories(tmp.resolve("folder"));
    r = index(idx, dir, "--format", "jsonl").expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(dir + ": is a directory, not a JSONL file");
    assertThat(idx).doesNotExist();
  }

  @Test
  void unreadableInputFailsBeforeAnythingIsWritten() throws Exception {
    Path idx = tmp.resolve("idx");
    Path secret = write(tmp.resolve("secret.jsonl"), Inputs.THREE_DOCS);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    assumeTrue(!Files.isReadable(secret), "running as root: file permissions are not enforced");
    CliRun.Result r = index(idx, secret).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(secret + ": cannot open: permission denied");
    assertThat(idx).doesNotExist();
  }

  @Test
  void onErrorSkipGoesOnAndListsTheSkippedRecords() throws Exception {
    Path input = write(tmp.resolve("kb.jsonl"), docs(1, 2)
        + "not json at all\n"
        + docs(3, 3)
        + "{\"id\": \"no-text\"}\n"
        + "[1, 2]\n"
        + docs(4, 4));
    CliRun.Result r = index(tmp.resolve("idx"), input, "--on-error", "skip").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("added 4, updated 0, unchanged 0, deleted 0, failed 3,")
        .contains("skipped records:")
        .contains("  " + input + ":3: malformed JSON")
        .contains("  " + input + ":5: missing text field 'text' (document 'no-text')")
        .contains("  " + input + ":6: expected a JSON object, got an array");
    assertThat(r.err()).contains("warning: skipped " + input + ":3: malformed JSON");
    assertThat(IndexContents.read(tmp.resolve("idx"))).containsOnlyKeys("d1", "d2", "d3", "d4");

    JsonNode s = JSON.readTree(index(tmp.resolve("idx2"), input, "--on-error", "SKIP", "--json", "--quiet")
        .expectExit(ExitCodes.OK).out());
    assertThat(s.get("failed").asLong()).isEqualTo(3);
    assertThat(s.get("failures")).hasSize(3);
    assertThat(s.get("failures").get(0).asText()).startsWith(input + ":3: malformed JSON");
  }

  @Test
  void duplicateIdsLastOneWinsWithAWarning() {
    Path input = write(tmp.resolve("kb.jsonl"), doc("dup", "The first version of the article.") + "\n"
        + doc("other", "Another article.") + "\n"
        + doc("dup", "The second version of the article.") + "\n");
    CliRun.Result r = index(tmp.resolve("idx"), input).expectExit(ExitCodes.OK);
    assertThat(r.err()).contains("warning: " + input + ":3: id 'dup' already appeared at " + input + ":1; the last one wins");
    assertThat(r.out()).contains("duplicate ids 1").contains("2 documents, 2 passages");
    assertThat(IndexContents.read(tmp.resolve("idx")).get("dup").text()).isEqualTo("The second version of the article.");
  }

  @Test
  void emptyDocumentIsSkippedWithAWarning() {
    Path input = write(tmp.resolve("kb.jsonl"), docs(1, 1) + "{\"id\": \"blank\", \"title\": \"Only a title\", \"text\": \" \\n\\t \"}\n");
    CliRun.Result r = index(tmp.resolve("idx"), input).expectExit(ExitCodes.OK);
    assertThat(r.err()).contains("warning: " + input + ":2: document 'blank' has no text; skipped");
    assertThat(r.out()).contains("added 1,").contains("empty 1,");
    assertThat(IndexContents.read(tmp.resolve("idx"))).containsOnlyKeys("d1");

    CliRun.Result quiet = index(tmp.resolve("idx"), input, "--quiet").expectExit(ExitCodes.OK);
    assertThat(quiet.err()).doesNotContain("warning");
  }

  @Test
  void hugeDocumentIsChunkedIntoPassagesNoneTruncated() throws Exception {
    // about 1,300 model tokens: more than two 508-token passages
    String sentence = "Step %d: open the settings of the Home Hub, select Network, and check that the hub still sees your Wi-Fi router. ";
    String text = IntStream.rangeClosed(1, 48).mapToObj(sentence::formatted).collect(Collectors.joining());
    Path input = write(tmp.resolve("kb.jsonl"), "{\"id\": \"huge\", \"title\": \"A very long guide\", \"text\": \"" + text + "\"}\n");
    JsonNode s = JSON.readTree(index(tmp.resolve("idx"), input, "--json").expectExit(ExitCodes.OK).out());
    assertThat(s.get("passagesEmbedded").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(s.get("truncatedPassages").asLong()).isZero();
    IndexContents.Doc huge = IndexContents.read(tmp.resolve("idx")).get("huge");
    assertThat(huge.passages()).isEqualTo(s.get("passagesEmbedded").asInt());
    assertThat(huge.text()).isEqualTo(text);
  }
}
