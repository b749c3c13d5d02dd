package dev.clir.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.clir.model.Fingerprint;
import dev.clir.model.FingerprintCache;
import dev.clir.model.ModelDirectory;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelSettings;
import dev.clir.model.Pooling;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs a Hugging Face sentence-embedding model exported to ONNX. The graph's inputs and outputs are read
 * from the session rather than assumed: {@code token_type_ids} is fed only when the graph has it, and an
 * already pooled {@code sentence_embedding} output is used as is.
 *
 * <p>Texts are sorted by token length and each mini-batch is padded only to its own longest text, so a
 * batch of mixed lengths costs little more than its real tokens ({@link EmbedderOptions#sortByLength()} turns
 * the sorting off, for measuring what it saves). Padding is masked, so a text's vector
 * does not depend on its batch (exactly for float graphs; dynamically quantized int8 graphs quantize
 * activations per tensor, which moves vectors by up to a few 1e-3 in cosine).
 */
public final class OnnxEmbedder implements Embedder {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  /** Outputs that hold one vector per token, in order of preference. */
  static final List<String> TOKEN_OUTPUTS = List.of("last_hidden_state", "token_embeddings");
  /** Outputs that hold one vector per text. */
  static final List<String> POOLED_OUTPUTS = List.of("sentence_embedding", "sentence_embeddings", "pooler_output_normalized");

  private final OrtEnvironment env;
  private final OrtSession session;
  /** The saved graph ONNX Runtime reads its weights from in place; null when it read the model's own file. */
  private final ByteBuffer graphBytes;
  private final HfTextTokenizer tokenizer;
  private final EmbedderOptions options;
  private final ModelInfo info;
  private final boolean feedTokenTypes;
  private final String output;
  private final boolean outputPooled;
  private final long padId;
  private final Pooling pooling;
  private final boolean normalize;
  private final List<String> graphInputs;
  private final ModelSettings settings;

  private OnnxEmbedder(ModelSettings settings, EmbedderOptions options) {
    this.options = options;
    this.settings = settings;
    // The tokenizer (its native library and tokenizer.json) loads on a second thread while ONNX Runtime's
    // environment and session load on this one: the two are independent and each is a third of a one-shot start.
    FutureTask<HfTextTokenizer> tokenizing = BackgroundLoad.start("clir-tokenizer-load", 0, () -> new HfTextTokenizer(settings));
    OrtSession opened = null;
    HfTextTokenizer loadedTokenizer = null;
    try {
      this.env = OrtEnvironments.get();
      String fingerprint = FingerprintCache.fromEnvironment().fingerprint(settings.fingerprintFiles());
      SavedGraphs.Opened graph = openSession(settings.onnxFile(), fingerprint, options);
      opened = graph.session();
      this.graphBytes = graph.mappedBytes();
      loadedTokenizer = BackgroundLoad.await(tokenizing);
      this.tokenizer = loadedTokenizer;
      Map<String, NodeInfo> inputs = opened.getInputInfo();
      Map<String, NodeInfo> outputs = opened.getOutputInfo();
      this.feedTokenTypes = checkInputs(settings.onnxFile(), inputs.keySet());
      this.graphInputs = List.copyOf(new TreeSet<>(inputs.keySet()));
      String pooledOutput = POOLED_OUTPUTS.stream().filter(outputs::containsKey).findFirst().orElse(null);
      String tokenOutput = TOKEN_OUTPUTS.stream().filter(outputs::containsKey).findFirst().orElse(null);
      if (pooledOutput != null && (settings.pooling() == Pooling.NONE || tokenOutput == null)) {
        this.output = pooledOutput;
        this.outputPooled = true;
      } else if (tokenOutput != null) {
        this.output = tokenOutput;
        this.outputPooled = false;
      } else {
        throw new ModelLoadException("ONNX graph " + settings.onnxFile() + " has outputs " + new TreeSet<>(outputs.keySet())
            + " but clir needs one of " + TOKEN_OUTPUTS + " (token vectors) or " + POOLED_OUTPUTS
            + " (pooled vectors). Export the model as a feature-extraction model (optimum-cli export onnx --task feature-extraction).");
      }
      this.session = opened;
      this.padId = padTokenId();
      this.pooling = outputPooled ? Pooling.NONE : settings.pooling();
      this.normalize = settings.normalize();
      int dimension = dimension(settings, outputs.get(output));
      this.info = new ModelInfo(settings.id(), settings.directory(), settings.onnxFile(), settings.tokenizerFile(),
          fingerprint, dimension, settings.maxSeqLength(), settings.queryPrefix(),
          settings.passagePrefix(), pooling, settings.normalize());
    } catch (OrtException e) {
      closeQuietly(opened);
      closeWhenLoaded(tokenizing, loadedTokenizer);
      throw new ModelLoadException("cannot inspect ONNX graph " + settings.onnxFile() + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(opened);
      closeWhenLoaded(tokenizing, loadedTokenizer);
      throw e;
    }
  }

  /** Closes the tokenizer after a failure elsewhere, waiting for its loader if it has not finished. */
  private static void closeWhenLoaded(FutureTask<HfTextTokenizer> tokenizing, HfTextTokenizer alreadyLoaded) {
    HfTextTokenizer t = alreadyLoaded;
    if (t == null) {
      try {
        t = BackgroundLoad.await(tokenizing);
      } catch (RuntimeException | Error ignored) {
        return; // it failed too; the first error is the one to report
      }
    }
    t.close();
  }

  /** Opens the model in {@code dir} with default options. */
  public static OnnxEmbedder open(Path dir) {
    return open(dir, ModelOverrides.NONE, EmbedderOptions.DEFAULTS);
  }

  public static OnnxEmbedder open(Path dir, ModelOverrides overrides, EmbedderOptions options) {
    return open(ModelDirectory.read(dir, overrides), options);
  }

  public static OnnxEmbedder open(ModelSettings settings, EmbedderOptions options) {
    return new OnnxEmbedder(settings, options);
  }

  private SavedGraphs.Opened openSession(Path onnxFile, String fingerprint, EmbedderOptions opts) {
    Supplier<OrtSession.SessionOptions> sessionOptions = () -> {
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      try {
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        so.setIntraOpNumThreads(opts.effectiveThreads());
        so.setInterOpNumThreads(1);
        so.addConfigEntry("session.intra_op.allow_spinning", opts.allowSpinning() ? "1" : "0");
        return so;
      } catch (OrtException e) {
        so.close();
        throw new ModelLoadException("ONNX Runtime rejects clir's session options: " + e.getMessage(), e);
      }
    };
    try {
      return opts.graphCache()
          ? SavedGraphs.inClirCache().open(env, onnxFile, fingerprint, sessionOptions)
          : new SavedGraphs.Opened(SavedGraphs.openOriginal(env, onnxFile, sessionOptions), null);
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + onnxFile + " (" + firstLine(e.getMessage())
          + "). The file may be truncated or not an ONNX graph: download or export it again.", e);
    }
  }

  private static boolean checkInputs(Path onnxFile, Set<String> inputs) {
    Set<String> unknown = new TreeSet<>(inputs);
    unknown.removeAll(List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS));
    if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK) || !unknown.isEmpty()) {
      throw new ModelLoadException("ONNX graph " + onnxFile + " has inputs " + new TreeSet<>(inputs) + "; clir feeds "
          + INPUT_IDS + " and " + ATTENTION_MASK + " (and " + TOKEN_TYPE_IDS + " when present). Export the model with "
          + "optimum (feature-extraction task) so that it takes these inputs.");
    }
    return inputs.contains(TOKEN_TYPE_IDS);
  }

  private int dimension(ModelSettings settings, NodeInfo out) throws OrtException {
    long[] shape = ((TensorInfo) out.getInfo()).getShape();
    int expectedRank = outputPooled ? 2 : 3;
    if (shape.length != expectedRank) {
      throw new ModelLoadException("ONNX output '" + output + "' of " + settings.onnxFile() + " has shape " + Arrays.toString(shape)
          + "; expected rank " + expectedRank + (outputPooled ? " [batch, dim]" : " [batch, tokens, dim]") + ".");
    }
    long last = shape[shape.length - 1];
    int dimension = last > 0 ? (int) last : run(tokenizer.encodeForModel(TextKind.PASSAGE, List.of("")))[0].length;
    if (settings.declaredDimension() > 0 && settings.declaredDimension() != dimension) {
      throw new ModelLoadException("ONNX graph " + settings.onnxFile() + " produces " + dimension + "-dimensional vectors but "
          + settings.directory().resolve("config.json") + " declares hidden_size " + settings.declaredDimension()
          + ": the graph and the config belong to different models.");
    }
    return dimension;
  }

  /** The tokenizer's padding id; padded positions are masked, so this only keeps ids in the vocabulary. */
  private long padTokenId() {
    for (String pad : List.of("[PAD]", "<pad>")) {
      TokenSpans t = tokenizer.tokenize(pad);
      if (t.size() == 1 && t.ends()[0] - t.starts()[0] == pad.length()) {
        return t.ids()[0];
      }
    }
    return 0;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The settings read from the model directory, with where each came from. */
  public ModelSettings settings() {
    return settings;
  }

  /** The graph's input names, as the session reports them. */
  public List<String> graphInputs() {
    return graphInputs;
  }

  /** The graph output clir reads, and whether it is already pooled. */
  public String graphOutput() {
    return output + (outputPooled ? " (pooled)" : " (token vectors)");
  }

  public EmbedderOptions options() {
    return options;
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    int n = texts.size();
    float[][] vectors = new float[n][];
    int[] tokenCounts = new int[n];
    boolean[] truncated = new boolean[n];
    if (n == 0) {
      return new Embeddings(vectors, tokenCounts, truncated);
    }
    Encoding[] encodings = tokenizer.encodeForModel(kind, texts);
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    if (options.sortByLength()) {
      Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    }
    int[] lengths = new int[n];
    for (int j = 0; j < n; j++) {
      lengths[j] = encodings[order[j]].getIds().length;
    }
    for (int from = 0, to; from < n; from = to) {
      to = batchEnd(lengths, from, options.batchSize(), options.batchTokens());
      Encoding[] batch = new Encoding[to - from];
      for (int j = from; j < to; j++) {
        batch[j - from] = encodings[order[j]];
      }
      float[][] out;
      try {
        out = run(batch);
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch.length + " texts: " + e.getMessage(), e);
      }
      for (int j = from; j < to; j++) {
        int i = order[j];
        vectors[i] = out[j - from];
        tokenCounts[i] = encodings[i].getIds().length;
        truncated[i] = encodings[i].exceedMaxLength();
      }
    }
    return new Embeddings(vectors, tokenCounts, truncated);
  }

  /**
   * Where the batch that starts at {@code from} ends: after {@code batchSize} texts, or before the text that would take
   * the padded size (texts x longest) over {@code batchTokens}; at least one text. {@code lengths} are in batch order.
   */
  static int batchEnd(int[] lengths, int from, int batchSize, int batchTokens) {
    int longest = 0;
    int to = from;
    while (to < lengths.length && to - from < batchSize) {
      int next = Math.max(longest, lengths[to]);
      if (to > from && (long) (to - from + 1) * next > batchTokens) {
        break;
      }
      longest = next;
      to++;
    }
    return to;
  }

  /** One ONNX call: pads to the batch's longest text, runs, pools, normalises. */
  private float[][] run(Encoding[] batch) throws OrtException {
    int rows = batch.length;
    int cols = 1;
    for (Encoding e : batch) {
      cols = Math.max(cols, e.getIds().length);
    }
    long[] ids = new long[rows * cols];
    long[] mask = new long[rows * cols];
    long[] types = new long[rows * cols];
    Arrays.fill(ids, padId);
    for (int r = 0; r < rows; r++) {
      long[] eIds = batch[r].getIds();
      long[] eTypes = batch[r].getTypeIds();
      System.arraycopy(eIds, 0, ids, r * cols, eIds.length);
      Arrays.fill(mask, r * cols, r * cols + eIds.length, 1L);
      System.arraycopy(eTypes, 0, types, r * cols, Math.min(eTypes.length, eIds.length));
    }
    long[] shape = {rows, cols};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (feedTokenTypes) {
        inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = runSession(inputs)) {
        OnnxValue value = result.get(0);
        OnnxTensor tensor = (OnnxTensor) value;
        long[] outShape = tensor.getInfo().getShape();
        FloatBuffer data = tensor.getFloatBuffer();
        float[][] pooled = outputPooled ? rowsOf(data, rows, (int) outShape[1]) : Pool.apply(pooling, data, mask, rows, cols, (int) outShape[2]);
        if (normalize) {
          for (float[] v : pooled) {
            VectorMath.normalizeInPlace(v);
          }
        }
        return pooled;
      }
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
    }
  }

  private OrtSession.Result runSession(Map<String, OnnxTensor> inputs) throws OrtException {
    try {
      return session.run(inputs, Set.of(output));
    } finally {
      Reference.reachabilityFence(graphBytes); // not unmapped while ONNX Runtime reads it
    }
  }

  private static float[][] rowsOf(FloatBuffer data, int rows, int dim) {
    float[][] out = new float[rows][dim];
    for (int r = 0; r < rows; r++) {
      data.get(r * dim, out[r]);
    }
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // already failing; the original error is what the user needs
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close ONNX session: " + e.getMessage(), e);
    } finally {
      tokenizer.close();
    }
  }

  @Override
  public String toString() {
    return "OnnxEmbedder[" + info.id() + ", dim=" + info.dimension() + ", " + info.pooling().label() + ", "
        + Fingerprint.shortForm(info.fingerprint()) + "]";
  }
}
