package dev.clir.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The small table of model ids whose conventions clir fills in when a directory's files are silent. */
public final class KnownModels {

  /** The multilingual model clir uses when none is named. */
  public static final String DEFAULT_MODEL_ID = "intfloat/multilingual-e5-small";

  private static final String E5_QUERY = "query: ";
  private static final String E5_PASSAGE = "passage: ";

  private static final Map<String, KnownModel> BY_ID =
      Stream.of(
              e5("intfloat/multilingual-e5-small", 384),
              e5("intfloat/multilingual-e5-base", 768),
              e5("intfloat/multilingual-e5-large", 1024),
              e5("intfloat/e5-small-v2", 384),
              e5("intfloat/e5-base-v2", 768),
              e5("intfloat/e5-large-v2", 1024),
              new KnownModel("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", "", "", Pooling.MEAN, false, 128, 384),
              new KnownModel("sentence-transformers/LaBSE", "", "", Pooling.CLS, true, 256, 768))
          .collect(Collectors.toUnmodifiableMap(m -> key(m.id()), Function.identity()));

  private KnownModels() {}

  private static KnownModel e5(String id, int dimension) {
    return new KnownModel(id, E5_QUERY, E5_PASSAGE, Pooling.MEAN, true, 512, dimension);
  }

  private static String key(String id) {
    return id.trim().toLowerCase(Locale.ROOT);
  }

  public static Optional<KnownModel> lookup(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(BY_ID.get(key(id)));
  }

  public static Iterable<KnownModel> all() {
    return BY_ID.values();
  }
}
