package dev.clir.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queries of an evaluation, in file order, with unique ids. Immutable. */
public final class QuerySet {

  private final Map<String, Query> byId;

  private QuerySet(Map<String, Query> byId) {
    this.byId = byId;
  }

  /** @throws IllegalArgumentException on a duplicate id */
  public static QuerySet of(List<Query> queries) {
    Map<String, Query> byId = new LinkedHashMap<>();
    for (Query q : queries) {
      if (byId.putIfAbsent(q.id(), q) != null) {
        throw new IllegalArgumentException("duplicate query id '" + q.id() + "'");
      }
    }
    return new QuerySet(byId);
  }

  public List<Query> queries() {
    return List.copyOf(byId.values());
  }

  public Optional<Query> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  public int size() {
    return byId.size();
  }
}
