package dev.clir.solr;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.MeteredEmbedder;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.Fingerprint;
import dev.clir.solr.testing.HelpCenter;
import dev.clir.solr.testing.StandaloneRanking;
import dev.clir.solr.testing.StandaloneRanking.Hit;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.CollectionAdminResponse;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.CollectionProperties;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.util.TestInjection;
import org.junit.function.ThrowingRunnable;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin in a real SolrCloud: two Jetty nodes in this JVM, ZooKeeper, a two-shard collection built from the
 * shipped configset ({@code solr/configsets/clir}), ~40 help-center articles indexed through the update processor
 * with the English test model, and questions asked in English and Portuguese through {@code {!clir}} and
 * {@code /ask}. The reference is the standalone engine's ranking on the same articles ({@link StandaloneRanking}).
 *
 * <p>SSL is suppressed only to keep the run short on two cores (the plugin does no networking of its own).
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "not a bug: TLS adds start-up time and nothing this plugin does depends on it")
public class ClirSolrCloudTest extends SolrCloudTestCase {
  private static final Logger log = LoggerFactory.getLogger(MethodHandles.lookup().lookupClass());

  static final String CONFIG = "clir";
  static final String COLLECTION = "kb";
  static final String ARTICLES = "*:* -_nest_path_:*";
  /** Needs whose judged articles are all indexed; their en and pt questions are asked. */
  static final List<String> NEEDS = List.of("qa01", "qa02", "qa03", "qb01", "qb02", "qb05");
  static final int SUBSET = 40;
  /**
   * kNN candidates per shard. Rankings are compared on the top 5, but HNSW is approximate: with k=5 it misses true
   * neighbours even on ~20 vectors a shard, because this English test model's scores are crowded (0.86-0.89 for
   * everything on Portuguese questions). Asking each shard for 20 candidates, as one would in production, makes the top
   * 5 exact here.
   */
  static final String TOP_K = "20";

  private static HelpCenter help;
  private static List<HelpCenter.Article> indexed;
  private static OnnxEmbedder standaloneEmbedder;
  private static StandaloneRanking standalone;
  private static Path alteredModel;
  private static NodeModels.Opener savedOpener;
  private static long passagesEmbeddedAtIndexing;
  /** Every model the nodes opened, counted: the tests run one thing at a time, so a difference is one action's. */
  private static final List<MeteredEmbedder> METERS = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final List<OnnxEmbedder> OPENED = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Texts embedded so far on all nodes (passages and questions). */
  private static long embedded() {
    return METERS.stream().mapToLong(MeteredEmbedder::texts).sum();
  }

  @BeforeClass
  public static void startCluster() throws Exception {
    Path model = HelpCenter.testModelDir();
    // The same model with one byte more in tokenizer.json: loads and embeds, but has another fingerprint.
    alteredModel = createTempDir("altered-model");
    try (Stream<Path> files = Files.list(model)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, alteredModel.resolve(f.getFileName().toString()));
        }
      }
    }
    Path pooling = model.resolve("1_Pooling");
    if (Files.isDirectory(pooling)) {
      Files.createDirectories(alteredModel.resolve("1_Pooling"));
      try (Stream<Path> files = Files.list(pooling)) {
        for (Path f : files.toList()) {
          Files.copy(f, alteredModel.resolve("1_Pooling").resolve(f.getFileName().toString()));
        }
      }
    }
    Files.writeString(alteredModel.resolve("tokenizer.json"), "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    System.setProperty("clir.model", model.toString());
    System.setProperty("solr.allowPaths", model + "," + alteredModel);
    // Persistent index files, so that a node restart has something to lose.
    System.setProperty("solr.directoryFactory", "solr.NRTCachingDirectoryFactory");
    System.setProperty("solr.autoSoftCommit.maxTime", "-1");
    System.setProperty("clir.intraOpThreads", "1");

    savedOpener = NodeModels.opener;
    NodeModels.opener = (dir, overrides, options) -> {
      OnnxEmbedder opened = OnnxEmbedder.open(dir, overrides, options);
      OPENED.add(opened);
      MeteredEmbedder meter = new MeteredEmbedder(opened);
      METERS.add(meter);
      return meter;
    };
    configureCluster(2).addConfig(CONFIG, configset()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, CONFIG, 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);

    help = HelpCenter.load();
    indexed = help.subsetFor(NEEDS, SUBSET);
    UpdateRequest add = new UpdateRequest();
    for (HelpCenter.Article a : indexed) {
      add.add(a.toSolr());
    }
    long passagesBefore = embedded();
    add.process(cluster.getSolrClient(), COLLECTION);
    cluster.getSolrClient().commit(COLLECTION);
    passagesEmbeddedAtIndexing = embedded() - passagesBefore;

    standaloneEmbedder = OnnxEmbedder.open(model, dev.clir.model.ModelOverrides.NONE,
        EmbedderOptions.builder().intraOpThreads(1).build());
    standalone = new StandaloneRanking(standaloneEmbedder, indexed);
    log.info("indexed {} articles, {} passages", indexed.size(), standalone.passageCount());
  }

  @AfterClass
  public static void closeStandalone() {
    if (savedOpener != null) {
      NodeModels.opener = savedOpener;
    }
    // The meters close nothing; the models they wrapped are closed here, after the cluster has released them.
    OPENED.forEach(OnnxEmbedder::close);
    OPENED.clear();
    METERS.clear();
    if (standaloneEmbedder != null) {
      standaloneEmbedder.close();
    }
    standaloneEmbedder = null;
    standalone = null;
    help = null;
    indexed = null;
  }

  static Path configset() {
    return HelpCenter.projectRoot().resolve("solr/configsets/clir/conf");
  }

  private static CloudSolrClient client() {
    return cluster.getSolrClient();
  }

  private static QueryResponse query(String handler, String... kv) throws Exception {
    ModifiableSolrParams p = new ModifiableSolrParams();
    for (int i = 0; i < kv.length; i += 2) {
      p.add(kv[i], kv[i + 1]);
    }
    QueryRequest req = new QueryRequest(p);
    req.setPath(handler);
    return req.process(client(), COLLECTION);
  }

  private static List<String> ids(SolrDocumentList docs) {
    return docs.stream().map(d -> (String) d.getFieldValue("id")).collect(Collectors.toList());
  }

  /**
   * Solr's hits are the standalone ranking: same ids in the same order (where the reference's scores are not a near
   * tie) and the same scores.
   */
  private static void assertSameRanking(String what, List<Hit> expected, SolrDocumentList actual) {
    List<String> got = ids(actual);
    assertEquals(what + ": number of hits " + got, expected.size(), got.size());
    for (int i = 0; i < expected.size(); i++) {
      Hit e = expected.get(i);
      float solrScore = (Float) actual.get(i).getFieldValue("score");
      boolean tie = (i > 0 && expected.get(i - 1).score() - e.score() < 1e-4)
          || (i + 1 < expected.size() && e.score() - expected.get(i + 1).score() < 1e-4);
      if (!tie) {
        assertEquals(what + ": rank " + (i + 1) + " expected " + expected + " got " + got, e.id(), got.get(i));
      }
      assertEquals(what + ": score at rank " + (i + 1), e.score(), solrScore, 1e-4);
    }
  }

  @Test
  public void oneVectorPerArticleRanksAsTheStandaloneEngineInEnglishAndPortuguese() throws Exception {
    int checked = 0;
    for (String need : NEEDS) {
      for (String lang : List.of("en", "pt")) {
        HelpCenter.Question q = help.question(need + "-" + lang);
        QueryResponse rsp = query("/select", "q", "{!clir f=vector topK=" + TOP_K + "}" + q.text(), "fl", "id,score", "rows", "5");
        assertSameRanking(q.id() + " " + q.text(), standalone.firstPassage(q.text(), 5, a -> true), rsp.getResults());
        checked++;
      }
    }
    assertEquals(NEEDS.size() * 2, checked);
  }

  @Test
  public void bestPassageSearchRanksAsTheStandaloneEngine() throws Exception {
    for (String need : NEEDS) {
      for (String lang : List.of("en", "pt")) {
        HelpCenter.Question q = help.question(need + "-" + lang);
        QueryResponse rsp = query("/ask", "question", q.text(), "topK", TOP_K, "rows", "5", "fl", "id,score");
        assertSameRanking("/ask " + q.id(), standalone.bestPassage(q.text(), 5, a -> true), rsp.getResults());
      }
    }
    // The same through the query parser spelled out, as a user would write it without /ask.
    HelpCenter.Question q = help.question("qa01-pt");
    QueryResponse rsp = query("/select", "q", "{!parent which=$articles score=max v=$pq}", "articles", ARTICLES,
        "pq", "{!clir f=passage_vector topK=" + TOP_K + " childrenOf=$articles}" + q.text(), "fl", "id,score", "rows", "5");
    assertSameRanking("{!parent} " + q.id(), standalone.bestPassage(q.text(), 5, a -> true), rsp.getResults());
  }

  @Test
  public void passagesAreChildDocumentsWithTheirTextAndVectors() throws Exception {
    HelpCenter.Article longest = indexed.stream().max((a, b) -> Integer.compare(standalone.passageCount(a.id()),
        standalone.passageCount(b.id()))).orElseThrow();
    int expected = standalone.passageCount(longest.id());
    assertTrue("the subset has a multi-passage article", expected > 1);
    QueryResponse rsp = query("/select", "q", "_root_:" + longest.id(), "fq", "_nest_path_:*", "rows", "100",
        "fl", "id,passage_text,passage_ordinal,passage_start,passage_end,_nest_path_", "sort", "passage_ordinal asc");
    assertEquals(expected, rsp.getResults().getNumFound());
    for (int i = 0; i < expected; i++) {
      SolrDocument p = rsp.getResults().get(i);
      assertEquals(i, p.getFieldValue("passage_ordinal"));
      String text = (String) p.getFieldValue("passage_text");
      int start = (Integer) p.getFieldValue("passage_start");
      int end = (Integer) p.getFieldValue("passage_end");
      assertEquals("passage text is the article's text at its offsets", longest.text().substring(start, end), text);
    }
    // Every article has a vector of the model's dimension.
    QueryResponse parents = query("/select", "q", ARTICLES, "fl", "id,vector", "rows", "100");
    assertEquals(indexed.size(), parents.getResults().getNumFound());
    for (SolrDocument d : parents.getResults()) {
      assertEquals(d.getFieldValue("id").toString(), 384, ((List<?>) d.getFieldValue("vector")).size());
    }
  }

  @Test
  public void filtersArePreFiltersAndComposeWithBothSearches() throws Exception {
    HelpCenter.Question q = help.question("qa02-pt");
    String category = "account";
    long inCategory = indexed.stream().filter(a -> a.category().equals(category)).count();
    assertTrue(inCategory >= 5);
    // fq on a {!clir} query filters before the kNN: topK hits that all match, not topK minus the filtered ones.
    QueryResponse rsp = query("/select", "q", "{!clir f=vector topK=" + TOP_K + "}" + q.text(), "fq", "category:" + category,
        "fl", "id,score,category", "rows", "5");
    for (SolrDocument d : rsp.getResults()) {
      assertEquals(category, d.getFieldValue("category"));
    }
    assertSameRanking("fq " + q.id(), standalone.firstPassage(q.text(), 5, a -> a.category().equals(category)),
        rsp.getResults());
    // Passage search with the filter on the articles before the kNN (parents.preFilter).
    rsp = query("/select", "q", "{!parent which=$articles score=max v=$pq}", "articles", ARTICLES,
        "pq", "{!clir f=passage_vector topK=" + TOP_K + " childrenOf=$articles parents.preFilter=$cat}" + q.text(),
        "cat", "category:" + category, "fl", "id,score", "rows", "5");
    assertSameRanking("parents.preFilter " + q.id(),
        standalone.bestPassage(q.text(), 5, a -> a.category().equals(category)), rsp.getResults());
  }

  @Test
  public void composesWithHybridAndReRankQueries() throws Exception {
    HelpCenter.Question q = help.question("qa01-pt");
    List<Hit> semantic = standalone.firstPassage(q.text(), 5, a -> true);
    // Hybrid: lexical OR semantic; every semantic top-5 hit is in the union.
    QueryResponse rsp = query("/select", "q", "{!bool should=$lex should=$vec}", "lex", "{!edismax qf=title}conta",
        "vec", "{!clir f=vector topK=" + TOP_K + "}" + q.text(), "fl", "id,score", "rows", "100");
    Set<String> union = new HashSet<>(ids(rsp.getResults()));
    for (Hit h : semantic) {
      assertTrue(h.id() + " in hybrid results", union.contains(h.id()));
    }
    // Re-rank: a lexical query's top 40 re-ordered by the semantic one; the best semantic hit comes first.
    rsp = query("/select", "q", "*:*", "fq", "-_nest_path_:*", "rq", "{!rerank reRankQuery=$vec reRankDocs=40 reRankWeight=10}",
        "vec", "{!clir f=vector topK=40}" + q.text(), "fl", "id,score", "rows", "5");
    assertEquals(semantic.get(0).id(), rsp.getResults().get(0).getFieldValue("id"));
  }

  @Test
  public void aRequestCannotChooseTheModelOrAFile() throws Exception {
    for (String[] bad : List.of(
        new String[] {"q", "{!clir f=vector model=/etc}password"},
        new String[] {"q", "{!clir f=vector modelDir=/tmp onnxFile=/etc/passwd}password"},
        new String[] {"q", "{!clir f=vector tokenizer=/etc/passwd}password"},
        new String[] {"q", "{!clir f=vector}password", "clir.model", "/etc"})) {
      SolrException e = expectThrows(SolrException.class, () -> query("/select", bad));
      assertEquals(String.join(" ", bad), 400, e.code());
      assertTrue(e.getMessage(), e.getMessage().contains("cannot be chosen"));
    }
  }

  @Test
  public void theCollectionRecordsItsModelAndRefusesAnother() throws Exception {
    String fingerprint = standaloneEmbedder.info().fingerprint();
    Map<String, String> props = new CollectionProperties(cluster.getZkClient()).getCollectionProperties(COLLECTION);
    assertEquals(fingerprint, props.get(ModelGuard.FINGERPRINT));
    assertEquals("intfloat/e5-small-v2", props.get(dev.clir.model.ModelIdentity.KEY_ID));

    // A collection of its own; then the node's operator points clir.model at a different model and the collection is
    // reloaded (the nodes of this test share one JVM, so one system property is every node's setting).
    String mm = "mismatch";
    CollectionAdminRequest.createCollection(mm, CONFIG, 1, 1).process(client());
    cluster.waitForActiveCollection(mm, 1, 1);
    String nodeModel = System.getProperty(NodeSettings.MODEL);
    System.setProperty(NodeSettings.MODEL, alteredModel.toString());
    try {
      // RELOAD: the new cores refuse to load; Solr keeps the old ones serving and reports the failure.
      CollectionAdminResponse reload = CollectionAdminRequest.reloadCollection(mm).process(client());
      assertFalse("reload with another model must fail: " + reload.getResponse(), reload.isSuccess());
      QueryResponse rsp = new QueryRequest(new SolrQuery("{!clir f=vector topK=3}password")).process(client(), mm);
      assertEquals(0, rsp.getStatus());
      // What the node logs for that failure: the core refuses the model, naming both fingerprints.
      String core = cluster.getZkStateReader().getClusterState().getCollection(mm).getReplicas().get(0).getCoreName();
      JettySolrRunner node = cluster.getJettySolrRunners().stream()
          .filter(j -> j.getCoreContainer().getLoadedCoreNames().contains(core)).findFirst().orElseThrow();
      Exception e = expectThrows(Exception.class, () -> node.getCoreContainer().reload(core));
      String message = fullMessage(e);
      assertTrue(message, message.contains("Vectors of different models are not comparable"));
      assertTrue(message, message.contains(Fingerprint.shortForm(fingerprint)));
      assertFalse("no node paths in what reaches clients: " + message, message.contains(alteredModel.toString()));
      // The refused model was unloaded again: nothing holds it.
      assertEquals(0, NodeModels.leases(alteredModel, EmbedderOptions.builder().intraOpThreads(1).build()));
    } finally {
      System.setProperty(NodeSettings.MODEL, nodeModel);
      CollectionAdminRequest.deleteCollection(mm).process(client());
    }
    assertEquals("one model loaded on the node, shared by all cores", 1, NodeModels.loadedCount());
  }

  private static String fullMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
      if (c instanceof org.apache.solr.client.solrj.impl.BaseHttpSolrClient.RemoteSolrException r && r.getMetadata() != null) {
        sb.append(r.getMetadata()).append(" | ");
      }
    }
    return sb.toString();
  }

  /**
   * Atomic updates in a collection whose shard has two replicas, one on each node: an update of the text is merged and
   * embedded once, by the shard's leader, whichever node receives it; both replicas then hold the new text's vector and
   * passages and none of the old ones. An update of another field embeds nothing and keeps the passages. An atomic
   * update racing another writer takes both changes (the leader merges and embeds again after Solr's version check
   * refuses its first write), or gives the client a 409 when the client's own {@code _version_} no longer holds.
   */
  @Test
  public void atomicUpdatesOfTheTextAreEmbeddedOnceOnTheLeader() throws Exception {
    String coll = "kb_atomic";
    CollectionAdminRequest.createCollection(coll, CONFIG, 1, 2).process(client());
    cluster.waitForActiveCollection(coll, 1, 2);
    SolrInputDocument doc = extraArticle(8, "atomic-", "atomic");
    String id = (String) doc.getFieldValue("id");
    new UpdateRequest().add(doc).process(client(), coll);
    client().commit(coll);
    org.apache.solr.common.cloud.Replica leader = cluster.getZkStateReader().getLeaderRetry(coll, "shard1");
    org.apache.solr.common.cloud.Replica follower = client().getClusterState().getCollection(coll).getReplicas().stream()
        .filter(r -> !r.getName().equals(leader.getName())).findFirst().orElseThrow();
    String title = (String) doc.getFieldValue("title");
    String lang = (String) doc.getFieldValue("lang");
    List<HelpCenter.Article> others = help.articles.stream().filter(x -> !indexed.contains(x) && x.lang().equals(lang))
        .skip(20).limit(4).toList();
    try (org.apache.solr.client.solrj.SolrClient toFollower =
            new org.apache.solr.client.solrj.impl.HttpSolrClient.Builder(follower.getBaseUrl()).build();
        org.apache.solr.client.solrj.SolrClient toLeader =
            new org.apache.solr.client.solrj.impl.HttpSolrClient.Builder(leader.getBaseUrl()).build()) {
      // set body, sent to the node that does not lead the shard: forwarded, merged and embedded on the leader.
      String body = others.get(0).text();
      long before = embedded();
      atomicSet(toFollower, coll, id, "body", body, null);
      client().commit(coll);
      assertEquals("embedded once, on the leader, not again on the replica", passagesOf(title, body, lang),
          embedded() - before);
      assertArticleOnEveryReplica(coll, id, title, body, lang);

      // set title, sent to the leader's node.
      title = others.get(1).title();
      before = embedded();
      atomicSet(toLeader, coll, id, "title", title, null);
      client().commit(coll);
      assertEquals(passagesOf(title, body, lang), embedded() - before);
      assertArticleOnEveryReplica(coll, id, title, body, lang);

      // Another field: nothing embedded, vector and passages kept (Solr's own merge, with the children).
      before = embedded();
      atomicSet(toFollower, coll, id, "product", "atomic-product", null);
      client().commit(coll);
      assertEquals(0, embedded() - before);
      assertArticleOnEveryReplica(coll, id, title, body, lang);
      // The vector is the plugin's: an atomic update of it is refused.
      SolrInputDocument setVector = new SolrInputDocument();
      setVector.setField("id", id);
      setVector.setField("vector", Map.of("set", java.util.Collections.nCopies(384, 0.05f)));
      SolrException refused = expectThrows(SolrException.class, () -> new UpdateRequest().add(setVector).process(client(), coll));
      assertEquals(400, refused.code());
      assertTrue(refused.getMessage(), refused.getMessage().contains("which clir computes from the text"));
      assertEquals("atomic-product", select(coll, "q", "id:\"" + id + "\"", "fl", "product").getResults().get(0)
          .getFieldValue("product"));

      // A writer changes the document between the leader's read and its write: Solr refuses the write (the version
      // moved), the leader reads, merges and embeds again, and both changes are kept.
      String racingBody = others.get(2).text();
      before = embedded();
      ClirEmbeddingUpdateProcessorFactory.beforeLeaderWrite = oneShot(id, () -> atomicSet(client(), coll, id, "product", "raced", null));
      try {
        atomicSet(toFollower, coll, id, "body", racingBody, null);
      } finally {
        ClirEmbeddingUpdateProcessorFactory.beforeLeaderWrite = null;
      }
      client().commit(coll);
      assertEquals("embedded twice: the refused write and the one after merging again",
          2 * passagesOf(title, racingBody, lang), embedded() - before);
      body = racingBody;
      assertArticleOnEveryReplica(coll, id, title, body, lang);
      assertEquals("the other writer's change is kept", "raced",
          select(coll, "q", "id:\"" + id + "\"", "fl", "product").getResults().get(0).getFieldValue("product"));

      // The same race when the client sent the version it read: its condition no longer holds, so it gets the 409.
      long version = (Long) select(coll, "q", "id:\"" + id + "\"", "fl", "_version_").getResults().get(0)
          .getFieldValue("_version_");
      ClirEmbeddingUpdateProcessorFactory.beforeLeaderWrite = oneShot(id, () -> atomicSet(client(), coll, id, "product", "raced-again", null));
      try {
        SolrException e = expectThrows(SolrException.class,
            () -> atomicSet(toLeader, coll, id, "body", others.get(3).text(), version));
        assertEquals(409, e.code());
      } finally {
        ClirEmbeddingUpdateProcessorFactory.beforeLeaderWrite = null;
      }
      client().commit(coll);
      assertArticleOnEveryReplica(coll, id, title, body, lang);
      assertEquals("raced-again", select(coll, "q", "id:\"" + id + "\"", "fl", "product").getResults().get(0)
          .getFieldValue("product"));

      // Leadership moving to the receiving core between this plugin's look-up and Solr's: Solr merges the update there
      // without embedding; the plugin sees it and re-embeds the merged document at once.
      String movedBody = others.get(3).text();
      before = embedded();
      ClirEmbeddingUpdateProcessorFactory.misjudgeLeadership = true;
      try {
        atomicSet(toLeader, coll, id, "body", movedBody, null);
      } finally {
        ClirEmbeddingUpdateProcessorFactory.misjudgeLeadership = false;
      }
      client().commit(coll);
      assertEquals(passagesOf(title, movedBody, lang), embedded() - before);
      assertArticleOnEveryReplica(coll, id, title, movedBody, lang);
    } finally {
      CollectionAdminRequest.deleteCollection(coll).process(client());
    }
  }

  private static Consumer<String> oneShot(String id, ThrowingRunnable writer) {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    return forId -> {
      if (forId.equals(id) && done.compareAndSet(false, true)) {
        try {
          writer.run();
        } catch (Throwable t) {
          throw new AssertionError("the racing writer failed", t);
        }
      }
    };
  }

  private static void atomicSet(org.apache.solr.client.solrj.SolrClient to, String coll, String id, String field,
      String value, Long version) throws Exception {
    SolrInputDocument d = new SolrInputDocument();
    d.setField("id", id);
    d.setField(field, Map.of("set", value));
    if (version != null) {
      d.setField("_version_", version);
    }
    new UpdateRequest().add(d).process(to, coll);
  }

  private static QueryResponse select(String coll, String... kv) throws Exception {
    ModifiableSolrParams p = new ModifiableSolrParams();
    for (int i = 0; i < kv.length; i += 2) {
      p.add(kv[i], kv[i + 1]);
    }
    return new QueryRequest(p).process(client(), coll);
  }

  /** The shard a document's id routes to. */
  private static org.apache.solr.common.cloud.Slice shardOf(String coll, String id) {
    org.apache.solr.common.cloud.DocCollection c = client().getClusterState().getCollection(coll);
    return c.getRouter().getTargetSlice(id, null, null, null, c);
  }

  private static List<dev.clir.chunk.Passage> split(String title, String body, String lang) {
    return new dev.clir.chunk.PassageSplitter(standaloneEmbedder.tokenizer(), dev.clir.chunk.ChunkingConfig.DEFAULTS)
        .split(title, body, java.util.Locale.forLanguageTag(lang));
  }

  private static long passagesOf(String title, String body, String lang) {
    return split(title, body, lang).size();
  }

  /**
   * Asked of each replica of the article's shard directly: the article has this text, the vector of its first passage, and exactly the passages
   * of this text (none left from an older one).
   */
  private static void assertArticleOnEveryReplica(String coll, String id, String title, String body, String lang)
      throws Exception {
    List<dev.clir.chunk.Passage> passages = split(title, body, lang);
    // All passages in one call, as the plugin embeds them (the int8 test model quantises activations per batch).
    float[] expected = standaloneEmbedder.embed(dev.clir.embed.TextKind.PASSAGE,
        passages.stream().map(dev.clir.chunk.Passage::embeddingText).toList()).vector(0);
    for (org.apache.solr.common.cloud.Replica r : shardOf(coll, id).getReplicas()) {
      try (org.apache.solr.client.solrj.SolrClient direct =
          new org.apache.solr.client.solrj.impl.HttpSolrClient.Builder(r.getBaseUrl() + "/" + r.getCoreName()).build()) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", "id:\"" + id + "\"");
        p.set("distrib", "false");
        p.set("fl", "title,body,vector");
        SolrDocument article = direct.query(p).getResults().get(0);
        String where = r.getNodeName() + " " + id;
        assertEquals(where, title, article.getFieldValue("title"));
        assertEquals(where, body, article.getFieldValue("body"));
        List<?> vector = (List<?>) article.getFieldValue("vector");
        for (int i = 0; i < expected.length; i++) {
          assertEquals(where + ": vector of the current text at " + i, expected[i], ((Number) vector.get(i)).floatValue(), 1e-3);
        }
        p = new ModifiableSolrParams();
        p.set("q", "_root_:\"" + id + "\" AND _nest_path_:*");
        p.set("distrib", "false");
        p.set("fl", "passage_text,passage_ordinal");
        p.set("sort", "passage_ordinal asc");
        p.set("rows", "100");
        SolrDocumentList children = direct.query(p).getResults();
        assertEquals(where + ": the passages of the current text and no others", passages.size(), children.getNumFound());
        for (int i = 0; i < passages.size(); i++) {
          assertEquals(where + " passage " + i, passages.get(i).text(), children.get(i).getFieldValue("passage_text"));
        }
      }
    }
  }

  @Test
  public void eachDocumentAndEachQuestionIsEmbeddedOnce() throws Exception {
    assertEquals("every passage embedded once, on the receiving node, never again on a leader or replica",
        standalone.passageCount(), passagesEmbeddedAtIndexing);
    // A question no test asked before (no core has it cached): one embedding per request, on the coordinating node,
    // although both shards run the kNN.
    String question = "Como posso exportar os meus dados? " + random().nextInt(1_000_000);
    long before = embedded();
    QueryResponse rsp = query("/select", "q", "{!clir f=vector topK=5}" + question, "fl", "id", "rows", "5");
    assertEquals(5, rsp.getResults().size());
    assertEquals("embedded once for a two-shard request", 1, embedded() - before);
    String other = "Onde vejo as minhas faturas? " + random().nextInt(1_000_000);
    before = embedded();
    query("/ask", "question", other, "topK", TOP_K, "rows", "5");
    assertEquals("/ask embeds once too", 1, embedded() - before);
    // The function form, in a re-rank query and in fl at once: still one embedding for the request.
    String third = "Como altero o meu plano? " + random().nextInt(1_000_000);
    before = embedded();
    rsp = query("/select", "q", ARTICLES, "question", third, "rq",
        "{!rerank reRankQuery=$rr reRankDocs=100 reRankWeight=1 reRankOperator=replace}", "rr",
        "{!func}clir(vector,$question)", "fl", "id,sim:clir(vector,$question)", "rows", "5");
    assertEquals(5, rsp.getResults().size());
    assertEquals("clir() embeds once too", 1, embedded() - before);
    // Shards given the coordinator's vector rank exactly as before, even when a client sends a vector of its own
    // under the same parameter.
    HelpCenter.Question q = help.question("qa02-pt");
    assertSameRanking("vector sent to shards", standalone.firstPassage(q.text(), 5, a -> true),
        query("/select", "q", "{!clir f=vector topK=" + TOP_K + "}" + q.text(), "fl", "id,score", "rows", "5").getResults());
    float[] zeros = new float[384];
    zeros[0] = 1;
    assertSameRanking("a client's clir.qv is replaced", standalone.firstPassage(q.text(), 5, a -> true),
        query("/select", "q", "{!clir f=vector topK=" + TOP_K + "}" + q.text(), "fl", "id,score", "rows", "5",
            ClirQParserPlugin.vectorParam(q.text()), ClirQParserPlugin.formatVector(zeros)).getResults());
  }

  @Test
  public void theThresholdFormReturnsEveryArticleAtLeastThatSimilar() throws Exception {
    HelpCenter.Question q = help.question("qa02-pt");
    List<Hit> all = standalone.firstPassage(q.text(), indexed.size(), a -> true);
    int k = 6;
    while (all.get(k - 1).score() - all.get(k).score() < 1e-3) {
      k++;
    }
    float threshold = (all.get(k - 1).score() + all.get(k).score()) / 2;
    QueryResponse rsp = query("/select", "q", "{!clir f=vector minReturn=" + threshold + "}" + q.text(),
        "fl", "id,score", "rows", "100");
    assertSameRanking("minReturn=" + threshold, all.subList(0, k), rsp.getResults());
  }

  @Test
  public void theFunctionFormReRanksAnotherQuerysResultsExactly() throws Exception {
    HelpCenter.Question q = help.question("qb02-pt");
    // Every article is a candidate of the first query (far more than any topK); each gets its exact similarity.
    QueryResponse rsp = query("/select", "q", ARTICLES, "question", q.text(),
        "rq", "{!rerank reRankQuery=$rr reRankDocs=1000 reRankWeight=1 reRankOperator=replace}", "rr", "{!func}clir(vector,$question)",
        "fl", "id,score,sim:clir(vector,$question)", "rows", "10");
    List<Hit> expected = standalone.firstPassage(q.text(), 10, a -> true);
    assertSameRanking("rerank by clir()", expected, rsp.getResults());
    for (SolrDocument d : rsp.getResults()) {
      assertEquals(d.getFieldValue("id").toString(), (Float) d.getFieldValue("score"),
          ((Number) d.getFieldValue("sim")).floatValue(), 1e-5);
    }
    // The corpus is far larger than a kNN's topK: all 40 articles re-ranked by clir() get their exact similarity, in
    // the standalone order, while a kNN query of topK=3 as reRankQuery scores only the 3 nearest per shard and leaves
    // the other 34 with the first query's score (1 for this match-all query), unordered by meaning -- the recipe the
    // README warns against.
    rsp = query("/select", "q", ARTICLES, "question", q.text(),
        "rq", "{!rerank reRankQuery=$rr reRankDocs=1000 reRankWeight=1 reRankOperator=replace}", "rr", "{!func}clir(vector,$question)",
        "fl", "id,score", "rows", "1000");
    assertSameRanking("all articles by clir()", standalone.firstPassage(q.text(), indexed.size(), a -> true), rsp.getResults());
    rsp = query("/select", "q", ARTICLES, "rq", "{!rerank reRankQuery=$rr reRankDocs=1000 reRankWeight=1 reRankOperator=replace}",
        "rr", "{!clir f=vector topK=3}" + q.text(), "fl", "id,score", "rows", "1000");
    assertEquals(indexed.size(), rsp.getResults().size());
    assertEquals("a kNN re-rank query scores only its topK per shard", 6,
        rsp.getResults().stream().filter(d -> (Float) d.getFieldValue("score") != 1f).count());
    // A hybrid: keyword hits, ordered by meaning, whatever their rank in a kNN search.
    rsp = query("/select", "q", "{!edismax qf=body}password account", "question", q.text(), "fq", "-_nest_path_:*",
        "rq", "{!rerank reRankQuery=$rr reRankDocs=1000 reRankWeight=1 reRankOperator=replace}", "rr", "{!func}clir(vector,$question)",
        "fl", "id,score", "rows", "1000");
    Set<String> lexical = new HashSet<>(ids(query("/select", "q", "{!edismax qf=body}password account", "fq",
        "-_nest_path_:*", "fl", "id", "rows", "1000").getResults()));
    assertTrue("the keyword query matches several articles: " + lexical, lexical.size() >= 3);
    assertSameRanking("hybrid", standalone.firstPassage(q.text(), lexical.size(), a -> lexical.contains(a.id())),
        rsp.getResults());
  }

  private static long count(String q) throws Exception {
    return query("/select", "q", q, "rows", "0").getResults().getNumFound();
  }

  private static SolrInputDocument extraArticle(int nth, String idPrefix, String category) {
    HelpCenter.Article a = help.articles.stream().filter(x -> !indexed.contains(x)).skip(nth).findFirst().orElseThrow();
    SolrInputDocument doc = a.toSolr();
    doc.setField("id", idPrefix + a.id());
    doc.setField("category", category);
    return doc;
  }

  @Test
  public void deleteByQueryTakesTheArticlesPassagesAlong() throws Exception {
    SolrInputDocument one = extraArticle(0, "dbq-", "dbq-a");
    SolrInputDocument two = extraArticle(1, "dbq-", "dbq-b");
    SolrInputDocument three = extraArticle(2, "dbq-", "dbq-b");
    new UpdateRequest().add(List.of(one, two, three)).process(client(), COLLECTION);
    client().commit(COLLECTION);
    long all = count("*:*");
    String id = (String) one.getFieldValue("id");
    assertTrue("the article has passages", count("_root_:\"" + id + "\" AND _nest_path_:*") > 0);

    new UpdateRequest().deleteByQuery("id:\"" + id + "\"").process(client(), COLLECTION);
    client().commit(COLLECTION);
    assertEquals("no passage outlives its article", 0, count("_root_:\"" + id + "\""));
    // A query on an article field, with quotes and a local-params query, removes whole articles too.
    new UpdateRequest().deleteByQuery("{!term f=category}dbq-b").process(client(), COLLECTION);
    client().commit(COLLECTION);
    assertEquals(0, count("id:dbq-* OR _root_:dbq-*"));
    assertEquals(all - 1 - standalonePassages(one) - 2 - standalonePassages(two) - standalonePassages(three), count("*:*"));
    // Everything else is untouched: the ranking of the indexed articles is as before.
    HelpCenter.Question q = help.question("qa01-en");
    assertSameRanking("after deletes", standalone.bestPassage(q.text(), 5, a -> true),
        query("/ask", "question", q.text(), "topK", TOP_K, "rows", "5", "fl", "id,score").getResults());
  }

  private static long standalonePassages(SolrInputDocument doc) {
    HelpCenter.Article a = new HelpCenter.Article((String) doc.getFieldValue("id"), (String) doc.getFieldValue("title"),
        (String) doc.getFieldValue("body"), null, (String) doc.getFieldValue("lang"), "", "");
    return new StandaloneRanking(standaloneEmbedder, List.of(a)).passageCount(a.id());
  }

  @Test
  public void aDocumentPostedAgainWithItsOldVectorIsEmbeddedFromItsNewText() throws Exception {
    SolrInputDocument doc = extraArticle(3, "repost-", "repost");
    String id = (String) doc.getFieldValue("id");
    new UpdateRequest().add(doc).process(client(), COLLECTION);
    client().commit(COLLECTION);
    try {
      // What a client gets back with fl=*, posted again with a new body: its old vector must not stay.
      SolrDocument stored = query("/select", "q", "id:\"" + id + "\"", "fl", "*").getResults().get(0);
      assertNotNull(stored.getFieldValue("vector"));
      SolrInputDocument again = new SolrInputDocument();
      for (String f : stored.getFieldNames()) {
        if (!f.equals("_version_")) {
          again.setField(f, stored.getFieldValue(f));
        }
      }
      HelpCenter.Article other = help.articles.get(0);
      again.setField("title", other.title());
      again.setField("body", other.text());
      again.setField("lang", other.lang());
      new UpdateRequest().add(again).process(client(), COLLECTION);
      client().commit(COLLECTION);

      HelpCenter.Article renamed = new HelpCenter.Article(id, other.title(), other.text(), null, other.lang(), "", "");
      StandaloneRanking fresh = new StandaloneRanking(standaloneEmbedder, List.of(renamed));
      assertEquals("the passages of the new text", fresh.passageCount(id),
          count("_root_:\"" + id + "\" AND _nest_path_:*"));
      List<?> vector = (List<?>) query("/select", "q", "id:\"" + id + "\"", "fl", "vector").getResults().get(0)
          .getFieldValue("vector");
      float[] expected = standaloneEmbedder.embed(dev.clir.embed.TextKind.PASSAGE,
          List.of(new dev.clir.chunk.PassageSplitter(standaloneEmbedder.tokenizer(), dev.clir.chunk.ChunkingConfig.DEFAULTS)
              .split(other.title(), other.text(), java.util.Locale.forLanguageTag(other.lang())).get(0).embeddingText()))
          .vector(0);
      for (int i = 0; i < expected.length; i++) {
        assertEquals("vector of the new text at " + i, expected[i], ((Number) vector.get(i)).floatValue(), 5e-3);
      }
    } finally {
      new UpdateRequest().deleteById(id).process(client(), COLLECTION);
      client().commit(COLLECTION);
    }
  }

  @Test
  public void aCollectionPropertyOrAnUntrustedConfigsetCannotChooseTheModel() throws Exception {
    try (org.apache.solr.util.LogListener errors = org.apache.solr.util.LogListener.error()) {
      Exception e = expectThrows(Exception.class, () -> CollectionAdminRequest.createCollection("chooser", CONFIG, 1, 1)
          .setProperties(Map.of("clir.model", "someone/some-model")).process(client()));
      String nodes = fullMessage(e) + logged(errors);
      assertTrue(nodes, nodes.contains("the collection or core property 'clir.model' is refused"));
      assertFalse("no node path in the refusal: " + nodes, fullMessage(e).contains(HelpCenter.testModelDir().toString()));
    } finally {
      deleteIfPresent("chooser");
    }
    // A configset naming its own model, uploaded and then marked untrusted as the Configsets API marks
    // unauthenticated uploads.
    Path named = createTempDir("configset-naming");
    for (String f : List.of("solrconfig.xml", "managed-schema.xml")) {
      Files.writeString(named.resolve(f), Files.readString(configset().resolve(f)).replace(
          "class=\"dev.clir.solr.ClirQParserPlugin\">", "class=\"dev.clir.solr.ClirQParserPlugin\">\n    <str name=\"model\">someone/some-model</str>"));
    }
    cluster.uploadConfigSet(named, "untrusted");
    cluster.getJettySolrRunner(0).getCoreContainer().getConfigSetService().setConfigSetTrust("untrusted", false);
    try (org.apache.solr.util.LogListener errors = org.apache.solr.util.LogListener.error()) {
      Exception e = expectThrows(Exception.class,
          () -> CollectionAdminRequest.createCollection("untrusted_kb", "untrusted", 1, 1).process(client()));
      String nodes = fullMessage(e) + logged(errors);
      assertTrue(nodes, nodes.contains("it is untrusted"));
    } finally {
      deleteIfPresent("untrusted_kb");
    }
  }

  private static String logged(org.apache.solr.util.LogListener listener) {
    StringBuilder sb = new StringBuilder();
    for (org.apache.logging.log4j.core.LogEvent event : listener.getQueue()) {
      sb.append(event.getMessage().getFormattedMessage()).append(" | ");
      for (Throwable c = event.getThrown(); c != null; c = c.getCause()) {
        sb.append(c.getMessage()).append(" | ");
      }
    }
    listener.clearQueue();
    return sb.toString();
  }

  private static void deleteIfPresent(String collection) throws Exception {
    if (client().getClusterState().hasCollection(collection)) {
      CollectionAdminRequest.deleteCollection(collection).process(client());
    }
  }

  /**
   * A node killed without a commit (Solr's own crash injection, as its TestRecovery does) replays its transaction log:
   * articles, passages and vectors come back. A second collection with two replicas of its shard, one on each node,
   * keeps answering and indexing while that node is down, and the returning replica catches up; no document is
   * embedded again on the way.
   */
  @Test
  public void aCrashedNodeReplaysItsLogAndAReplicaCatchesUp() throws Exception {
    String replicated = "kb_two_replicas";
    CollectionAdminRequest.createCollection(replicated, CONFIG, 1, 2).process(client());
    cluster.waitForActiveCollection(replicated, 1, 2);
    List<SolrInputDocument> first = List.of(extraArticle(4, "r-", "replicas"), extraArticle(5, "r-", "replicas"));
    new UpdateRequest().add(first).process(client(), replicated);
    client().commit(replicated);

    HelpCenter.Question q = help.question("qb01-pt");
    QueryResponse before = query("/ask", "question", q.text(), "topK", "5", "rows", "5", "fl", "id,score");
    long docsBefore = count("*:*");
    // One more article in kb, acknowledged but not committed, then an atomic update of its body, also uncommitted:
    // both live in the transaction log only (the second as the merged, embedded article the leader wrote).
    SolrInputDocument doc = extraArticle(0, "crash-", "crash-test");
    String id = (String) doc.getFieldValue("id");
    new UpdateRequest().add(doc).process(client(), COLLECTION);
    String title = (String) doc.getFieldValue("title");
    String lang = (String) doc.getFieldValue("lang");
    String newBody = help.articles.stream().filter(x -> !indexed.contains(x) && x.lang().equals(lang)).skip(30)
        .findFirst().orElseThrow().text();
    atomicSet(client(), COLLECTION, id, "body", newBody, null);
    long extraPassages = passagesOf(title, newBody, lang);

    // The node that holds the article's shard (one replica): what it had not committed can only come back from its log.
    JettySolrRunner victim = cluster.getReplicaJetty(shardOf(COLLECTION, id).getLeader());
    long embeddedBefore = embedded();
    TestInjection.skipIndexWriterCommitOnClose = true;
    try {
      cluster.stopJettySolrRunner(victim);
      cluster.waitForJettyToStop(victim);
    } finally {
      TestInjection.skipIndexWriterCommitOnClose = false;
    }
    // One node down: the replicated collection still answers and takes new articles.
    cluster.waitForActiveCollection(replicated, 30, TimeUnit.SECONDS, 1, 1);
    List<SolrInputDocument> second = List.of(extraArticle(6, "r-", "replicas"), extraArticle(7, "r-", "replicas"));
    new UpdateRequest().add(second).process(client(), replicated);
    client().commit(replicated);
    ModifiableSolrParams articles = new ModifiableSolrParams();
    articles.set("q", ARTICLES);
    articles.set("rows", "0");
    assertEquals(4, new QueryRequest(articles).process(client(), replicated).getResults().getNumFound());

    cluster.startJettySolrRunner(victim);
    cluster.waitForNode(victim, 60);
    cluster.waitForActiveCollection(COLLECTION, 60, TimeUnit.SECONDS);
    cluster.waitForActiveCollection(replicated, 60, TimeUnit.SECONDS, 1, 2);
    client().commit(COLLECTION);
    client().commit(replicated);
    long embeddedDuringOutage = embedded() - embeddedBefore;
    try {
      assertEquals("articles, passages and the uncommitted article survive the crash", docsBefore + 1 + extraPassages,
          count("*:*"));
      QueryResponse replayed = query("/select", "q", "{!clir f=vector topK=1}" + doc.getFieldValue("title"),
          "fq", "category:crash-test", "fl", "id");
      assertEquals("the replayed article kept its vector", doc.getFieldValue("id"),
          replayed.getResults().get(0).getFieldValue("id"));
      long replayedPassages = count("_root_:\"" + doc.getFieldValue("id") + "\" AND _nest_path_:*");
      assertEquals("and its passages", extraPassages, replayedPassages);
      assertArticleOnEveryReplica(COLLECTION, id, title, newBody, lang);
      // Each replica of the replicated collection holds every article and passage, asked directly.
      long expected = 4 + first.stream().mapToLong(ClirSolrCloudTest::standalonePassages).sum()
          + second.stream().mapToLong(ClirSolrCloudTest::standalonePassages).sum();
      for (org.apache.solr.common.cloud.Replica r : client().getClusterState().getCollection(replicated).getReplicas()) {
        try (org.apache.solr.client.solrj.SolrClient direct =
            new org.apache.solr.client.solrj.impl.HttpSolrClient.Builder(r.getBaseUrl() + "/" + r.getCoreName()).build()) {
          ModifiableSolrParams p = new ModifiableSolrParams();
          p.set("q", "*:*");
          p.set("distrib", "false");
          p.set("rows", "0");
          assertEquals(r.getNodeName(), expected, direct.query(p).getResults().getNumFound());
        }
      }
      assertEquals("only the articles sent while the node was down were embedded; recovery and replay embed nothing",
          second.stream().mapToLong(ClirSolrCloudTest::standalonePassages).sum(), embeddedDuringOutage);
    } finally {
      new UpdateRequest().deleteByQuery("id:\"" + doc.getFieldValue("id") + "\"").process(client(), COLLECTION);
      client().commit(COLLECTION);
      CollectionAdminRequest.deleteCollection(replicated).process(client());
    }
    QueryResponse after = query("/ask", "question", q.text(), "topK", "5", "rows", "5", "fl", "id,score");
    assertEquals(ids(before.getResults()), ids(after.getResults()));
    assertEquals(docsBefore, count("*:*"));
  }
}
