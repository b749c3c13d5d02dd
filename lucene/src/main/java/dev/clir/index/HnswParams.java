package dev.clir.index;

import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * HNSW graph construction parameters, recorded with the index because they cannot change without rebuilding it.
 *
 * @param m maximum connections per node (Lucene's {@code maxConn}); more means better recall, bigger graphs
 * @param beamWidth candidates considered while inserting a node (Lucene's {@code beamWidth}, "efConstruction")
 */
public record HnswParams(int m, int beamWidth) {
  public static final HnswParams DEFAULTS =
      new HnswParams(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH);

  public HnswParams {
    if (m < 1 || m > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
      throw new IllegalArgumentException(
          "HNSW m must be in [1, " + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN + "]: " + m);
    }
    if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
      throw new IllegalArgumentException(
          "HNSW beamWidth must be in [1, " + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH + "]: " + beamWidth);
    }
  }
}
