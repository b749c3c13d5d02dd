package dev.clir.solr;

import dev.clir.embed.EmbedderOptions;
import dev.clir.model.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.core.CoreContainer;

/**
 * What the node's operator decides about clir, and nobody else: which model the node runs, how it runs, and whether
 * and what it may download. Read from the node's configuration only, never from a configset or a collection:
 * {@code solr.xml} ({@code <property name="clir.model" value="..."/>} under {@code <solr>}) or a system property in
 * {@code SOLR_OPTS} ({@code -Dclir.model=...}), in that order.
 *
 * <ul>
 *   <li>{@code clir.model}: a model directory or a Hugging Face id; {@code clir.model.revision},
 *       {@code clir.model.quantized};
 *   <li>{@code clir.intraOpThreads} (ONNX Runtime threads per call, 0 = all cores), {@code clir.batchSize};
 *   <li>{@code clir.download} ({@code false}): whether the node may download a model that is in none of its caches;
 *       {@code clir.download.allow}: the ids it may download, comma-separated, {@code *} matching any run of
 *       characters ({@code intfloat/*}); when empty, only {@code clir.model}; {@code clir.download.maxBytes}
 *       ({@code 2g}): the most one model's files may add up to.
 * </ul>
 *
 * @param model the node's model; null when the node names none
 * @param options how ONNX Runtime runs every model on this node
 * @param downloads what the node may download
 */
public record NodeSettings(ModelConfig model, EmbedderOptions options, Downloads downloads) {
  public static final String MODEL = "clir.model";
  public static final String REVISION = "clir.model.revision";
  public static final String QUANTIZED = "clir.model.quantized";
  public static final String INTRA_OP_THREADS = "clir.intraOpThreads";
  public static final String BATCH_SIZE = "clir.batchSize";
  public static final String DOWNLOAD = "clir.download";
  public static final String DOWNLOAD_ALLOW = "clir.download.allow";
  public static final String DOWNLOAD_MAX_BYTES = "clir.download.maxBytes";
  /** Every setting above: none of them may come from a collection or core property. */
  public static final List<String> ALL = List.of(MODEL, REVISION, QUANTIZED, INTRA_OP_THREADS, BATCH_SIZE, DOWNLOAD,
      DOWNLOAD_ALLOW, DOWNLOAD_MAX_BYTES);
  static final long DEFAULT_MAX_BYTES = 2L << 30;
  static final String WHERE = "clir node settings";

  /**
   * Whether and what this node may download.
   *
   * @param enabled {@code clir.download}
   * @param allowed {@code clir.download.allow} as patterns over ids (the node's own id when the setting is empty)
   * @param maxBytes {@code clir.download.maxBytes}
   */
  public record Downloads(boolean enabled, List<String> allowed, long maxBytes) {
    public static final Downloads NONE = new Downloads(false, List.of(), DEFAULT_MAX_BYTES);

    public Downloads {
      allowed = List.copyOf(allowed);
      if (maxBytes <= 0) {
        throw new IllegalArgumentException(DOWNLOAD_MAX_BYTES + " must be positive, not " + maxBytes);
      }
    }

    /** Whether the id (without {@code @REVISION}) may be downloaded. */
    public boolean permits(String id) {
      if (!enabled) {
        return false;
      }
      for (String pattern : allowed) {
        if (glob(pattern).matcher(id).matches()) {
          return true;
        }
      }
      return false;
    }

    private static Pattern glob(String pattern) {
      StringBuilder re = new StringBuilder();
      for (String part : pattern.split("\\*", -1)) {
        if (re.length() > 0) {
          re.append(".*");
        }
        re.append(Pattern.quote(part));
      }
      return Pattern.compile(re.toString());
    }
  }

  /** This node's settings: {@code solr.xml} properties, then system properties. */
  public static NodeSettings of(CoreContainer container) {
    return of(container == null || container.getNodeConfig() == null ? null
        : container.getNodeConfig().getSolrProperties());
  }

  /** The settings from {@code solr.xml}'s properties ({@code NodeConfig.getSolrProperties()}), then system properties. */
  static NodeSettings of(Properties xml) {
    return read(name -> {
      String v = xml == null ? null : xml.getProperty(name);
      return v != null ? v : System.getProperty(name);
    });
  }

  /** The settings as {@code lookup} gives them (null or blank: not set). */
  static NodeSettings read(UnaryOperator<String> lookup) {
    String model = value(lookup, MODEL);
    EmbedderOptions.Builder options = EmbedderOptions.DEFAULTS.toBuilder();
    try {
      String threads = value(lookup, INTRA_OP_THREADS);
      if (threads != null) {
        options.intraOpThreads(integer(INTRA_OP_THREADS, threads));
      }
      String batch = value(lookup, BATCH_SIZE);
      if (batch != null) {
        options.batchSize(integer(BATCH_SIZE, batch));
      }
      EmbedderOptions built = options.build();
      boolean quantized = bool(QUANTIZED, value(lookup, QUANTIZED));
      ModelConfig config = model == null ? null : new ModelConfig(model, value(lookup, REVISION), quantized, built);
      List<String> allowed = new ArrayList<>();
      String allow = value(lookup, DOWNLOAD_ALLOW);
      if (allow != null) {
        for (String p : allow.split(",")) {
          if (!p.isBlank()) {
            allowed.add(p.strip());
          }
        }
      } else if (config != null && ModelRef.isValidId(config.id())) {
        allowed.add(config.id());
      }
      String max = value(lookup, DOWNLOAD_MAX_BYTES);
      Downloads downloads = new Downloads(bool(DOWNLOAD, value(lookup, DOWNLOAD)), allowed,
          max == null ? DEFAULT_MAX_BYTES : bytes(max));
      return new NodeSettings(config, built, downloads);
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, WHERE + ": " + e.getMessage(), e);
    }
  }

  private static String value(UnaryOperator<String> lookup, String name) {
    String v = lookup.apply(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, not '" + v + "'");
    }
  }

  private static boolean bool(String name, String v) {
    if (v == null) {
      return false;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
    }
  }

  /** A byte count: digits with an optional k, m or g (binary multiples). */
  static long bytes(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = s.charAt(s.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(s.strip()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(DOWNLOAD_MAX_BYTES + " must be a byte count such as 2147483648, 500m or 2g, "
          + "not '" + v + "'");
    }
  }
}
