package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FIELD=VALUE filters: one field's values OR, fields AND; the document's names (id, lang, meta keys). */
class MetadataFilterTest {
  @Test
  void valuesOfOneFieldAreAlternativesAndFieldsMustAllMatch() {
    MetadataFilter f = MetadataFilter.parse(List.of("category=billing", "category = account", "meta.product=hub", "lang=en"));
    assertThat(f.fields()).containsExactly("category", "product", "lang");
    assertThat(f.toQuery().toString())
        .isEqualTo("#(meta.category:billing meta.category:account) #(meta.product:hub) #(lang:en)");
    assertThat(MetadataFilter.parse(List.of()).toQuery()).isNull();
    assertThat(MetadataFilter.parse(List.of()).isEmpty()).isTrue();
  }

  @Test
  void anythingButFieldEqualsValueIsRefusedNamingIt() {
    for (String bad : List.of("category", "=billing", "category=", " =x", "x= ")) {
      assertThatThrownBy(() -> MetadataFilter.parse(List.of("lang=en", bad))).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + bad + "' (expected FIELD=VALUE, e.g. category=billing)");
    }
  }
}
