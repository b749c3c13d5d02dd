package dev.clir.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.Character.UnicodeScript;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The real OpenNLP model (langdetect-183) on one-line questions like those clir gets. */
class LanguageIdentifierTest {
  private static final Set<String> FOUR = Set.of("en", "pt", "th", "sw");

  @Test
  void namesTheLanguageOfShortQuestionsAmongTheCandidates() {
    assertThat(LanguageIdentifier.identify("Qual é o código de erro E-503 e como resolvo?", FOUR)).isEqualTo("pt");
    assertThat(LanguageIdentifier.identify("Malipo yangu yamekataliwa na kosa BIL-40", FOUR)).isEqualTo("sw");
    assertThat(LanguageIdentifier.identify("How do I reset my router after error E-503?", FOUR)).isEqualTo("en");
    assertThat(LanguageIdentifier.identify("ฉันลืมรหัสผ่าน E-4012", FOUR)).isEqualTo("th");
  }

  @Test
  void choosesOnlyAmongTheCandidates() {
    // Spanish is not a candidate: the closest one is named, never a language the caller has no rule for
    assertThat(LanguageIdentifier.identify("¿Dónde está la biblioteca de la universidad?", FOUR)).isIn(FOUR);
    assertThat(LanguageIdentifier.identify("¿Dónde está la biblioteca de la universidad?", Set.of("es", "pt", "en")))
        .isEqualTo("es");
    assertThat(LanguageIdentifier.identify("Qual é o código de erro?", Set.of("pt"))).isEqualTo("pt");
  }

  @Test
  void undeterminedWithoutLettersOrCandidates() {
    assertThat(LanguageIdentifier.identify("4012 ?! 42", FOUR)).isEqualTo(LanguageIdentifier.UNDETERMINED);
    assertThat(LanguageIdentifier.identify("", FOUR)).isEqualTo(LanguageIdentifier.UNDETERMINED);
    assertThat(LanguageIdentifier.identify("Qual é o código de erro?", Set.of())).isEqualTo(LanguageIdentifier.UNDETERMINED);
  }

  @Test
  void theScriptOfMostLettersIgnoringCodesAndMarks() {
    assertThat(LanguageIdentifier.dominantScript("ฉันลืมรหัสผ่าน E-4012")).isEqualTo(UnicodeScript.THAI);
    assertThat(LanguageIdentifier.dominantScript("error E-4012 ฉัน")).isEqualTo(UnicodeScript.LATIN);
    assertThat(LanguageIdentifier.dominantScript("Как сбросить пароль?")).isEqualTo(UnicodeScript.CYRILLIC);
    assertThat(LanguageIdentifier.dominantScript("4012")).isNull();
  }

  @Test
  void theModelKnowsTheProductsLanguages() {
    assertThat(LanguageIdentifier.supported()).contains("en", "pt", "th", "sw").hasSizeGreaterThan(100);
  }
}
