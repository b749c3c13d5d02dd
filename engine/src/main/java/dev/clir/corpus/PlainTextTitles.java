package dev.clir.corpus;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Titles of plain-text and Markdown files, which have no title field of their own. */
final class PlainTextTitles {

  /** An ATX level-1 heading: up to three spaces, {@code #}, a space, the text, optional closing {@code #}s. */
  private static final Pattern H1 = Pattern.compile("^ {0,3}#[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*");

  private PlainTextTitles() {}

  /** The first non-empty line, stripped; empty when there is none. */
  static String text(List<String> lines) {
    for (String line : lines) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  /**
   * The first {@code # heading} outside fenced code blocks; without one, the first non-empty line after any YAML
   * front matter, less any leading {@code #}s (this also covers Setext {@code ===} headings).
   */
  static String markdown(List<String> lines) {
    int start = frontMatterEnd(lines);
    boolean inFence = false;
    for (String line : lines.subList(start, lines.size())) {
      if (FENCE.matcher(line).matches()) {
        inFence = !inFence;
        continue;
      }
      Matcher m = H1.matcher(line);
      if (!inFence && m.matches() && !m.group(1).isBlank()) {
        return m.group(1).strip();
      }
    }
    return text(lines.subList(start, lines.size())).replaceFirst("^#+[ \\t]*", "");
  }

  private static int frontMatterEnd(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      return 0;
    }
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("---")) {
        return i + 1;
      }
    }
    return 0;
  }
}
