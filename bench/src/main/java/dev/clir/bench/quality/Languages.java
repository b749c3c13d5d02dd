package dev.clir.bench.quality;

import java.util.Map;

/** Language codes of the public sets (ISO 639-3, FLORES {@code por_Latn}) mapped to the ISO 639-1 codes clir uses. */
final class Languages {
  static final String ENGLISH = "en";

  private static final Map<String, String> TWO_LETTER = Map.of(
      "eng", "en", "por", "pt", "tha", "th", "swh", "sw", "swa", "sw");
  private static final Map<String, String> NAMES = Map.of(
      "en", "English", "pt", "Portuguese", "th", "Thai", "sw", "Swahili");

  private Languages() {}

  /** {@code por} or {@code por_Latn} to {@code pt}; unknown codes are returned as given (script dropped). */
  static String code(String setCode) {
    String base = setCode.contains("_") ? setCode.substring(0, setCode.indexOf('_')) : setCode;
    return TWO_LETTER.getOrDefault(base, base);
  }

  /** {@code pt} to {@code Portuguese}; unknown codes are returned as given. */
  static String name(String code) {
    return NAMES.getOrDefault(code, code);
  }
}
