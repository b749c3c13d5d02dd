package dev.clir.solr;

import org.apache.lucene.queries.function.ValueSource;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.search.FunctionQParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.search.SyntaxError;
import org.apache.solr.search.ValueSourceParser;

/**
 * {@code clir(vector,$question)}: the exact similarity of a question to each document's vector, as a function, on the
 * scale of {@code {!clir}}'s scores. Its use is re-ranking another query's results by meaning, correctly whatever the
 * corpus size: {@code rq={!rerank reRankQuery=$rr reRankDocs=200}&rr={!func}clir(vector,$question)} scores each of
 * the first query's top 200 documents, where a kNN query as {@code reRankQuery} would only boost those that happen to
 * be among the index's {@code topK} nearest. Also in {@code fl} ({@code sim:clir(vector,$question)}) and {@code sort}.
 *
 * <p>The question is embedded by the core's {@code {!clir}} query parser (setting {@code queryParser}, default
 * {@code clir}): one model, one cache, and the same once-per-request embedding.
 */
public class ClirValueSourceParser extends ValueSourceParser {
  private String queryParser = ClirQParserPlugin.NAME;

  @Override
  public void init(NamedList<?> args) {
    Object name = args == null ? null : args.get("queryParser");
    if (name != null) {
      queryParser = name.toString().strip();
    }
  }

  @Override
  public ValueSource parse(FunctionQParser fp) throws SyntaxError {
    String field = fp.parseArg();
    String text = fp.parseArg();
    if (field == null || text == null) {
      throw new SyntaxError("clir() takes a vector field and a question: clir(vector,$question)");
    }
    QParserPlugin plugin = fp.getReq().getCore().getQueryPlugin(queryParser);
    if (!(plugin instanceof ClirQParserPlugin)) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "clir(): this core has no clir query parser named '" + queryParser
          + "' (solrconfig.xml <queryParser name=\"" + queryParser + "\" class=\"dev.clir.solr.ClirQParserPlugin\">)");
    }
    return ((ClirQParserPlugin) plugin).similarity(field, text, fp.getReq());
  }
}
