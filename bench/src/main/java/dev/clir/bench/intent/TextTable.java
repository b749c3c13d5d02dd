package dev.clir.bench.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small table of evaluation figures, rendered fixed-width for a terminal or as Markdown for a report. Cells
 * that look like numbers are right-aligned.
 */
final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table " + headers.size() + " columns");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c instanceof Double d ? fixed(d) : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  /** Three decimals: what evaluation figures need, and stable across runs. */
  static String fixed(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", d);
  }

  String toText() {
    int[] widths = widths();
    StringBuilder sb = new StringBuilder();
    line(sb, headers, widths, false);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    sb.append(rule).append('\n');
    for (List<String> r : rows) {
      line(sb, r, widths, true);
    }
    return sb.toString();
  }

  String toMarkdown() {
    StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int i = 0; i < headers.size(); i++) {
      sb.append(numericColumn(i) ? " ---: |" : " --- |");
    }
    sb.append('\n');
    for (List<String> r : rows) {
      sb.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] widths, boolean align) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(widths[i] - c.length());
      l.append(i == 0 ? "" : "  ").append(align && numericColumn(i) ? pad + c : c + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private int[] widths() {
    int[] w = new int[headers.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = headers.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    return w;
  }

  private boolean numericColumn(int i) {
    return !rows.isEmpty() && rows.stream().allMatch(r -> r.get(i).matches("[-+]?[0-9.]+%?|-"));
  }
}
