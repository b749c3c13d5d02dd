package dev.clir.index;

import java.util.Locale;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How passage vectors are stored and searched: full float32 HNSW, or HNSW over scalar- or binary-quantized
 * copies (smaller, faster graph; approximate scores). Quantized formats keep the float32 vectors too, which is
 * what lets search rescore its candidates with full precision.
 *
 * <p>In Lucene 10.6 the writable quantized formats are {@link Lucene104HnswScalarQuantizedVectorsFormat}'s
 * encodings; {@code Lucene99HnswScalarQuantizedVectorsFormat} and {@code Lucene102HnswBinaryQuantizedVectorsFormat}
 * moved to lucene-backward-codecs and only read old segments.
 */
public enum VectorFormat {
  /** Lucene99HnswVectorsFormat: exact float scores, 4 bytes per dimension. */
  FLOAT32(null),
  /** 8 bits per dimension (Lucene104, {@code UNSIGNED_BYTE}). */
  INT8(ScalarEncoding.UNSIGNED_BYTE),
  /** 4 bits per dimension, packed two per byte (Lucene104, {@code PACKED_NIBBLE}). */
  INT4(ScalarEncoding.PACKED_NIBBLE),
  /** 1 bit per dimension, 4-bit queries (Lucene104, {@code SINGLE_BIT_QUERY_NIBBLE}: optimized scalar / "BBQ"). */
  BINARY(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE);

  private final ScalarEncoding encoding;

  VectorFormat(ScalarEncoding encoding) {
    this.encoding = encoding;
  }

  /** Whether HNSW scores are estimates that a full-precision rescore should correct. */
  public boolean quantized() {
    return encoding != null;
  }

  /** A Lucene format for one field. */
  public KnnVectorsFormat luceneFormat(HnswParams params) {
    if (encoding == null) {
      return new Lucene99HnswVectorsFormat(params.m(), params.beamWidth());
    }
    return new Lucene104HnswScalarQuantizedVectorsFormat(encoding, params.m(), params.beamWidth());
  }

  /** Lower-case name, as recorded in the index and accepted by {@link #parse(String)}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VectorFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown vector format '" + name + "': use float32, int8, int4 or binary", e);
    }
  }
}
