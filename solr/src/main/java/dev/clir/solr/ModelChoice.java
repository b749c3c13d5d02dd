package dev.clir.solr;

import static dev.clir.solr.ModelConfig.MODEL;
import static dev.clir.solr.ModelConfig.QUANTIZED;
import static dev.clir.solr.ModelConfig.REVISION;

import java.io.IOException;
import java.util.Properties;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrResourceLoader;

/**
 * Which model a core runs. The node's operator chooses it ({@link NodeSettings}: {@code clir.model} in
 * {@code solr.xml} or {@code SOLR_OPTS}); a plugin's {@code <str name="model">} in {@code solrconfig.xml} may name
 * another only when the configset is <em>trusted</em> (uploaded by someone with access to ZooKeeper or the file
 * system, or through an authenticated Configsets API call). Refused, with a message that names the setting and shows
 * no path of the node:
 *
 * <ul>
 *   <li>a collection or core property named like a node setting ({@code CREATE ... property.clir.model=...}): Solr
 *       substitutes such properties into {@code ${...}} in {@code solrconfig.xml}, so they would otherwise let whoever
 *       creates a collection override the operator;
 *   <li>a model, revision or graph named by an untrusted configset;
 *   <li>{@code intraOpThreads} or {@code batchSize} in any configset: they decide how many copies of a model a node
 *       holds and how much memory one call takes, which is the operator's business ({@code clir.intraOpThreads},
 *       {@code clir.batchSize}).
 * </ul>
 *
 * <p>Whether the chosen model may be downloaded is the node's {@link NodeSettings.Downloads}, applied by
 * {@link ModelConfig#resolve}.
 */
final class ModelChoice {
  private final String model;
  private final String revision;
  private final Boolean quantized;

  private ModelChoice(String model, String revision, Boolean quantized) {
    this.model = model;
    this.revision = revision;
    this.quantized = quantized;
  }

  /** Reads and removes a plugin's model settings from its {@code solrconfig.xml} arguments. */
  static ModelChoice read(NamedList<?> args, String where) {
    for (String nodeOnly : new String[] {"intraOpThreads", "batchSize"}) {
      if (args.get(nodeOnly) != null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": '" + nodeOnly + "' is a node setting (clir."
            + nodeOnly + " in solr.xml or SOLR_OPTS), not a configset's: remove it from solrconfig.xml");
      }
    }
    String model = ModelConfig.strArg(args, MODEL, null);
    String revision = ModelConfig.strArg(args, REVISION, null);
    Object q = args.get(QUANTIZED);
    Boolean quantized = q == null || q.toString().isBlank() ? null : ModelConfig.boolArg(args, QUANTIZED, false, where);
    args.remove(QUANTIZED);
    return new ModelChoice(model, revision, quantized);
  }

  /** Whether the configset names a model setting of its own. */
  boolean configsetChooses() {
    return model != null || revision != null || quantized != null;
  }

  /**
   * Chooses the model for the core that {@code loader} loads, finds (or downloads) it, and leases it from the node's
   * {@link NodeModels}.
   */
  NodeModels.Lease acquire(SolrResourceLoader loader, String where) {
    CoreContainer container = loader.getCoreContainer();
    NodeSettings node = NodeSettings.of(container);
    ModelConfig config = choose(node, loader, where);
    ModelConfig.Located located = config.resolve(container, node.downloads(), where);
    return NodeModels.acquire(located.directory(), located.overrides(), config.options());
  }

  /** The model for the core that {@code loader} loads. */
  ModelConfig choose(NodeSettings node, SolrResourceLoader loader, String where) {
    CoreContainer container = loader.getCoreContainer();
    boolean trusted = true;
    if (container != null && configsetChooses()) {
      try {
        trusted = container.getConfigSetService().isConfigSetTrusted(loader);
      } catch (IOException e) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": cannot tell whether the configset is trusted", e);
      }
    }
    Properties core = loader.getSolrConfig() == null ? new Properties() : loader.getSolrConfig().getSubstituteProperties();
    return choose(node, trusted, core, where);
  }

  /** {@link #choose(SolrResourceLoader, String)} with its inputs explicit. */
  ModelConfig choose(NodeSettings node, boolean trustedConfigset, Properties coreProperties, String where) {
    if (coreProperties != null) {
      for (String name : NodeSettings.ALL) {
        if (coreProperties.getProperty(name) != null) {
          throw new SolrException(ErrorCode.SERVER_ERROR, where + ": the collection or core property '" + name
              + "' is refused: " + name + " is chosen by the node's operator (solr.xml <property name=\"" + name
              + "\" .../> or -D" + name + " in SOLR_OPTS), not by whoever creates a collection. Create the collection "
              + "without property." + name + ".");
        }
      }
    }
    if (!configsetChooses()) {
      if (node.model() == null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": this node names no embedding model. Its operator "
            + "sets one in SOLR_OPTS (-D" + NodeSettings.MODEL + "=intfloat/multilingual-e5-small, or a directory) or in "
            + "solr.xml (<property name=\"" + NodeSettings.MODEL + "\" value=\"...\"/>).");
      }
      return node.model();
    }
    if (!trustedConfigset) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": the configset names its own model settings "
          + "(<str name=\"" + MODEL + "\">, \"" + REVISION + "\" or \"" + QUANTIZED + "\"), but it is untrusted (uploaded "
          + "through the Configsets API without authentication), and an untrusted configset cannot choose the model. "
          + "Remove those settings to use the node's model (" + NodeSettings.MODEL + "), or have the configset "
          + "uploaded as trusted.");
    }
    if (model == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": '" + REVISION + "' or '" + QUANTIZED + "' without "
          + "<str name=\"" + MODEL + "\">: name the model too, or set " + NodeSettings.REVISION + " / "
          + NodeSettings.QUANTIZED + " on the node");
    }
    return new ModelConfig(model, revision, quantized != null && quantized, node.options());
  }
}
