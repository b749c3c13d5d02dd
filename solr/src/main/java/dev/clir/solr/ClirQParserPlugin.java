package dev.clir.solr;

import dev.clir.embed.Embedder;
import dev.clir.embed.TextKind;
import dev.clir.model.ModelInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.queries.function.ValueSource;
import org.apache.lucene.queries.function.valuesource.ConstKnnFloatValueSource;
import org.apache.lucene.queries.function.valuesource.FloatKnnVectorFieldSource;
import org.apache.lucene.queries.function.valuesource.FloatVectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FloatVectorSimilarityQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.apache.lucene.util.ResourceLoader;
import org.apache.lucene.util.ResourceLoaderAware;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.ShardParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.core.SolrResourceLoader;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.schema.DenseVectorField;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.search.SyntaxError;
import org.apache.solr.search.join.BlockJoinParentQParser;
import org.apache.solr.search.neural.AbstractVectorQParserBase;

/**
 * {@code {!clir f=vector topK=10}Como faço para redefinir minha senha?}: embeds the text as a <em>query</em> with the
 * model named in {@code solrconfig.xml} (e5's {@code "query: "} prefix and the like applied for you) and returns
 * Lucene's kNN query over a {@code solr.DenseVectorField}. It extends Solr's {@link AbstractVectorQParserBase}, so
 * {@code fq} filters are pre-filters exactly as with {@code {!knn}} ({@code preFilter}, {@code includeTags},
 * {@code excludeTags} work too), and it composes wherever a query does: {@code fq}, {@code {!bool}} hybrids,
 * {@code rq={!rerank reRankQuery=$vq}}, {@code {!parent}} block joins.
 *
 * <p>Local params:
 *
 * <ul>
 *   <li>{@code f}: the vector field (default: the plugin's {@code vectorField}, {@code vector});
 *   <li>{@code topK}: nearest neighbours per shard (default 10);
 *   <li>{@code childrenOf}: a query matching all parent documents; the search then runs over child (passage) vectors
 *       and keeps the best child per parent, so that {@code topK} counts distinct parents (Lucene's
 *       {@code DiversifyingChildrenFloatKnnVectorQuery}). Wrap it in {@code {!parent which=<same query> score=max}}
 *       to get the parents. Mirrors the {@code childrenOf} of Solr 9.11's {@code {!knn}}, which 9.10 lacks;
 *   <li>{@code parents.preFilter}: with {@code childrenOf}, only children of parents matching it (repeatable);
 *   <li>{@code minReturn} (and {@code minTraverse}): the threshold form, as Solr's {@code {!vectorSimilarity}}: every
 *       document whose similarity score is at least {@code minReturn}, however many, instead of the {@code topK}
 *       nearest (scores on Lucene's scale: {@code (1 + cosine) / 2} for unit vectors);
 *   <li>{@code preFilter}, {@code includeTags}, {@code excludeTags}: as for {@code {!knn}}.
 * </ul>
 *
 * <p>The question is embedded once per request, on the coordinating node, which sends the vector to the shards in a
 * request parameter ({@link #VECTOR_PARAM_PREFIX}); each core keeps recent question vectors in a cache bounded by
 * bytes ({@link #QUERY_CACHE_BYTES}, 4 MiB by default).
 *
 * <p>The model is never taken from a request: local params naming a model, ONNX file or tokenizer are refused with
 * HTTP 400, so a query cannot make the server read a file.
 */
public class ClirQParserPlugin extends QParserPlugin implements ResourceLoaderAware, AutoCloseable {
  public static final String NAME = "clir";
  public static final String VECTOR_FIELD = "vectorField";
  public static final String DEFAULT_VECTOR_FIELD = "vector";
  static final String TOP_K = "topK";
  static final int DEFAULT_TOP_K = 10;
  static final String CHILDREN_OF = "childrenOf";
  /** Threshold form, as Solr's {@code {!vectorSimilarity}}: every document scoring at least this (no topK). */
  static final String MIN_RETURN = "minReturn";
  /** With {@link #MIN_RETURN}: how similar a graph node must be for the search to go on through it. */
  static final String MIN_TRAVERSE = "minTraverse";
  static final String PARENTS_PRE_FILTER = "parents.preFilter";
  /** Setting: the most bytes of question texts and vectors a core keeps ({@link QueryVectorCache}). */
  public static final String QUERY_CACHE_BYTES = "queryVectorCacheBytes";
  static final long DEFAULT_QUERY_CACHE_BYTES = 4L << 20;
  /**
   * Request parameters {@code clir.qv.HASH} carry a question's vector from the coordinating node to the shards, so that
   * the question is embedded once per request (HASH: of the question's text).
   */
  static final String VECTOR_PARAM_PREFIX = "clir.qv.";

  private ModelChoice choice;
  private String defaultVectorField = DEFAULT_VECTOR_FIELD;
  private volatile NodeModels.Lease lease;
  private volatile boolean modelVerified;
  private QueryVectorCache queryVectors = new QueryVectorCache(DEFAULT_QUERY_CACHE_BYTES);

  @Override
  public void init(NamedList<?> args) {
    NamedList<?> copy = args.clone();
    choice = ModelChoice.read(copy, where());
    defaultVectorField = ModelConfig.strArg(copy, VECTOR_FIELD, DEFAULT_VECTOR_FIELD);
    String cacheBytes = ModelConfig.strArg(copy, QUERY_CACHE_BYTES, null);
    if (cacheBytes != null) {
      try {
        queryVectors = new QueryVectorCache(NodeSettings.bytes(cacheBytes));
      } catch (IllegalArgumentException e) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where() + ": " + QUERY_CACHE_BYTES + " must be a byte count "
            + "such as 4m, not '" + cacheBytes + "'");
      }
    }
    super.init(copy);
  }

  @Override
  public void inform(ResourceLoader loader) throws IOException {
    if (!(loader instanceof SolrResourceLoader)) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where() + ": needs Solr's resource loader, not " + loader);
    }
    lease = choice.acquire((SolrResourceLoader) loader, where());
  }

  @Override
  public void close() {
    NodeModels.Lease l = lease;
    lease = null;
    if (l != null) {
      l.close();
    }
  }

  /** The shared embedder; fails clearly when the plugin was never informed (a misconfiguration). */
  Embedder embedder() {
    NodeModels.Lease l = lease;
    if (l == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where() + ": the model is not loaded (plugin not initialised)");
    }
    return l.embedder();
  }

  float[] queryVector(String text) {
    float[] v = queryVectors.get(text);
    if (v != null) {
      return v;
    }
    v = embedder().embed(TextKind.QUERY, List.of(text)).vector(0);
    queryVectors.put(text, v);
    return v;
  }

  /**
   * The question's vector for this request: on a shard, the one the coordinating node sent ({@link #VECTOR_PARAM_PREFIX});
   * on the coordinating node, embedded here (or cached) and added to the request's parameters, which Solr forwards to
   * the shards.
   */
  float[] queryVector(String text, SolrQueryRequest req, int dimension) {
    String param = vectorParam(text);
    SolrParams params = req.getParams();
    if (params.getBool(ShardParams.IS_SHARD, false)) {
      String sent = params.get(param);
      if (sent != null) {
        return parseVector(sent, dimension, param);
      }
      return queryVector(text);
    }
    float[] v = queryVector(text);
    String formatted = formatVector(v);
    if (!formatted.equals(params.get(param))) {
      // Set (or overwrite a client's): the shards must search with this text's vector.
      ModifiableSolrParams withVector = new ModifiableSolrParams(params);
      withVector.set(param, formatted);
      req.setParams(withVector);
    }
    return v;
  }

  static String vectorParam(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return VECTOR_PARAM_PREFIX + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String formatVector(float[] v) {
    StringBuilder sb = new StringBuilder(v.length * 12);
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(v[i]);
    }
    return sb.toString();
  }

  static float[] parseVector(String s, int dimension, String param) {
    String[] parts = s.split(",");
    if (parts.length != dimension) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "clir: " + param + " holds " + parts.length + " numbers; the model "
          + "makes " + dimension + "-dimensional vectors");
    }
    float[] v = new float[dimension];
    try {
      for (int i = 0; i < dimension; i++) {
        v[i] = Float.parseFloat(parts[i]);
      }
    } catch (NumberFormatException e) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "clir: " + param + " is not a list of numbers: " + e.getMessage());
    }
    return v;
  }

  private void verifyModelOnce(SolrCore core, ModelInfo model) {
    if (!modelVerified) {
      ModelGuard.verify(core, model, where());
      modelVerified = true;
    }
  }

  private static String where() {
    return "clir query parser";
  }

  @Override
  public QParser createParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    return new ClirQParser(qstr, localParams, params, req);
  }

  /**
   * The function form ({@link ClirValueSourceParser}): the exact similarity of the question to each document's vector in
   * {@code field}, on the scale of the kNN scores, for {@code fl}, sorting, {@code {!func}} and re-ranking.
   */
  ValueSource similarity(String field, String text, SolrQueryRequest req) {
    refuseModelParams(null, req.getParams());
    if (text == null || text.isBlank()) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "clir(): the question is empty: write clir(vector,$question)");
    }
    Embedder embedder = embedder();
    ModelInfo model = embedder.info();
    verifyModelOnce(req.getCore(), model);
    DenseVectorField type = VectorFields.check(req.getSchema(), field, model, "clir()", ErrorCode.BAD_REQUEST);
    float[] vector = queryVector(text, req, model.dimension());
    return new FloatVectorSimilarityFunction(type.getSimilarityFunction(), new ConstKnnFloatValueSource(vector),
        new FloatKnnVectorFieldSource(field));
  }

  /** Refuses any request parameter that tries to pick the model or a file. */
  static void refuseModelParams(SolrParams localParams, SolrParams params) {
    if (localParams != null) {
      for (Iterator<String> it = localParams.getParameterNamesIterator(); it.hasNext(); ) {
        String name = it.next();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("model") || lower.contains("onnx") || lower.contains("tokenizer")) {
          throw refused(name);
        }
      }
    }
    if (params != null) {
      for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
        String name = it.next();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("clir.") && !lower.startsWith(VECTOR_PARAM_PREFIX)) {
          throw refused(name);
        }
      }
    }
  }

  private static SolrException refused(String param) {
    return new SolrException(ErrorCode.BAD_REQUEST, "clir: parameter '" + param + "' is refused: the embedding model is "
        + "fixed by the server's solrconfig.xml and cannot be chosen, or pointed at a file, by a request");
  }

  /** One {@code {!clir}} query. */
  public class ClirQParser extends AbstractVectorQParserBase {
    ClirQParser(String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
      super(qstr, localParams, params, req);
    }

    @Override
    public Query parse() throws SyntaxError {
      refuseModelParams(localParams, params);
      String text = qstr;
      if (text == null || text.isBlank()) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "clir: the query text is empty: write {!clir f=vector}your question");
      }
      Embedder embedder = embedder();
      ModelInfo model = embedder.info();
      verifyModelOnce(req.getCore(), model);
      String field = localParams.get("f", defaultVectorField);
      VectorFields.check(req.getSchema(), field, model, "clir", ErrorCode.BAD_REQUEST);
      int topK = localParams.getInt(TOP_K, DEFAULT_TOP_K);
      if (topK < 1) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "clir: topK must be >= 1, not " + topK);
      }
      float[] vector = queryVector(text, req, model.dimension());
      Float minReturn = localParams.getFloat(MIN_RETURN);
      if (minReturn != null) {
        if (localParams.get(CHILDREN_OF) != null || localParams.get(PARENTS_PRE_FILTER) != null) {
          throw new SolrException(ErrorCode.BAD_REQUEST, "clir: " + MIN_RETURN + " (every document at least this "
              + "similar) does not combine with " + CHILDREN_OF + "; search the passages with topK, or the articles' "
              + "vector field with " + MIN_RETURN);
        }
        float minTraverse = localParams.getFloat(MIN_TRAVERSE, Float.NEGATIVE_INFINITY);
        return new FloatVectorSimilarityQuery(field, vector, minTraverse, minReturn, getFilterQuery());
      }

      String[] parentFilters = localParams.getParams(PARENTS_PRE_FILTER);
      String allParents = localParams.get(CHILDREN_OF);
      if (allParents == null && parentFilters == null) {
        return new KnnFloatVectorQuery(field, vector, topK, getFilterQuery());
      }
      if (allParents == null) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "clir: " + PARENTS_PRE_FILTER + " needs " + CHILDREN_OF
            + " (a query matching all parent documents, e.g. childrenOf=\"*:* -_nest_path_:*\")");
      }
      BitSetProducer parents = BlockJoinParentQParser.getCachedBitSetProducer(req, subQuery(allParents, null).getQuery());
      Query childFilter = getFilterQuery();
      if (parentFilters != null) {
        BooleanQuery.Builder accepted = new BooleanQuery.Builder();
        for (String f : parentFilters) {
          QParser p = subQuery(f, null);
          p.setIsFilter(true);
          Query q = p.getQuery();
          if (q != null) {
            accepted.add(q, BooleanClause.Occur.FILTER);
          }
        }
        BooleanQuery acceptedParents = accepted.build();
        if (!acceptedParents.clauses().isEmpty()) {
          BooleanQuery.Builder children = new BooleanQuery.Builder();
          if (childFilter != null) {
            children.add(childFilter, BooleanClause.Occur.FILTER);
          }
          children.add(new ToChildBlockJoinQuery(acceptedParents, parents), BooleanClause.Occur.FILTER);
          childFilter = children.build();
        }
      }
      return new DiversifyingChildrenFloatKnnVectorQuery(field, vector, childFilter, topK, parents);
    }
  }
}
