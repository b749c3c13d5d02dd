package dev.clir.solr;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query vectors by question text, least recently used first out, bounded by the bytes they hold (text and vector),
 * not by their count: a count says nothing about memory when questions can be pages long.
 */
final class QueryVectorCache {
  /** Per entry beyond its text and vector: the map entry, the key and array headers. */
  static final int ENTRY_OVERHEAD = 96;

  private final long maxBytes;
  private final LinkedHashMap<String, float[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  QueryVectorCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, not " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  static long sizeOf(String text, float[] vector) {
    return ENTRY_OVERHEAD + 2L * text.length() + 4L * vector.length;
  }

  synchronized float[] get(String text) {
    return entries.get(text);
  }

  synchronized void put(String text, float[] vector) {
    long size = sizeOf(text, vector);
    if (size > maxBytes) {
      return;
    }
    float[] old = entries.put(text, vector);
    if (old != null) {
      bytes -= sizeOf(text, old);
    }
    bytes += size;
    for (Iterator<Map.Entry<String, float[]>> it = entries.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
      Map.Entry<String, float[]> eldest = it.next();
      bytes -= sizeOf(eldest.getKey(), eldest.getValue());
      it.remove();
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return entries.size();
  }
}
