package dev.clir.cli;

import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text form of the {@code info} commands: one {@code key  value} line per value, keys aligned; nested maps become
 * {@code key.sub} lines (unordered maps sorted), lists are comma-separated, and text is quoted only when its spaces
 * matter (a prefix such as {@code "query: "}), the same way in every command.
 */
public final class KeyValueReport {
  private KeyValueReport() {}

  public static void print(Map<String, ?> values, PrintStream out) {
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", values, flat);
    int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
    flat.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
  }

  private static void flatten(String prefix, Map<String, ?> map, Map<String, String> out) {
    Map<String, ?> ordered = map instanceof LinkedHashMap || map instanceof SortedMap ? map : new TreeMap<>(map);
    ordered.forEach((k, v) -> {
      if (v instanceof Map<?, ?> nested) {
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<?, ?> inner = nested instanceof LinkedHashMap || nested instanceof SortedMap ? nested : new TreeMap<>(nested);
        inner.forEach((ik, iv) -> typed.put(String.valueOf(ik), iv));
        flatten(prefix + k + ".", typed, out);
      } else {
        out.put(prefix + k, text(v));
      }
    });
  }

  static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(KeyValueReport::text).collect(Collectors.joining(", "));
    }
    String s = String.valueOf(v);
    return s.isEmpty() || !s.equals(s.strip()) ? "\"" + s + "\"" : s;
  }
}
