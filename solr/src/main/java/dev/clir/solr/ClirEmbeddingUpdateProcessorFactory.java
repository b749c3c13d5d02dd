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
import java.util.function.Consumer;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.cloud.CloudDescriptor;
import org.apache.solr.cloud.ZkController;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.CloseHook;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.component.RealTimeGetComponent;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.UpdateCommand;
import org.apache.solr.update.UpdateLog;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;
import org.apache.solr.update.processor.DistributedUpdateProcessor.DistribPhase;
import org.apache.solr.update.processor.DistributingUpdateProcessorFactory;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Place it before {@code solr.DistributedUpdateProcessorFactory}: a whole document is then embedded once, on the
 * node that receives it, and the vectors travel with the document to the shard leader, its replicas and the
 * transaction log (no replica embeds again, and log replay needs no model).
 *
 * <p>The processor owns {@code vectorField} and (nested) {@code childField}: it computes them from the text of every
 * document it sees, replacing what a client sent, so that a document never keeps a vector of an older text or a vector
 * without its passages. A delete-by-query is widened to whole articles ({@link #wholeArticles}), so that no passage
 * outlives its article.
 *
 * <p>An atomic update of the title, body or language is re-embedded <em>on the shard's leader</em>, once: the
 * processor also runs on requests Solr forwards ({@link RunAlways}, as Solr's own
 * {@code DocBasedVersionConstraintsProcessor}), and on the leader it reads the current document (real-time get),
 * merges the update with Solr's {@link AtomicUpdateDocumentMerger}, embeds the result and hands it on as a whole
 * document carrying the version it read, so that Solr's leader refuses it (409) if another writer changed the document
 * in between; the processor then reads, merges and embeds again (optimistic concurrency). Replicas receive the merged,
 * embedded document from the leader. (Embedding later in the chain, after Solr's distributed processor, would embed on
 * every replica: the leader forwards a copy of the document taken before its own later processors run.) Atomic updates
 * of other fields pass through to Solr's own merge and keep the vectors and passages.
 */
public class ClirEmbeddingUpdateProcessorFactory extends UpdateRequestProcessorFactory
    implements SolrCoreAware, UpdateRequestProcessorFactory.RunAlways {
  private static final Logger log = LoggerFactory.getLogger(ClirEmbeddingUpdateProcessorFactory.class);
  static final String WHERE = "clir update processor";
  /** Reads, merges and embeds an atomic update again at most this often when other writers keep changing the document. */
  static final int MAX_ATTEMPTS = 20;
  /** Tests only: called on the leader with the document's id after embedding an atomic update and before writing it. */
  static volatile Consumer<String> beforeLeaderWrite;
  /** Tests only: the leader test answers "not the leader", as a leadership change right after it would. */
  static volatile boolean misjudgeLeadership;

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
    DistribPhase phase = DistribPhase.parseParam(req.getParams().get(DistributingUpdateProcessorFactory.DISTRIB_UPDATE_PARAM));
    // Requests forwarded by Solr (to a leader, to replicas, log replay) carry their vectors already and need no model;
    // only an atomic update of the text, on its leader, is embedded there (checked when it comes).
    if (phase == DistribPhase.NONE && lease == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": the model is not loaded (core closing or not informed)");
    }
    return new Processor(pipeline, req, phase, next);
  }

  Mode mode() {
    return mode;
  }

  private final class Processor extends UpdateRequestProcessor {
    private final PassagePipeline pipeline;
    private final SolrQueryRequest req;
    private final DistribPhase phase;

    Processor(PassagePipeline pipeline, SolrQueryRequest req, DistribPhase phase, UpdateRequestProcessor next) {
      super(next);
      this.pipeline = pipeline;
      this.req = req;
      this.phase = phase;
    }

    @Override
    public void processAdd(AddUpdateCommand cmd) throws IOException {
      boolean replayed = (cmd.getFlags() & (UpdateCommand.REPLAY | UpdateCommand.PEER_SYNC)) != 0;
      if (AtomicUpdateDocumentMerger.isAtomicUpdate(cmd)) {
        SolrInputDocument ops = cmd.getSolrInputDocument();
        if (phase == DistribPhase.NONE && !replayed
            && (ops.containsKey(vectorField) || (mode == Mode.NESTED && ops.containsKey(childField)))) {
          throw new SolrException(ErrorCode.BAD_REQUEST, "clir: document " + cmd.getPrintableId() + " is an atomic "
              + "update of '" + (ops.containsKey(vectorField) ? vectorField : childField) + "', which clir computes "
              + "from the text; update '" + titleField + "' or the body instead");
        }
        if (replayed || phase == DistribPhase.FROMLEADER || !touchesText(cmd.getSolrInputDocument())) {
          super.processAdd(cmd);
        } else if (leadsShardOf(cmd)) {
          mergeAndEmbedOnLeader(cmd, cmd.getSolrInputDocument());
        } else {
          forwardToLeader(cmd);
        }
        return;
      }
      if (phase != DistribPhase.NONE || replayed) {
        // Embedded on the node that received it (or merged and embedded by a leader): pass on as it is.
        super.processAdd(cmd);
        return;
      }
      embed(cmd);
      super.processAdd(cmd);
    }

    /**
     * Embeds a whole document from its text: the vectors and passages are always this plugin's, from this text (a
     * client's copy, a document read back with fl=* and posted again with a new body say, would otherwise keep a vector
     * of the old text, or a vector without passages).
     */
    private void embed(AddUpdateCommand cmd) {
      if (pipeline == null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": the model is not loaded (core closing or not informed)");
      }
      SolrInputDocument doc = cmd.getSolrInputDocument();
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
    }

    /**
     * On the shard's leader: the current document (real-time get: the transaction log, else the index), merged with
     * {@code ops} by Solr's own merger, embedded, and written as a whole document on condition that it is still the
     * version read. Another writer in between makes Solr's version check fail (409) and this reads, merges and embeds
     * again; a version the client sent is a condition of its own, and its failure is the client's 409.
     */
    private void mergeAndEmbedOnLeader(AddUpdateCommand cmd, SolrInputDocument ops) throws IOException {
      if (!cmd.getIndexedIdStr().equals(cmd.getSelfOrNestedDocIdStr())) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "clir: document " + cmd.getPrintableId() + " is a child "
            + "document; clir re-embeds articles, so an atomic update of '" + titleField + "', the body or '"
            + langField + "' must address the article itself");
      }
      if (!req.getParams().getBool(CommonParams.FAIL_ON_VERSION_CONFLICTS, true)) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "clir: " + CommonParams.FAIL_ON_VERSION_CONFLICTS + "=false "
            + "cannot be combined with an atomic update of the text (document " + cmd.getPrintableId() + "): clir "
            + "re-embeds it under a version check of its own, whose conflicts must not be dropped silently");
      }
      long requested = requestedVersion(cmd, ops);
      SolrInputDocument changes = ops.deepCopy();
      changes.remove(CommonParams.VERSION_FIELD);
      SolrCore core = req.getCore();
      UpdateLog ulog = core.getUpdateHandler().getUpdateLog();
      if (ulog == null) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "Atomic document updates are not supported unless "
            + "<updateLog/> is configured");
      }
      BytesRef id = cmd.getIndexedId();
      AtomicUpdateDocumentMerger merger = new AtomicUpdateDocumentMerger(req);
      for (int attempt = 1; ; attempt++) {
        // The version first, then the document: a write in between leaves the document newer than the version, which
        // the leader's check refuses, never the other way round.
        Long indexed = ulog.getVersionInfo().lookupVersion(id);
        SolrInputDocument current = RealTimeGetComponent.getInputDocument(core, id, id, null, null,
            RealTimeGetComponent.Resolution.DOC);
        long found = current == null ? -1 : versionOf(current, indexed);
        if (requested != 0 && !(requested == found || (requested < 0 && found < 0) || (requested == 1 && found > 0))) {
          throw new SolrException(ErrorCode.CONFLICT, "version conflict for " + cmd.getPrintableId() + " expected="
              + requested + " actual=" + found);
        }
        SolrInputDocument base = current == null
            ? new SolrInputDocument(req.getSchema().getUniqueKeyField().getName(), cmd.getIndexedIdStr())
            : current;
        base.remove(CommonParams.VERSION_FIELD);
        cmd.solrDoc = merger.merge(changes.deepCopy(), base);
        embed(cmd);
        cmd.setVersion(found > 0 ? found : -1);
        Consumer<String> hook = beforeLeaderWrite;
        if (hook != null) {
          hook.accept(cmd.getIndexedIdStr());
        }
        try {
          super.processAdd(cmd);
          return;
        } catch (SolrException e) {
          if (e.code() != ErrorCode.CONFLICT.code || requested != 0 || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
          log.info("clir: document {} changed while its atomic update was re-embedded (attempt {}); merging again",
              cmd.getPrintableId(), attempt);
        }
      }
    }

    /**
     * Not the leader: Solr forwards the update, and the leader's copy of this processor merges and embeds it. Should
     * leadership move here in the meantime, Solr's own processor merges the update here without embedding (it assigns
     * the update a version, which forwarding does not); the document is then read back and re-embedded at once.
     */
    private void forwardToLeader(AddUpdateCommand cmd) throws IOException {
      long before = cmd.getVersion();
      super.processAdd(cmd);
      if (cmd.getVersion() != before) {
        log.warn("clir: this core became leader of document {} while forwarding its atomic update; re-embedding it",
            cmd.getPrintableId());
        cmd.setVersion(0); // the version Solr just assigned is not the client's condition
        mergeAndEmbedOnLeader(cmd, new SolrInputDocument(req.getSchema().getUniqueKeyField().getName(),
            cmd.getIndexedIdStr()));
      }
    }

    /**
     * As Solr's distributed processor decides: the leader of the shard the document routes to is this core. (Solr 9.10
     * keeps that processor's own test, {@code setupRequest}/{@code isLeader}, package-private.)
     */
    private boolean leadsShardOf(AddUpdateCommand cmd) {
      if (misjudgeLeadership) {
        return false;
      }
      SolrCore core = req.getCore();
      CloudDescriptor cloud = core.getCoreDescriptor().getCloudDescriptor();
      if (cloud == null || !core.getCoreContainer().isZooKeeperAware()) {
        return true; // standalone: the only copy
      }
      ZkController zk = core.getCoreContainer().getZkController();
      DocCollection collection = zk.getClusterState().getCollection(cloud.getCollectionName());
      Slice slice = collection.getRouter().getTargetSlice(cmd.getIndexedIdStr(), cmd.getSolrInputDocument(), null,
          req.getParams(), collection);
      String shard = slice == null ? cloud.getShardId() : slice.getName();
      try {
        return zk.getZkStateReader().getLeaderRetry(cloud.getCollectionName(), shard).getName()
            .equals(cloud.getCoreNodeName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SolrException(ErrorCode.SERVER_ERROR, "clir: interrupted while looking up the leader of " + shard, e);
      }
    }

    @Override
    public void processDelete(DeleteUpdateCommand cmd) throws IOException {
      // Widened once, on the receiving node: the leader, replicas and the log get the widened query.
      if (mode == Mode.NESTED && phase == DistribPhase.NONE && (cmd.getFlags() & UpdateCommand.REPLAY) == 0
          && !cmd.isDeleteById() && !MATCH_ALL.equals(cmd.getQuery().strip())) {
        cmd.setQuery(wholeArticles(cmd.getQuery()));
      }
      super.processDelete(cmd);
    }

    private boolean touchesText(SolrInputDocument doc) {
      for (String f : bodyFields) {
        if (doc.containsKey(f)) {
          return true;
        }
      }
      return doc.containsKey(titleField) || doc.containsKey(langField);
    }
  }

  /** The version a client asked for, as Solr's distributed processor reads it: command, document, then parameter. */
  static long requestedVersion(AddUpdateCommand cmd, SolrInputDocument doc) {
    if (cmd.getVersion() != 0) {
      return cmd.getVersion();
    }
    Object v = doc.getFieldValue(CommonParams.VERSION_FIELD);
    if (v == null) {
      v = cmd.getReq().getParams().get(CommonParams.VERSION_FIELD);
    }
    return v == null ? 0 : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
  }

  private static long versionOf(SolrInputDocument doc, Long looked) {
    Object v = doc.getFieldValue(CommonParams.VERSION_FIELD);
    if (v != null) {
      return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }
    return looked == null ? -1 : looked;
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
