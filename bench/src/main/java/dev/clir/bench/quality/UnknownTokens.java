package dev.clir.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The id of a tokenizer's unknown token, read from its Hugging Face {@code tokenizer.json}: WordPiece and BPE name
 * it ({@code model.unk_token}, looked up in {@code model.vocab}), Unigram gives its index ({@code model.unk_id}).
 * The share of questions' tokens that are unknown shows how much of a language a model's vocabulary can see.
 */
final class UnknownTokens {
  private UnknownTokens() {}

  static OptionalLong id(Path tokenizerJson) {
    if (tokenizerJson == null || !Files.isRegularFile(tokenizerJson)) {
      return OptionalLong.empty();
    }
    try {
      JsonNode model = new ObjectMapper().readTree(tokenizerJson.toFile()).path("model");
      if (model.path("unk_id").canConvertToLong()) {
        return OptionalLong.of(model.path("unk_id").asLong());
      }
      String unk = model.path("unk_token").asText(null);
      JsonNode vocab = model.path("vocab");
      if (unk != null && vocab.isObject() && vocab.path(unk).canConvertToLong()) {
        return OptionalLong.of(vocab.path(unk).asLong());
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }
}
