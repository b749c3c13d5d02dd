package dev.clir.solr;

import dev.clir.embed.EmbedderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.CoreContainer;

/**
 * Which model a clir plugin uses and how it runs, as written in {@code solrconfig.xml}:
 *
 * <pre>{@code
 * <str name="model">/opt/models/multilingual-e5-small</str>  <!-- a model directory; relative = under SOLR_HOME -->
 * <int name="intraOpThreads">0</int>                          <!-- ONNX Runtime threads per call, 0 = all cores -->
 * <int name="batchSize">32</int>                              <!-- passages per ONNX call -->
 * }</pre>
 *
 * <p>The model is only ever named here, never by a request. Its directory must lie under a path Solr allows
 * ({@code SOLR_HOME}, the data home, or {@code -Dsolr.allowPaths=...}), so that a configset uploaded through the API
 * cannot make a node read arbitrary files either.
 *
 * <p>Only a directory is accepted for now: resolving a Hugging Face id such as {@code intfloat/multilingual-e5-small}
 * (download or cache look-up) is the engine's job and will come from it later.
 *
 * @param model the directory as configured
 * @param options how ONNX Runtime runs it
 */
public record ModelConfig(String model, EmbedderOptions options) {
  public static final String MODEL = "model";
  public static final String INTRA_OP_THREADS = "intraOpThreads";
  public static final String BATCH_SIZE = "batchSize";

  public ModelConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
  }

  /** Reads and removes the model settings from a plugin's init args; {@code where} names the plugin in errors. */
  public static ModelConfig from(NamedList<?> args, String where) {
    Object model = args.remove(MODEL);
    if (model == null || model.toString().isBlank()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": <str name=\"" + MODEL + "\"> is required: the "
          + "directory of an ONNX sentence-embedding model (tokenizer.json + model.onnx), e.g. "
          + "<str name=\"model\">${clir.model.dir}</str> with -Dclir.model.dir=/opt/models/multilingual-e5-small");
    }
    EmbedderOptions.Builder options = EmbedderOptions.DEFAULTS.toBuilder();
    Integer threads = intArg(args, INTRA_OP_THREADS, where);
    if (threads != null) {
      options.intraOpThreads(threads);
    }
    Integer batch = intArg(args, BATCH_SIZE, where);
    if (batch != null) {
      options.batchSize(batch);
    }
    try {
      return new ModelConfig(model.toString().strip(), options.build());
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model directory on this node: absolute, or relative to {@code SOLR_HOME}; checked against Solr's allowed
   * paths when a {@link CoreContainer} is given.
   */
  public Path resolve(CoreContainer container, String where) {
    Path dir = Path.of(model);
    if (!dir.isAbsolute()) {
      if (container == null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": model path '" + model + "' must be absolute here");
      }
      dir = Path.of(container.getSolrHome()).resolve(dir);
    }
    dir = dir.toAbsolutePath().normalize();
    if (container != null) {
      try {
        container.assertPathAllowed(dir);
      } catch (SolrException e) {
        throw new SolrException(ErrorCode.SERVER_ERROR, where + ": the model directory " + dir + " is outside the paths "
            + "this Solr node may read. Add it to solr.allowPaths (SOLR_OPTS=\"$SOLR_OPTS -Dsolr.allowPaths=" + dir
            + "\") or place the model under SOLR_HOME. (" + e.getMessage() + ")", e);
      }
    }
    if (!Files.isDirectory(dir)) {
      String hint = looksLikeHubId(model)
          ? " '" + model + "' looks like a Hugging Face model id: this version of clir-solr takes a model directory "
              + "only (download the model, e.g. with `huggingface-cli download " + model + "`, and name its directory)."
          : " Name the directory that holds tokenizer.json and model.onnx.";
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": model directory " + dir + " does not exist." + hint);
    }
    return dir;
  }

  private static boolean looksLikeHubId(String s) {
    return s.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*") && !s.startsWith(".");
  }

  static Integer intArg(NamedList<?> args, String name, String where) {
    Object v = args.remove(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, where + ": " + name + " must be an integer, not '" + v + "'");
    }
  }

  static String strArg(NamedList<?> args, String name, String fallback) {
    Object v = args.remove(name);
    return v == null || v.toString().isBlank() ? fallback : v.toString().strip();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
