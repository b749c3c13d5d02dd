package dev.clir.solr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query-vector cache holds at most its bytes, however long the questions. */
class QueryVectorCacheTest {
  @Test
  void boundedByBytesLeastRecentlyUsedOut() {
    float[] v = new float[384];
    long one = QueryVectorCache.sizeOf("q0", v);
    QueryVectorCache cache = new QueryVectorCache(3 * one);
    cache.put("q0", v);
    cache.put("q1", v);
    cache.put("q2", v);
    assertThat(cache.get("q0")).isSameAs(v); // q0 now most recently used
    cache.put("q3", v);
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("q1")).as("least recently used is out").isNull();
    assertThat(cache.get("q0")).isNotNull();
    assertThat(cache.bytes()).isLessThanOrEqualTo(3 * one);

    // One page-long question takes the room of many short ones.
    String page = "x".repeat((int) one);
    cache.put(page, v);
    assertThat(cache.bytes()).isLessThanOrEqualTo(3 * one);
    assertThat(cache.get(page)).isNotNull();
    assertThat(cache.size()).isEqualTo(1);
    // A question larger than the whole cache is not kept.
    cache.put("y".repeat((int) (3 * one)), v);
    assertThat(cache.size()).isEqualTo(1);
  }
}
