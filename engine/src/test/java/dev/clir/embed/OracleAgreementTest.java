package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import dev.clir.model.Fingerprint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against an independent implementation: testdata/oracle/embed.mjs embeds the same sentences
 * from the same files with a JavaScript tokenizer and onnxruntime-node of the same version. One text per
 * call on both sides, because the int8 graph's per-tensor activation quantization depends on the batch.
 */
class OracleAgreementTest {
  private static JsonNode oracle;

  @BeforeAll
  static void load() throws IOException {
    oracle = new ObjectMapper().readTree(oracleFile().toFile());
  }

  private static Path oracleFile() {
    return TestModel.projectRoot().resolve("testdata/oracle/e5-small-v2-q.expected.json");
  }

  static Stream<JsonNode> items() throws IOException {
    if (oracle == null) {
      load();
    }
    return Stream.iterate(0, i -> i < oracle.get("items").size(), i -> i + 1).map(i -> oracle.get("items").get(i));
  }

  @Test
  void theOracleWasComputedFromTheseVeryFiles() {
    String fingerprintInput = oracle.get("model_sha256").asText();
    assertThat(Fingerprint.of(List.of(TestModel.dir().resolve("model.onnx"))))
        .isEqualTo("sha256:" + fingerprintInput);
    assertThat(Fingerprint.of(List.of(TestModel.dir().resolve("tokenizer.json"))))
        .isEqualTo("sha256:" + oracle.get("tokenizer_sha256").asText());
    assertThat(oracle.get("items").size()).isGreaterThanOrEqualTo(20);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("items")
  void sameTokensAndSameVector(JsonNode item) {
    TextKind kind = TextKind.valueOf(item.get("kind").asText().toUpperCase(Locale.ROOT));
    String text = item.get("text").asText();
    Embedder embedder = TestModel.embedder();

    long[] expectedIds = new long[item.get("input_ids").size()];
    for (int i = 0; i < expectedIds.length; i++) {
      expectedIds[i] = item.get("input_ids").get(i).asLong();
    }
    HfTextTokenizer tokenizer = (HfTextTokenizer) embedder.tokenizer();
    assertThat(tokenizer.encodeForModel(kind, List.of(text))[0].getIds()).containsExactly(expectedIds);

    Embeddings e = embedder.embed(kind, List.of(text));
    assertThat(e.truncated()[0]).isEqualTo(item.get("truncated").asBoolean());
    float[] expected = new float[item.get("vector").size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) item.get("vector").get(i).asDouble();
    }
    assertThat(VectorMath.cosine(e.vector(0), expected)).isGreaterThanOrEqualTo(0.999);
  }
}
