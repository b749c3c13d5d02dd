package dev.clir.solr;

import dev.clir.embed.EmbedderOptions;
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

    configureCluster(2).addConfig(CONFIG, configset()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, CONFIG, 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);

    help = HelpCenter.load();
    indexed = help.subsetFor(NEEDS, SUBSET);
    UpdateRequest add = new UpdateRequest();
    for (HelpCenter.Article a : indexed) {
      add.add(a.toSolr());
    }
    add.process(cluster.getSolrClient(), COLLECTION);
    cluster.getSolrClient().commit(COLLECTION);

    standaloneEmbedder = OnnxEmbedder.open(model, dev.clir.model.ModelOverrides.NONE,
        EmbedderOptions.builder().intraOpThreads(1).build());
    standalone = new StandaloneRanking(standaloneEmbedder, indexed);
    log.info("indexed {} articles, {} passages", indexed.size(), standalone.passageCount());
  }

  @AfterClass
  public static void closeStandalone() {
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

    // A collection of its own, then its configset is switched to a different model and the collection reloaded.
    String mm = "mismatch";
    CollectionAdminRequest.createCollection(mm, CONFIG, 1, 1).process(client());
    cluster.waitForActiveCollection(mm, 1, 1);
    Path other = createTempDir("configset-other");
    for (String f : List.of("solrconfig.xml", "managed-schema.xml")) {
      String text = Files.readString(configset().resolve(f));
      Files.writeString(other.resolve(f), text.replace("${clir.model}", alteredModel.toString()));
    }
    cluster.uploadConfigSet(other, "clir-other");
    try {
      CollectionAdminRequest.modifyCollection(mm, Map.of("collection.configName", "clir-other")).process(client());
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

  @Test
  public void atomicUpdatesOfTheTextAreRefusedOthersKeepTheVectors() throws Exception {
    HelpCenter.Article a = indexed.get(indexed.size() - 1);
    SolrInputDocument setBody = new SolrInputDocument();
    setBody.setField("id", a.id());
    setBody.setField("body", Map.of("set", "new text"));
    SolrException e = expectThrows(SolrException.class, () -> new UpdateRequest().add(setBody).process(client(), COLLECTION));
    assertTrue(e.getMessage(), e.getMessage().contains("send the whole document"));

    // An atomic update of another field passes through; the article keeps its vector and its passages.
    long passages = query("/select", "q", "_root_:" + a.id(), "fq", "_nest_path_:*", "rows", "0").getResults().getNumFound();
    SolrInputDocument setProduct = new SolrInputDocument();
    setProduct.setField("id", a.id());
    setProduct.setField("product", Map.of("set", "atomic-" + a.product()));
    new UpdateRequest().add(setProduct).process(client(), COLLECTION);
    client().commit(COLLECTION);
    try {
      SolrDocument after = query("/select", "q", "id:" + a.id(), "fl", "id,product,vector").getResults().get(0);
      assertEquals("atomic-" + a.product(), after.getFieldValue("product"));
      assertEquals(384, ((List<?>) after.getFieldValue("vector")).size());
      assertEquals(passages,
          query("/select", "q", "_root_:" + a.id(), "fq", "_nest_path_:*", "rows", "0").getResults().getNumFound());
    } finally {
      new UpdateRequest().add(a.toSolr()).process(client(), COLLECTION);
      client().commit(COLLECTION);
    }
  }

  @Test
  public void aNodeRestartLosesNothing() throws Exception {
    HelpCenter.Question q = help.question("qb01-pt");
    QueryResponse before = query("/ask", "question", q.text(), "topK", "5", "rows", "5", "fl", "id,score");
    long docsBefore = query("/select", "q", "*:*", "rows", "0").getResults().getNumFound();

    // One more article, sent but not committed: it lives in the transaction log only.
    HelpCenter.Article extra = help.articles.stream().filter(x -> !indexed.contains(x)).findFirst().orElseThrow();
    SolrInputDocument doc = extra.toSolr();
    doc.setField("id", "restart-" + extra.id());
    doc.setField("category", "restart-test");
    new UpdateRequest().add(doc).process(client(), COLLECTION);

    for (JettySolrRunner jetty : new ArrayList<>(cluster.getJettySolrRunners())) {
      cluster.stopJettySolrRunner(jetty);
      cluster.waitForJettyToStop(jetty);
      cluster.startJettySolrRunner(jetty);
      cluster.waitForNode(jetty, 60);
    }
    cluster.waitForActiveCollection(COLLECTION, 60, TimeUnit.SECONDS);
    client().commit(COLLECTION);
    try {
      long docsAfter = query("/select", "q", "*:*", "rows", "0").getResults().getNumFound();
      int extraPassages = 1 + new StandaloneRanking(standaloneEmbedder, List.of(extra)).passageCount(extra.id());
      assertEquals("articles, passages and the uncommitted article survive", docsBefore + extraPassages, docsAfter);
      QueryResponse restarted = query("/select", "q", "{!clir f=vector topK=1}" + extra.title(), "fq", "category:restart-test",
          "fl", "id");
      assertEquals("the uncommitted article kept its vector", "restart-" + extra.id(),
          restarted.getResults().get(0).getFieldValue("id"));
    } finally {
      new UpdateRequest().deleteByQuery("_root_:restart-" + extra.id()).process(client(), COLLECTION);
      client().commit(COLLECTION);
    }
    QueryResponse after = query("/ask", "question", q.text(), "topK", "5", "rows", "5", "fl", "id,score");
    assertEquals(ids(before.getResults()), ids(after.getResults()));
    assertEquals(docsBefore, query("/select", "q", "*:*", "rows", "0").getResults().getNumFound());
  }

}
