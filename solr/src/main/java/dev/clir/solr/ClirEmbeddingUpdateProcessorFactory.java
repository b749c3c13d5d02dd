package dev.clir.solr;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.Passage;
import dev.clir.chunk.PassagePipeline;
import dev.clir.model.ModelInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.CloseHook;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;

/**
 * Embeds documents as they are indexed, in-process, with the model named in {@code solrconfig.xml}. The title and
 * body are cut into passages exactly as clir's engine cuts them ({@link PassagePipeline} with the engine's
 * {@link ChunkingConfig} defaults: windows of the model's token budget, 32 tokens of overlap, the title carried into
 * every passage), each passage is embedded as a <em>passage</em> (e5's {@code "passage: "} prefix and the like), and:
 *
 * <ul>
 *   <li>the document gets the first passage's vector in {@code vectorField} (both modes), and
 *   <li>with {@code passages=nested} (the default) every passage also becomes a child document under the label
 *       {@code childField} ({@code passages}), holding {@code passageVectorField}, its text, ordinal and offsets. Search
 *       them with {@code {!parent which="*:* -_nest_path_:*" score=max v=$pq}} and
 *       {@code pq={!clir f=passage_vector childrenOf="*:* -_nest_path_:*"}...} so that a document is found by its
 *       best passage, wherever in the document it is.
 * </ul>
 *
 * <p>Place it before {@code solr.DistributedUpdateProcessorFactory}: it then runs once, on the node that receives the
 * update, and the vectors travel with the document to the shard leader, its replicas and the transaction log (no
 * replica embeds again, and log replay needs no model).
 *
 * <p>The processor owns {@code vectorField} and (nested) {@code childField}: it computes them from the text of every
 * document it sees, replacing what a client sent, so that a document never keeps a vector of an older text or a vector
 * without its passages. A delete-by-query is widened to whole articles ({@link #wholeArticles}), so that no passage
 * outlives its article. Atomic updates that set the title or body are refused (the rest of the text is not at hand on
 * the receiving node, and on the leader, after distribution, Solr hands replicas a copy of the document taken before
 * the leader's later processors ran, so each replica would embed again); atomic updates of other fields pass
 * through and keep the vectors and passages.
 */
public class ClirEmbeddingUpdateProcessorFactory extends UpdateRequestProcessorFactory implements SolrCoreAware {
  static final String WHERE = "clir update processor";

  public enum Mode {
    /** One vector per document, from its first passage. */
    FIRST,
    /** The first passage's vector on the document, plus one child document per passage. */
    NESTED
  }

  private ModelChoice modelChoice;
  private String titleField;
  private List<String> bodyFields;
  private String langField;
  private String vectorField;
  private Mode mode;
  private String childField;
  private String passageVectorField;
  private String passageTextField;
  private String passageOrdinalField;
  private String passageStartField;
  private String passageEndField;
  private ChunkingConfig chunking;

  private volatile NodeModels.Lease lease;
  private volatile PassagePipeline pipeline;

  @Override
  public void init(NamedList<?> args) {
    NamedList<?> a = args.clone();
    modelChoice = ModelChoice.read(a, WHERE);
    titleField = ModelConfig.strArg(a, "titleField", "title");
    bodyFields = new ArrayList<>();
    for (Object v : a.removeAll("bodyField")) {
      for (String f : v.toString().split(",")) {
        if (!f.isBlank()) {
          bodyFields.add(f.strip());
        }
      }
    }
    if (bodyFields.isEmpty()) {
      bodyFields.add("body");
    }
    langField = ModelConfig.strArg(a, "langField", "lang");
    vectorField = ModelConfig.strArg(a, "vectorField", "vector");
    String m = ModelConfig.strArg(a, "passages", "nested");
    try {
      mode = Mode.valueOf(m.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": passages must be 'nested' or 'first', not '" + m + "'");
    }
    childField = ModelConfig.strArg(a, "childField", "passages");
    passageVectorField = ModelConfig.strArg(a, "passageVectorField", "passage_vector");
    passageTextField = ModelConfig.strArg(a, "passageTextField", "passage_text");
    passageOrdinalField = ModelConfig.strArg(a, "passageOrdinalField", "passage_ordinal");
    passageStartField = ModelConfig.strArg(a, "passageStartField", "passage_start");
    passageEndField = ModelConfig.strArg(a, "passageEndField", "passage_end");
    ChunkingConfig.Builder c = ChunkingConfig.DEFAULTS.toBuilder();
    Integer maxTokens = ModelConfig.intArg(a, "maxTokens", WHERE);
    if (maxTokens != null) {
      c.maxTokens(maxTokens);
    }
    Integer overlap = ModelConfig.intArg(a, "overlapTokens", WHERE);
    if (overlap != null) {
      c.overlapTokens(overlap);
    }
    Object includeTitle = a.remove("includeTitle");
    if (includeTitle != null) {
      c.includeTitle(Boolean.parseBoolean(includeTitle.toString().strip()));
    }
    try {
      chunking = c.build();
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": " + e.getMessage(), e);
    }
    if (a.size() > 0) {
      throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": unknown settings " + a);
    }
  }

  @Override
  public void inform(SolrCore core) {
    NodeModels.Lease l = modelChoice.acquire(core.getResourceLoader(), WHERE);
    try {
      ModelInfo model = l.embedder().info();
      ModelGuard.verify(core, model, WHERE);
      IndexSchema schema = core.getLatestSchema();
      VectorFields.check(schema, vectorField, model, WHERE, ErrorCode.SERVER_ERROR);
      if (mode == Mode.NESTED) {
        VectorFields.check(schema, passageVectorField, model, WHERE, ErrorCode.SERVER_ERROR);
        if (!schema.isUsableForChildDocs() || schema.getFieldOrNull(IndexSchema.NEST_PATH_FIELD_NAME) == null) {
          throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": passages=nested writes child documents, which "
              + "needs the fields _root_ and _nest_path_ in the schema (<field name=\"_root_\" type=\"string\" "
              + "indexed=\"true\" stored=\"false\" docValues=\"false\"/>, <fieldType name=\"_nest_path_\" "
              + "class=\"solr.NestPathField\"/> <field name=\"_nest_path_\" type=\"_nest_path_\"/>), or use passages=first");
        }
        for (String f : List.of(passageTextField, passageOrdinalField, passageStartField, passageEndField)) {
          if (!f.equals("-") && schema.getFieldOrNull(f) == null) {
            throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": the schema has no field '" + f + "' for "
                + "passage documents; add it or set the setting to \"-\" to leave it out");
          }
        }
      }
      pipeline = new PassagePipeline(l.embedder(), chunking);
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
    lease = l;
    core.addCloseHook(new CloseHook() {
      @Override
      public void postClose(SolrCore c) {
        NodeModels.Lease held = lease;
        lease = null;
        if (held != null) {
          held.close();
        }
      }
    });
  }

  @Override
  public UpdateRequestProcessor getInstance(SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    NodeModels.Lease l = lease;
    if (l == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": the model is not loaded (core closing or not informed)");
    }
    return new Processor(pipeline, next);
  }

  Mode mode() {
    return mode;
  }

  private final class Processor extends UpdateRequestProcessor {
    private final PassagePipeline pipeline;

    Processor(PassagePipeline pipeline, UpdateRequestProcessor next) {
      super(next);
      this.pipeline = pipeline;
    }

    @Override
    public void processAdd(AddUpdateCommand cmd) throws IOException {
      SolrInputDocument doc = cmd.getSolrInputDocument();
      if (AtomicUpdateDocumentMerger.isAtomicUpdate(cmd)) {
        for (String f : textFields()) {
          if (doc.containsKey(f)) {
            throw new SolrException(ErrorCode.BAD_REQUEST, "clir: document " + cmd.getPrintableId() + " is an atomic "
                + "update of '" + f + "', which clir cannot re-embed without the rest of the text; send the whole "
                + "document instead");
          }
        }
        super.processAdd(cmd);
        return;
      }
      // The vectors and passages are always this node's, from this text: a client's copy (a document read back with
      // fl=* and posted again with a new body, say) would otherwise keep a vector of the old text, or a vector
      // without passages.
      doc.removeField(vectorField);
      if (mode == Mode.NESTED) {
        doc.removeField(childField);
      }
      String title = joined(doc.getField(titleField));
      StringBuilder body = new StringBuilder();
      for (String f : bodyFields) {
        String t = joined(doc.getField(f));
        if (!t.isEmpty()) {
          body.append(body.length() == 0 ? "" : "\n\n").append(t);
        }
      }
      String lang = joined(doc.getField(langField));
      List<Passage> passages = pipeline.split(title, body.toString(), lang);
      if (passages.isEmpty()) {
        super.processAdd(cmd);
        return;
      }
      List<Passage> toEmbed = mode == Mode.NESTED ? passages : passages.subList(0, 1);
      float[][] vectors;
      try {
        vectors = pipeline.embed(List.of(toEmbed)).get(0).vectors();
      } catch (RuntimeException e) {
        throw new SolrException(ErrorCode.SERVER_ERROR, "clir: cannot embed document " + cmd.getPrintableId() + ": "
            + e.getMessage(), e);
      }
      doc.setField(vectorField, asList(vectors[0]));
      if (mode == Mode.NESTED) {
        List<SolrInputDocument> children = new ArrayList<>(toEmbed.size());
        for (int i = 0; i < toEmbed.size(); i++) {
          Passage p = toEmbed.get(i);
          SolrInputDocument child = new SolrInputDocument();
          child.setField(passageVectorField, asList(vectors[i]));
          set(child, passageTextField, p.text());
          set(child, passageOrdinalField, p.ordinal());
          set(child, passageStartField, p.start());
          set(child, passageEndField, p.end());
          children.add(child);
        }
        doc.setField(childField, children);
      }
      super.processAdd(cmd);
    }

    @Override
    public void processDelete(DeleteUpdateCommand cmd) throws IOException {
      if (mode == Mode.NESTED && !cmd.isDeleteById() && !MATCH_ALL.equals(cmd.getQuery().strip())) {
        cmd.setQuery(wholeArticles(cmd.getQuery()));
      }
      super.processDelete(cmd);
    }

    private List<String> textFields() {
      List<String> all = new ArrayList<>(bodyFields);
      all.add(titleField);
      return all;
    }
  }

  static final String MATCH_ALL = "*:*";
  /** Articles: every document that is not a passage (nor any other child document). */
  static final String ARTICLES = "*:* -" + IndexSchema.NEST_PATH_FIELD_NAME + ":*";
  static final String CHILDREN = IndexSchema.NEST_PATH_FIELD_NAME + ":*";

  /**
   * A delete-by-query widened to whole articles: the articles it matches, the articles of the passages it matches, and
   * all their passages. Lucene deletes what a query matches and nothing else, so {@code id:X} alone would leave X's
   * passages behind (searchable, pointing at nothing), and {@code passage_text:foo} alone would leave articles with
   * holes. Written with Solr's own block-join parsers so that it runs wherever the delete runs (shard leaders,
   * replicas, transaction-log replay) and needs no model.
   */
  static String wholeArticles(String query) {
    String matchedArticles = bool("should", bool("must", query, "filter", ARTICLES),
        "should", "{!parent which=" + quote(ARTICLES) + " v=" + quote(bool("must", query, "filter", CHILDREN)) + "}");
    return bool("should", matchedArticles,
        "should", "{!child of=" + quote(ARTICLES) + " v=" + quote(matchedArticles) + "}");
  }

  private static String bool(String occur1, String q1, String occur2, String q2) {
    return "{!bool " + occur1 + "=" + quote(q1) + " " + occur2 + "=" + quote(q2) + "}";
  }

  /** A local-param value in single quotes, with Solr's backslash escapes. */
  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static void set(SolrInputDocument doc, String field, Object value) {
    if (!field.equals("-")) {
      doc.setField(field, value);
    }
  }

  static String joined(SolrInputField field) {
    if (field == null || field.getValue() == null) {
      return "";
    }
    Object v = field.getValue();
    if (v instanceof Collection<?> values) {
      StringBuilder sb = new StringBuilder();
      for (Object o : values) {
        if (o != null && !o.toString().isBlank()) {
          sb.append(sb.length() == 0 ? "" : "\n\n").append(o);
        }
      }
      return sb.toString();
    }
    return v.toString();
  }

  static List<Float> asList(float[] vector) {
    List<Float> out = new ArrayList<>(vector.length);
    for (float f : vector) {
      out.add(f);
    }
    return out;
  }
}
