package dev.clir.embed;

/**
 * The model's tokenizer as the rest of clir needs it: token counts and character offsets, without the
 * special tokens and without truncation, so that callers can cut long text into passages that fit.
 */
public interface TextTokenizer {

  /** Tokenizes {@code text} as is (no prefix, no special tokens, no truncation). */
  TokenSpans tokenize(String text);

  /**
   * Tokens the model will see for {@code text} embedded as {@code kind}: prefix and special tokens included, after
   * truncation (so at most the maximum sequence length; use {@link #tokenize} for the untruncated count).
   */
  int countTokens(TextKind kind, String text);

  /**
   * How many content tokens a passage may have so that, with the passage prefix and the special tokens,
   * it still fits the model's maximum sequence length.
   */
  int passageTokenBudget();

  /**
   * How many tokens of {@code text} the vocabulary does not know (its unknown token, e.g. {@code [UNK]} or
   * {@code <unk>}): text mostly made of them carries little meaning for the model (Thai for an English model).
   * 0 when the tokenizer has no unknown token.
   */
  default int unknownTokens(String text) {
    return 0;
  }
}
