package dev.clir.solr;

import dev.clir.model.ModelIdentity;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.solr.cloud.CloudDescriptor;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.solr.common.cloud.ZkStateReader;
import org.apache.solr.common.util.Utils;
import org.apache.solr.core.SolrCore;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a collection refuse vectors from a model other than the one it was built with. The first clir plugin to load
 * on any core of a collection records the model's fingerprint (SHA-256 over the ONNX graph and tokenizer.json) and id;
 * every later core load compares and fails with a message that names both models when they differ.
 *
 * <p>Where the record lives:
 *
 * <ul>
 *   <li>SolrCloud: the collection's properties in ZooKeeper ({@code collectionprops.json}, the same store as the
 *       Collections API's COLLECTIONPROP action), keys {@code clir.model.*}
 *       ({@link ModelIdentity}, as an index records them). Written with a versioned compare-and-set, so two cores loading at once on two nodes
 *       with different models cannot both win. Deleting the collection deletes the record.
 *   <li>Standalone Solr: {@value #STANDALONE_FILE} in the core's data directory, beside the index it describes.
 * </ul>
 *
 * <p>To switch a collection to another model on purpose, re-index into a new collection (vectors of two models are not
 * comparable), or clear the record ({@code action=COLLECTIONPROP&name=<collection>&propertyName=clir.model.fingerprint}
 * with no value) and re-index every document.
 */
public final class ModelGuard {
  private static final Logger log = LoggerFactory.getLogger(MethodHandles.lookup().lookupClass());

  public static final String FINGERPRINT = ModelIdentity.KEY_FINGERPRINT;
  public static final String STANDALONE_FILE = "clir-model.properties";

  private ModelGuard() {}

  /** Records the model for the core's collection, or checks it against the recorded one; throws when they differ. */
  public static void verify(SolrCore core, ModelInfo model, String where) {
    CloudDescriptor cloud = core.getCoreDescriptor().getCloudDescriptor();
    if (core.getCoreContainer().isZooKeeperAware() && cloud != null) {
      verifyInZooKeeper(core.getCoreContainer().getZkController().getZkClient(), cloud.getCollectionName(), model, where);
    } else {
      verifyInFile(Path.of(core.getDataDir()).resolve(STANDALONE_FILE), core.getName(), model, where);
    }
  }

  static void verifyInZooKeeper(SolrZkClient zk, String collection, ModelInfo model, String where) {
    String path = ZkStateReader.COLLECTIONS_ZKNODE + "/" + collection + "/" + ZkStateReader.COLLECTION_PROPS_ZKNODE;
    for (int attempt = 0; ; attempt++) {
      try {
        Stat stat = new Stat();
        Map<String, String> props;
        boolean exists;
        try {
          props = toStringMap(Utils.fromJSON(zk.getData(path, null, stat, true)));
          exists = true;
        } catch (KeeperException.NoNodeException e) {
          props = new LinkedHashMap<>();
          exists = false;
        }
        if (ModelIdentity.isRecordedIn(props)) {
          check("collection '" + collection + "'", props, model, where, "the collection property " + FINGERPRINT);
          return;
        }
        props.putAll(ModelIdentity.of(model).toProperties());
        byte[] json = Utils.toJSON(props);
        if (exists) {
          zk.setData(path, json, stat.getVersion(), true);
        } else {
          zk.create(path, json, CreateMode.PERSISTENT, true);
        }
        log.info("clir: collection '{}' now records model {} ({})", collection, model.id(), model.fingerprint());
        return;
      } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException race) {
        if (attempt > 50) {
          throw new SolrException(ErrorCode.SERVER_ERROR, where + ": cannot record the model of collection '"
              + collection + "' in ZooKeeper: too much contention", race);
        }
        // another core wrote first: read again and compare with what it recorded
      } catch (KeeperException e) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": cannot read or record the model of collection '"
            + collection + "' in ZooKeeper (" + path + "): " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": interrupted while checking the model record", e);
      }
    }
  }

  static synchronized void verifyInFile(Path file, String coreName, ModelInfo model, String where) {
    try {
      if (Files.isRegularFile(file)) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
          p.load(in);
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> recorded.put(k, p.getProperty(k)));
        if (ModelIdentity.isRecordedIn(recorded)) {
          check("core '" + coreName + "'", recorded, model, where, STANDALONE_FILE + " in the core's data directory");
          return;
        }
      }
      Files.createDirectories(file.getParent());
      Properties p = new Properties();
      ModelIdentity.of(model).toProperties().forEach(p::setProperty);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "the embedding model this core's vectors come from (clir-solr); do not edit");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": cannot read or write the model record " + file, e);
    }
  }

  private static void check(String what, Map<String, String> recorded, ModelInfo model, String where,
      String recordLocation) {
    try {
      ModelIdentity.fromProperties(recorded).verifyCompatible(ModelIdentity.of(model), what, false, null);
    } catch (ModelMismatchException | IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": " + e.getMessage() + " (Recorded in " + recordLocation
          + ".)");
    }
  }

  private static Map<String, String> toStringMap(Object json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    }
    return out;
  }
}
