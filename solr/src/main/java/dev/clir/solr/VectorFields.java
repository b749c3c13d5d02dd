package dev.clir.solr;

import dev.clir.model.ModelInfo;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.schema.DenseVectorField;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;

/** Checks that a schema field can hold the model's vectors, with errors that say what to change. */
final class VectorFields {
  private VectorFields() {}

  /**
   * @param status BAD_REQUEST for a field named by a request, SERVER_ERROR for one named in solrconfig.xml
   */
  static DenseVectorField check(IndexSchema schema, String field, ModelInfo model, String where, ErrorCode status) {
    SchemaField sf = schema.getFieldOrNull(field);
    if (sf == null) {
      throw new SolrException(status, where + ": the schema has no field '" + field + "'. Add "
          + "<field name=\"" + field + "\" type=\"" + suggestedType(model) + "\" indexed=\"true\" stored=\"true\"/> with "
          + suggestedFieldType(model));
    }
    if (!(sf.getType() instanceof DenseVectorField dv)) {
      throw new SolrException(status, where + ": field '" + field + "' is a " + sf.getType().getClass().getSimpleName()
          + "; clir writes and searches solr.DenseVectorField fields (" + suggestedFieldType(model) + ")");
    }
    if (dv.getDimension() != model.dimension()) {
      throw new SolrException(status, where + ": field '" + field + "' has vectorDimension=" + dv.getDimension()
          + " but model " + model.id() + " makes " + model.dimension() + "-dimensional vectors; set vectorDimension=\""
          + model.dimension() + "\" on its field type");
    }
    if (dv.getVectorEncoding() != VectorEncoding.FLOAT32) {
      throw new SolrException(status, where + ": field '" + field + "' has vectorEncoding=" + dv.getVectorEncoding()
          + "; clir writes FLOAT32 vectors (remove vectorEncoding or set it to FLOAT32)");
    }
    if (!model.normalize() && dv.getSimilarityFunction() == VectorSimilarityFunction.DOT_PRODUCT) {
      throw new SolrException(status, where + ": field '" + field + "' uses similarityFunction=dot_product, which "
          + "needs unit-length vectors, but model " + model.id() + " does not normalise its vectors; use cosine");
    }
    return dv;
  }

  static String suggestedType(ModelInfo model) {
    return "knn_vector_" + model.dimension();
  }

  static String suggestedFieldType(ModelInfo model) {
    return "<fieldType name=\"" + suggestedType(model) + "\" class=\"solr.DenseVectorField\" vectorDimension=\""
        + model.dimension() + "\" similarityFunction=\"" + (model.normalize() ? "dot_product" : "cosine") + "\"/>";
  }
}
