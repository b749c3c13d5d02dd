package dev.clir.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Reduces an HTML page to what a reader sees: its title and its text with paragraph breaks kept as blank lines
 * (passage splitting relies on them). Whitespace inside a paragraph collapses to single spaces, {@code <br>} is a
 * line break, {@code <pre>} keeps its lines, scripts, styles and other non-text elements are dropped.
 */
final class HtmlText {

  /**
   * @param title the {@code <title>}, else the first {@code <h1>}, else empty
   * @param text paragraphs separated by one blank line
   * @param lang the {@code lang} attribute of {@code <html>}, or {@code null}
   */
  record Extracted(String title, String text, String lang) {}

  private static final Set<String> BLOCKS = Set.of(
      "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
      "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
      "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
      "thead", "tr", "ul", "legend");
  private static final Set<String> SKIPPED = Set.of(
      "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "canvas",
      "select", "button");

  private HtmlText() {}

  static Extracted extract(String html) {
    Document doc = Jsoup.parse(html);
    String title = doc.title().strip();
    if (title.isEmpty()) {
      Element h1 = doc.selectFirst("h1");
      title = h1 == null ? "" : h1.text().strip();
    }
    Element root = doc.selectFirst("html");
    String lang = root == null ? "" : root.attr("lang").strip();
    Collector collector = new Collector();
    NodeTraversor.filter(collector, doc.body());
    collector.endParagraph();
    return new Extracted(title, String.join("\n\n", collector.paragraphs), lang.isEmpty() ? null : lang);
  }

  private static final class Collector implements NodeFilter {
    final List<String> paragraphs = new ArrayList<>();
    private final StringBuilder paragraph = new StringBuilder();
    private int preDepth;
    private boolean paragraphHasPre;

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode text) {
        if (preDepth > 0) {
          paragraph.append(text.getWholeText().replace("\r\n", "\n"));
          paragraphHasPre = true;
        } else {
          appendCollapsed(text.getWholeText());
        }
      } else if (node instanceof Element e) {
        String name = e.normalName();
        if (SKIPPED.contains(name)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        if (name.equals("br")) {
          paragraph.append('\n');
        } else if (BLOCKS.contains(name)) {
          endParagraph();
        }
        if (name.equals("pre")) {
          preDepth++;
        }
      }
      return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element e) {
        String name = e.normalName();
        if (name.equals("pre")) {
          preDepth--;
        }
        if (BLOCKS.contains(name)) {
          endParagraph();
        }
      }
      return FilterResult.CONTINUE;
    }

    private void appendCollapsed(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == '\u00A0') {
          int n = paragraph.length();
          if (n > 0 && paragraph.charAt(n - 1) != ' ' && paragraph.charAt(n - 1) != '\n') {
            paragraph.append(' ');
          }
        } else {
          paragraph.append(c);
        }
      }
    }

    void endParagraph() {
      String[] lines = paragraph.toString().split("\n", -1);
      List<String> kept = new ArrayList<>();
      for (String line : lines) {
        kept.add(paragraphHasPre ? line.stripTrailing() : line.strip());
      }
      while (!kept.isEmpty() && kept.get(0).isEmpty()) {
        kept.remove(0);
      }
      while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
        kept.remove(kept.size() - 1);
      }
      if (!kept.isEmpty()) {
        paragraphs.add(String.join("\n", kept));
      }
      paragraph.setLength(0);
      paragraphHasPre = false;
    }
  }
}
