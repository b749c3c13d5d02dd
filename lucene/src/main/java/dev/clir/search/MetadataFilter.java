package dev.clir.search;

import dev.clir.index.IndexFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Metadata filters written {@code FIELD=VALUE}, as users type them ({@code category=billing}, {@code lang=en},
 * {@code id=kb-a001}): values of one field are alternatives (OR), different fields must all match (AND). Field names
 * are the document's: {@code id}, {@code lang}, or a key of its {@code meta} object ({@code meta.} may be written
 * before it). Immutable; {@link #toQuery()} gives the Lucene filter for {@link SearchRequest.Builder#filter}.
 */
public final class MetadataFilter {
  private final Map<String, List<String>> valuesByField;

  private MetadataFilter(Map<String, List<String>> valuesByField) {
    this.valuesByField = valuesByField;
  }

  /**
   * Parses {@code FIELD=VALUE} expressions.
   *
   * @throws IllegalArgumentException naming the expression that is not {@code FIELD=VALUE}
   */
  public static MetadataFilter parse(List<String> expressions) {
    Map<String, List<String>> byField = new LinkedHashMap<>();
    for (String f : expressions) {
      int eq = f.indexOf('=');
      if (eq <= 0 || eq == f.length() - 1 || f.substring(0, eq).isBlank() || f.substring(eq + 1).isBlank()) {
        throw new IllegalArgumentException("'" + f + "' (expected FIELD=VALUE, e.g. category=billing)");
      }
      String field = f.substring(0, eq).trim();
      if (field.startsWith(IndexFields.META_PREFIX)) {
        field = field.substring(IndexFields.META_PREFIX.length());
      }
      byField.computeIfAbsent(field, x -> new ArrayList<>()).add(f.substring(eq + 1).trim());
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    byField.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return new MetadataFilter(Collections.unmodifiableMap(copy));
  }

  /** Whether there is nothing to filter on. */
  public boolean isEmpty() {
    return valuesByField.isEmpty();
  }

  /** The fields named, as written (without {@code meta.}). */
  public Set<String> fields() {
    return valuesByField.keySet();
  }

  /** The Lucene filter, or null when empty. */
  public Query toQuery() {
    if (valuesByField.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    valuesByField.forEach((field, values) -> {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String v : values) {
        any.add(new TermQuery(new Term(indexField(field), v)), Occur.SHOULD);
      }
      all.add(any.build(), Occur.FILTER);
    });
    return all.build();
  }

  /** The field names an index's documents can be filtered on, as users write them, sorted. */
  public static Set<String> filterableFields(IndexReader reader) {
    Set<String> out = new TreeSet<>();
    for (FieldInfo fi : FieldInfos.getMergedFieldInfos(reader)) {
      if (fi.name.startsWith(IndexFields.META_PREFIX)) {
        out.add(fi.name.substring(IndexFields.META_PREFIX.length()));
      } else if (fi.name.equals(IndexFields.ID) || fi.name.equals(IndexFields.LANG)) {
        out.add(fi.name);
      }
    }
    return out;
  }

  /** The fields of this filter that no document of the index has (so the filter can match nothing). */
  public Set<String> unknownFields(IndexReader reader) {
    Set<String> known = filterableFields(reader);
    Set<String> unknown = new TreeSet<>(valuesByField.keySet());
    unknown.removeAll(known);
    return unknown;
  }

  private static String indexField(String field) {
    return switch (field) {
      case "id" -> IndexFields.ID;
      case "lang" -> IndexFields.LANG;
      default -> IndexFields.metaField(field);
    };
  }

  @Override
  public String toString() {
    return valuesByField.toString();
  }
}
