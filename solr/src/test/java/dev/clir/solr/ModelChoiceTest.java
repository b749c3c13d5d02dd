package dev.clir.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.jupiter.api.Test;

/** Who chooses the model (the node's operator), what a configset or a collection may not, and the node's settings. */
class ModelChoiceTest {
  static final String WHERE = "test plugin";
  static final NodeSettings NODE = NodeSettings.read(Map.of(NodeSettings.MODEL, "intfloat/multilingual-e5-small",
      NodeSettings.INTRA_OP_THREADS, "2")::get);

  static ModelChoice configset(Object... kv) {
    NamedList<Object> args = new NamedList<>();
    for (int i = 0; i < kv.length; i += 2) {
      args.add((String) kv[i], kv[i + 1]);
    }
    ModelChoice c = ModelChoice.read(args, WHERE);
    assertThat(args.size()).isZero();
    return c;
  }

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void theNodesModelIsTheDefaultAndRunsWithTheNodesOptions() {
    ModelConfig m = configset().choose(NODE, false, props("collection", "kb"), WHERE);
    assertThat(m.model()).isEqualTo("intfloat/multilingual-e5-small");
    assertThat(m.options().intraOpThreads()).isEqualTo(2);
  }

  @Test
  void aCollectionPropertyCannotChooseTheModel() {
    for (String name : NodeSettings.ALL) {
      assertThatThrownBy(() -> configset().choose(NODE, true, props(name, "someone/some-model"), WHERE))
          .isInstanceOfSatisfying(SolrException.class, e -> assertThat(e.code()).isEqualTo(500))
          .hasMessageContaining("the collection or core property '" + name + "' is refused")
          .hasMessageContaining("chosen by the node's operator")
          .hasMessageNotContaining("someone/some-model");
    }
  }

  @Test
  void anUntrustedConfigsetCannotChooseTheModelATrustedOneCan() {
    assertThatThrownBy(() -> configset(ModelConfig.MODEL, "someone/some-model").choose(NODE, false, props(), WHERE))
        .isInstanceOf(SolrException.class)
        .hasMessageContaining("it is untrusted")
        .hasMessageContaining("to use the node's model (clir.model)");
    assertThatThrownBy(() -> configset(ModelConfig.QUANTIZED, true).choose(NODE, false, props(), WHERE))
        .hasMessageContaining("it is untrusted");
    ModelConfig trusted = configset(ModelConfig.MODEL, "intfloat/e5-small-v2", ModelConfig.QUANTIZED, "true")
        .choose(NODE, true, props(), WHERE);
    assertThat(trusted.model()).isEqualTo("intfloat/e5-small-v2");
    assertThat(trusted.quantized()).isTrue();
    assertThat(trusted.options().intraOpThreads()).as("run options stay the node's").isEqualTo(2);
  }

  @Test
  void runOptionsAreTheNodesAndANodeWithoutAModelSaysWhereToSetIt() {
    for (String nodeOnly : List.of("intraOpThreads", "batchSize")) {
      assertThatThrownBy(() -> configset(nodeOnly, 64))
          .hasMessageContaining("'" + nodeOnly + "' is a node setting (clir." + nodeOnly);
    }
    assertThatThrownBy(() -> configset().choose(NodeSettings.read(n -> null), true, props(), WHERE))
        .hasMessageContaining("this node names no embedding model")
        .hasMessageContaining("-Dclir.model=");
  }

  @Test
  void solrXmlPropertiesAreNodeSettingsAndWinOverSystemProperties() {
    java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    Properties xml = org.apache.solr.core.SolrXmlConfig.fromString(home, "<solr>"
        + "<property name=\"clir.model\" value=\"intfloat/multilingual-e5-base\"/>"
        + "<property name=\"clir.download\" value=\"true\"/></solr>").getSolrProperties();
    String savedModel = System.getProperty(NodeSettings.MODEL);
    String savedThreads = System.getProperty(NodeSettings.INTRA_OP_THREADS);
    System.setProperty(NodeSettings.MODEL, "intfloat/multilingual-e5-small");
    System.setProperty(NodeSettings.INTRA_OP_THREADS, "3");
    try {
      NodeSettings node = NodeSettings.of(xml);
      assertThat(node.model().model()).isEqualTo("intfloat/multilingual-e5-base");
      assertThat(node.options().intraOpThreads()).as("from the system property").isEqualTo(3);
      assertThat(node.downloads().permits("intfloat/multilingual-e5-base")).isTrue();
    } finally {
      restore(NodeSettings.MODEL, savedModel);
      restore(NodeSettings.INTRA_OP_THREADS, savedThreads);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  @Test
  void downloadsAreOffUnlessSwitchedOnAndThenOnlyForAllowedIds() {
    assertThat(NODE.downloads().permits("intfloat/multilingual-e5-small")).isFalse();
    NodeSettings on = NodeSettings.read(Map.of(NodeSettings.MODEL, "intfloat/multilingual-e5-small",
        NodeSettings.DOWNLOAD, "true")::get);
    assertThat(on.downloads().permits("intfloat/multilingual-e5-small")).as("the node's own id").isTrue();
    assertThat(on.downloads().permits("someone/some-model")).isFalse();
    assertThat(on.downloads().maxBytes()).isEqualTo(2L << 30);
    NodeSettings patterns = NodeSettings.read(Map.of(NodeSettings.DOWNLOAD, "true",
        NodeSettings.DOWNLOAD_ALLOW, "intfloat/*, BAAI/bge-m3", NodeSettings.DOWNLOAD_MAX_BYTES, "500m")::get);
    assertThat(patterns.downloads().permits("intfloat/multilingual-e5-large")).isTrue();
    assertThat(patterns.downloads().permits("BAAI/bge-m3")).isTrue();
    assertThat(patterns.downloads().permits("BAAI/bge-m3x")).isFalse();
    assertThat(patterns.downloads().permits("evil/intfloat/x")).isFalse();
    assertThat(patterns.downloads().maxBytes()).isEqualTo(500L << 20);
    assertThatThrownBy(() -> NodeSettings.read(Map.of(NodeSettings.DOWNLOAD, "yes")::get))
        .hasMessageContaining("clir.download must be true or false, not 'yes'");
    assertThatThrownBy(() -> NodeSettings.read(Map.of(NodeSettings.DOWNLOAD_MAX_BYTES, "lots")::get))
        .hasMessageContaining("clir.download.maxBytes must be a byte count");
  }
}
