package dev.clir.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A model's {@code tokenizer.json}, run by the Hugging Face tokenizers library through DJL. Two native
 * instances: one as the model sees text (prefix, special tokens, truncation at the maximum length) and one
 * raw (no special tokens, no truncation) for offsets and passage cutting.
 */
final class HfTextTokenizer implements TextTokenizer, AutoCloseable {
  /** DJL's switch for its usage tracking (docs: "Usage Tracking"), read from the environment, then system properties. */
  static final String DJL_TRACKING = "OPT_OUT_TRACKING";
  private final HuggingFaceTokenizer forModel;
  private final HuggingFaceTokenizer raw;
  private final ModelSettings settings;
  private final int specialTokens;
  /** Id of the vocabulary's unknown token, or -1 when it has none that can be recognised. */
  private final long unknownId;

  HfTextTokenizer(ModelSettings settings) {
    this.settings = settings;
    // DJL silently caps maxLength at modelMaxLength (default 512), so both are set.
    String max = Integer.toString(settings.maxSeqLength());
    this.forModel = load(settings, Map.of("addSpecialTokens", "true", "truncation", "true", "padding", "false",
        "maxLength", max, "modelMaxLength", max));
    this.raw = load(settings, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    this.specialTokens = forModel.encode("").getIds().length;
    this.unknownId = unknownId(raw);
  }

  /** The unknown token is one of the tokenizer's special tokens, matched whole in text: WordPiece's or SentencePiece's. */
  private static long unknownId(HuggingFaceTokenizer raw) {
    for (String unk : List.of("[UNK]", "<unk>")) {
      Encoding e = raw.encode(unk);
      if (e.getIds().length == 1 && e.getTokens()[0].equals(unk)) {
        return e.getIds()[0];
      }
    }
    return -1;
  }

  @Override
  public int unknownTokens(String text) {
    if (unknownId < 0) {
      return 0;
    }
    int n = 0;
    for (long id : raw.encode(text).getIds()) {
      if (id == unknownId) {
        n++;
      }
    }
    return n;
  }

  private static HuggingFaceTokenizer load(ModelSettings settings, Map<String, String> options) {
    optOutOfDjlTracking();
    try {
      return HuggingFaceTokenizer.newInstance(settings.tokenizerFile(), options);
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot load tokenizer " + settings.tokenizerFile() + ": " + e.getMessage()
          + ". It must be a Hugging Face fast-tokenizer file (tokenizer.json); re-save it with a current transformers version.", e);
    }
  }

  /**
   * DJL calls home from every tokenizer load ({@code Ec2Utils.callHome}): HTTP requests to the cloud instance-metadata
   * address, each with a 1 s time-out where that address drops packets, and on AWS a report of the instance to DJL's
   * makers. clir's users did not ask for either; DJL's documented switch turns it off unless the user set it
   * ({@code OPT_OUT_TRACKING=false} in the environment or as a system property brings it back).
   */
  static void optOutOfDjlTracking() {
    if (System.getenv(DJL_TRACKING) == null && System.getProperty(DJL_TRACKING) == null) {
      System.setProperty(DJL_TRACKING, "true");
    }
  }

  /** Encodes texts exactly as the model will see them: prefix, special tokens, truncation. */
  Encoding[] encodeForModel(TextKind kind, List<String> texts) {
    String prefix = prefix(kind);
    String[] prefixed = new String[texts.size()];
    for (int i = 0; i < prefixed.length; i++) {
      prefixed[i] = prefix + texts.get(i);
    }
    return forModel.batchEncode(prefixed);
  }

  String prefix(TextKind kind) {
    return kind == TextKind.QUERY ? settings.queryPrefix() : settings.passagePrefix();
  }

  @Override
  public TokenSpans tokenize(String text) {
    Encoding e = raw.encode(text);
    CharSpan[] spans = e.getCharTokenSpans();
    int[] utf16 = utf16Offsets(text);
    int[] starts = new int[spans.length];
    int[] ends = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      // DJL reports null spans for tokens it cannot map back to the text; keep them zero-width at the previous end.
      if (spans[i] == null) {
        starts[i] = ends[i] = i == 0 ? 0 : ends[i - 1];
      } else {
        starts[i] = utf16[Math.min(spans[i].getStart(), utf16.length - 1)];
        ends[i] = utf16[Math.min(spans[i].getEnd(), utf16.length - 1)];
      }
    }
    return new TokenSpans(text, e.getIds(), starts, ends);
  }

  /**
   * DJL's spans count code points, Java strings count UTF-16 units: {@code result[cp]} is the UTF-16 index of
   * code point {@code cp} (and of the end, at {@code cp == count}). Without it every emoji shifts later offsets.
   */
  private static int[] utf16Offsets(String text) {
    int[] out = new int[text.codePointCount(0, text.length()) + 1];
    int cp = 0;
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      out[cp++] = i;
    }
    out[cp] = text.length();
    return out;
  }

  @Override
  public int countTokens(TextKind kind, String text) {
    return forModel.encode(prefix(kind) + text).getIds().length;
  }

  @Override
  public int passageTokenBudget() {
    int prefixTokens = settings.passagePrefix().isEmpty() ? 0 : raw.encode(settings.passagePrefix()).getIds().length;
    return Math.max(1, settings.maxSeqLength() - specialTokens - prefixTokens);
  }

  @Override
  public void close() {
    forModel.close();
    raw.close();
  }
}
