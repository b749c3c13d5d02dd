package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.model;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.index.IndexContents.Doc;
import dev.clir.cli.testing.CliRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clir-index reads every input format it documents: JSON Lines, a directory tree, CSV, TSV and standard input. */
class IndexInputFormatsTest {
  @TempDir Path tmp;

  @Test
  void jsonLinesFile() {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    CliRun.Result r = index(tmp.resolve("idx"), input).expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("added 3, updated 0, unchanged 0, deleted 0, failed 0, empty 0, duplicate ids 0")
        .contains("3 documents, 3 passages");

    Map<String, Doc> docs = IndexContents.read(tmp.resolve("idx"));
    assertThat(docs).containsOnlyKeys("d1", "d2", "d3");
    Doc d1 = docs.get("d1");
    assertThat(d1.title()).isEqualTo("Reset your password");
    assertThat(d1.text()).startsWith("Choose Forgot password");
    assertThat(d1.url()).isEqualTo("https://help.example/d1");
    assertThat(d1.lang()).isEqualTo("en");
    assertThat(d1.meta()).containsExactlyEntriesOf(Map.of("category", "account"));
    assertThat(docs.get("d2").lang()).isNull();
    assertThat(docs.get("d3").meta()).containsEntry("category", "devices");
  }

  @Test
  void directoryTreeOfTextMarkdownAndHtml() {
    Path root = tmp.resolve("docs");
    write(root.resolve("printer.txt"), "Printer is offline\n\nRestart the printer and check that it is on the same Wi-Fi network.\n");
    write(root.resolve("guides/vpn.md"), "---\nauthor: ops\n---\n# Set up the VPN\n\nInstall the client and *sign in* with your work account.\n");
    write(root.resolve("guides/battery.HTML"), "<html lang=\"en\"><head><title>Battery life</title></head>"
        + "<body><h1>Battery life</h1><p>Lower the screen brightness to make the battery last longer.</p>"
        + "<script>var ignored = 1;</script></body></html>");
    write(root.resolve(".drafts/secret.txt"), "not published");
    write(root.resolve(".hidden.md"), "# Hidden");
    write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    write(root.resolve("notes.pdf"), "%PDF-1.4");

    CliRun.Result r = index(tmp.resolve("idx"), root).expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("added 3,");

    Map<String, Doc> docs = IndexContents.read(tmp.resolve("idx"));
    assertThat(docs).containsOnlyKeys("printer.txt", "guides/vpn.md", "guides/battery.HTML");
    assertThat(docs.get("printer.txt").title()).isEqualTo("Printer is offline");
    assertThat(docs.get("guides/vpn.md").title()).isEqualTo("Set up the VPN");
    assertThat(docs.get("guides/vpn.md").text()).contains("*sign in*");
    Doc html = docs.get("guides/battery.HTML");
    assertThat(html.title()).isEqualTo("Battery life");
    assertThat(html.lang()).isEqualTo("en");
    assertThat(html.text()).contains("Lower the screen brightness").doesNotContain("<p>").doesNotContain("ignored");
  }

  @Test
  void csvWithHeaderAndFieldMapping() {
    Path input = write(tmp.resolve("kb.csv"), """
        doc_id,headline,body,category,product
        c1,"Refunds, returns and exchanges","You can return an item within 30 days.
        Refunds reach your card within five days.",billing,store
        c2,Slow Wi-Fi,"Move closer to the router, or use the 5 GHz band.",devices,
        """);
    CliRun.Result r = index(tmp.resolve("idx"), input, "--fields", "id=doc_id,title=headline,text=body").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("added 2,");

    Map<String, Doc> docs = IndexContents.read(tmp.resolve("idx"));
    assertThat(docs).containsOnlyKeys("c1", "c2");
    assertThat(docs.get("c1").title()).isEqualTo("Refunds, returns and exchanges");
    assertThat(docs.get("c1").text()).isEqualTo("You can return an item within 30 days.\nRefunds reach your card within five days.");
    // every unmapped column is metadata; empty cells are left out
    assertThat(docs.get("c1").meta()).containsExactlyInAnyOrderEntriesOf(Map.of("category", "billing", "product", "store"));
    assertThat(docs.get("c2").meta()).containsExactlyEntriesOf(Map.of("category", "devices"));
  }

  @Test
  void tsvWithHeaderAndFieldMapping() {
    Path input = write(tmp.resolve("kb.tsv"), "key\tname\tcontent\tlanguage\tproduct\n"
        + "t1\tPair your watch\tOpen the app, choose Add device and hold the watch near the phone.\ten\tband\n"
        + "t2\t\"Quoted\" title\tTSV has no quoting, so \"quotes\" are text.\t\tcam\n");
    CliRun.Result r = index(tmp.resolve("idx"), input, "--fields", "id=key,title=name,text=content,lang=language")
        .expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("added 2,");

    Map<String, Doc> docs = IndexContents.read(tmp.resolve("idx"));
    assertThat(docs).containsOnlyKeys("t1", "t2");
    assertThat(docs.get("t1").lang()).isEqualTo("en");
    assertThat(docs.get("t1").meta()).containsExactlyEntriesOf(Map.of("product", "band"));
    assertThat(docs.get("t2").title()).isEqualTo("\"Quoted\" title");
    assertThat(docs.get("t2").text()).isEqualTo("TSV has no quoting, so \"quotes\" are text.");
    assertThat(docs.get("t2").lang()).isNull();
  }

  @Test
  void jsonLinesOnStandardInput() {
    CliRun.Result r = CliRun.withInput(Inputs.THREE_DOCS, new IndexCommand(),
        "--index", tmp.resolve("idx").toString(), "--model", model(), "--input", "-", "--json").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("\"added\" : 3");
    assertThat(IndexContents.read(tmp.resolve("idx"))).containsOnlyKeys("d1", "d2", "d3");
  }

  @Test
  void fileWithoutAKnownExtensionNeedsFormat() {
    Path input = write(tmp.resolve("kb.txt"), Inputs.THREE_DOCS);
    CliRun.Result r = index(tmp.resolve("idx"), input).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains("kb.txt").contains("cannot tell the input format");

    index(tmp.resolve("idx"), input, "--format", "jsonl").expectExit(ExitCodes.OK);
    assertThat(IndexContents.read(tmp.resolve("idx"))).hasSize(3);
  }
}
