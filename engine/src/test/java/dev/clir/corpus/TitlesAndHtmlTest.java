package dev.clir.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TitlesAndHtmlTest {

  @Test
  void markdownTitleIsTheFirstLevelOneHeadingOutsideCodeFences() {
    List<String> lines = List.of(
        "---", "title: front matter", "---", "Some intro", "```sh", "# a shell comment", "```", "## Second level",
        "#NoSpace", "  # Real title ##  ", "# Later");

    assertThat(PlainTextTitles.markdown(lines)).isEqualTo("Real title");
  }

  @Test
  void markdownWithoutHeadingFallsBackToTheFirstLineAfterFrontMatter() {
    assertThat(PlainTextTitles.markdown(List.of("---", "a: b", "---", "", "Setext Title", "===", "body")))
        .isEqualTo("Setext Title");
    assertThat(PlainTextTitles.markdown(List.of("## Only a subheading", "x"))).isEqualTo("Only a subheading");
    assertThat(PlainTextTitles.markdown(List.of())).isEmpty();
  }

  @Test
  void textTitleIsTheFirstNonEmptyLine() {
    assertThat(PlainTextTitles.text(List.of("", "   ", "\tHello world ", "next"))).isEqualTo("Hello world");
    assertThat(PlainTextTitles.text(List.of("", " "))).isEmpty();
  }

  @Test
  void htmlTitleFallsBackToH1ThenEmpty() {
    assertThat(HtmlText.extract("<title> </title><h1>Big <i>One</i></h1><h1>Two</h1>").title()).isEqualTo("Big One");
    assertThat(HtmlText.extract("<p>no title</p>").title()).isEmpty();
    assertThat(HtmlText.extract("<p>no lang</p>").lang()).isNull();
  }

  @Test
  void htmlTablesAndNestedBlocksBecomeSeparateParagraphs() {
    HtmlText.Extracted e = HtmlText.extract("""
        <table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>
        <blockquote><p>quoted</p></blockquote><p></p><p>   </p><span>inline</span> tail""");

    assertThat(e.text()).isEqualTo("Name\n\nValue\n\na\n\n1\n\nquoted\n\ninline tail");
  }
}
