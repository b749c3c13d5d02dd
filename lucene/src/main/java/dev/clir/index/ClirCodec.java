package dev.clir.index;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;

/**
 * Sets clir's vector format on clir's fields and leaves everything else to an application's codec.
 *
 * <p>The wrapper keeps the base codec's name on purpose: segments then record the base codec (found again by
 * SPI when the index is opened), while {@link PerFieldKnnVectorsFormat} records each vector field's own format
 * name in the field's attributes, so readers need neither this class nor its settings. That only works when the
 * base codec's vectors format is itself per-field, as in all of Lucene's default codecs; others are refused.
 */
public final class ClirCodec {
  private ClirCodec() {}

  /** Wraps {@code base} with default HNSW parameters. */
  public static Codec wrap(Codec base, Map<String, VectorFormat> formats) {
    return wrap(base, formats, HnswParams.DEFAULTS);
  }

  /**
   * @param base the application's codec, typically {@link Codec#getDefault()}
   * @param formats vector field name to format, for clir's fields only
   * @param params HNSW parameters for those fields
   */
  public static Codec wrap(Codec base, Map<String, VectorFormat> formats, HnswParams params) {
    Objects.requireNonNull(params, "params");
    Map<String, KnnVectorsFormat> lucene = new LinkedHashMap<>();
    formats.forEach((field, format) -> lucene.put(field, format.luceneFormat(params)));
    return wrapLucene(base, lucene);
  }

  /** Like {@link #wrap(Codec, Map, HnswParams)} with Lucene formats chosen by the caller. */
  public static Codec wrapLucene(Codec base, Map<String, KnnVectorsFormat> formats) {
    Objects.requireNonNull(base, "base");
    if (!(base.knnVectorsFormat() instanceof PerFieldKnnVectorsFormat basePerField)) {
      throw new IllegalArgumentException("codec " + base.getName() + " stores all vector fields with one format ("
          + base.knnVectorsFormat().getName() + "); clir needs a codec whose knnVectorsFormat() is a "
          + "PerFieldKnnVectorsFormat (as in Lucene's default codecs) so that readers find each field's format");
    }
    Map<String, KnnVectorsFormat> copy = Map.copyOf(formats);
    PerFieldKnnVectorsFormat perField = new PerFieldKnnVectorsFormat() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        KnnVectorsFormat clir = copy.get(field);
        return clir != null ? clir : basePerField.getKnnVectorsFormatForField(field);
      }
    };
    return new FilterCodec(base.getName(), base) {
      @Override
      public KnnVectorsFormat knnVectorsFormat() {
        return perField;
      }

      @Override
      public String toString() {
        return "ClirCodec(" + base.getName() + ", " + copy + ")";
      }
    };
  }
}
