package dev.clir.intent;

import dev.clir.model.Fingerprint;
import dev.clir.model.ModelInfo;
import java.util.Objects;

/**
 * Which embedding model made an intent model's vectors. Vectors of another model (or of the same weights with
 * another query prefix) live in another space: comparing them gives confident nonsense, so a mismatch is refused.
 *
 * @param id the embedding model's id, for messages
 * @param fingerprint its {@code sha256:} fingerprint: what is compared
 * @param dimension its vector dimension
 * @param queryPrefix the prefix its queries get (e5: {@code "query: "})
 */
public record EmbeddingIdentity(String id, String fingerprint, int dimension, String queryPrefix) {

  public EmbeddingIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(queryPrefix, "queryPrefix");
  }

  public static EmbeddingIdentity of(ModelInfo info) {
    return new EmbeddingIdentity(info.id(), info.fingerprint(), info.dimension(), info.queryPrefix());
  }

  /** Whether query vectors of {@code other} are comparable with this model's. */
  public boolean sameVectorsAs(EmbeddingIdentity other) {
    return fingerprint.equals(other.fingerprint) && dimension == other.dimension && queryPrefix.equals(other.queryPrefix);
  }

  /** For messages: id, short fingerprint, dimension, and the prefix. */
  public String describe() {
    return id + " (" + Fingerprint.shortForm(fingerprint) + ", " + dimension + " dims, query prefix \"" + queryPrefix + "\")";
  }
}
