package dev.clir.cli.query;

import static dev.clir.cli.query.SharedIndex.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --filter (OR within a field, AND across fields), --hybrid and --min-score. */
class FiltersAndScoresTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> hits(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--json", "-k", "14"));
    all.addAll(List.of(args));
    JsonNode out = JSON.readTree(query(all.toArray(String[]::new)).expectExit(ExitCodes.OK).out());
    List<JsonNode> hits = new ArrayList<>();
    out.get("hits").forEach(hits::add);
    return hits;
  }

  private static String meta(JsonNode hit, String key) {
    return hit.get("meta").get(key).asText();
  }

  @Test
  void filterOnOneValue() throws Exception {
    List<JsonNode> billing = hits("--filter", "category=billing", "How do I reset my password?");
    // all four billing articles, even for a question about something else, and nothing else
    assertThat(billing).extracting(h -> h.get("id").asText()).containsExactlyInAnyOrder("kb-a032", "kb-a033", "kb-a034", "kb-a040");
    assertThat(billing).allSatisfy(h -> assertThat(meta(h, "category")).isEqualTo("billing"));
  }

  @Test
  void valuesOfOneFieldAreAlternatives() throws Exception {
    List<JsonNode> hits = hits("--filter", "category=billing", "--filter", "category=shipping", "my package never arrived");
    assertThat(hits).hasSize(7);
    assertThat(hits).extracting(h -> meta(h, "category")).containsOnly("billing", "shipping");
    assertThat(meta(hits.get(0), "category")).isEqualTo("shipping");
  }

  @Test
  void differentFieldsMustAllMatch() throws Exception {
    List<JsonNode> hits = hits("--filter", "category=billing", "--filter", "product=store", "--filter", "lang=en", "payment");
    assertThat(hits).extracting(h -> h.get("id").asText()).containsExactlyInAnyOrder("kb-a034", "kb-a040");
    assertThat(hits).allSatisfy(h -> {
      assertThat(meta(h, "category")).isEqualTo("billing");
      assertThat(meta(h, "product")).isEqualTo("store");
    });
    // meta.KEY is the same field as KEY
    assertThat(hits("--filter", "meta.product=store", "--filter", "category=billing", "payment")).hasSize(2);
    // no document matches: an empty result, not an error
    assertThat(query("--filter", "category=nothing", "payment").expectExit(ExitCodes.OK).out()).contains("(no documents)");
  }

  @Test
  void hybridFindsTheArticleWithTheErrorCode() throws Exception {
    String swahili = "Malipo yangu yamekataliwa na kosa BIL-40";
    JsonNode out = JSON.readTree(query("--json", "--hybrid", "-k", "5", swahili).expectExit(ExitCodes.OK).out());
    assertThat(out.get("mode").asText()).isEqualTo("hybrid");
    assertThat(out.get("hits")).hasSize(5);
    assertThat(out.get("hits").get(0).get("id").asText()).isEqualTo("kb-a033");

    // with filters too
    List<JsonNode> store = hits("--hybrid", "--filter", "product=store", "BIL-52");
    assertThat(store).extracting(h -> h.get("id").asText()).first().isEqualTo("kb-a034");
    assertThat(store).allSatisfy(h -> assertThat(meta(h, "product")).isEqualTo("store"));
  }

  @Test
  void minScoreDropsWeakerHits() throws Exception {
    String question = "Can I still cancel my order before it ships?";
    List<JsonNode> all = hits("--mode", "vector", "--exact", question); // scores are the similarities --min-score reads
    assertThat(all).hasSize(14);
    double third = all.get(2).get("score").asDouble();
    List<JsonNode> strong = hits("--mode", "vector", "--exact", "--min-score", String.valueOf(third), question);
    assertThat(strong).extracting(h -> h.get("id").asText())
        .containsExactlyElementsOf(all.stream().filter(h -> h.get("score").asDouble() >= third).map(h -> h.get("id").asText()).toList());
    assertThat(strong).hasSizeBetween(3, 13).allSatisfy(h -> assertThat(h.get("score").asDouble()).isGreaterThanOrEqualTo(third));
    assertThat(strong.get(0).get("id").asText()).isEqualTo("kb-a055");

    assertThat(query("--min-score", "1.5", question).expectExit(ExitCodes.OK).out()).contains("(no documents)");
  }
}
