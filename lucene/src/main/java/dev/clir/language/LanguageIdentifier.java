package dev.clir.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Which language a question is in, among the languages a caller can act on (ISO 639-1 codes such as {@code pt}):
 * Apache OpenNLP's language detector with its pretrained model (langdetect-183, 103 languages). Choosing among the
 * caller's languages rather than all 103 is what makes it reliable on one-line questions: unrestricted, it calls a
 * quarter of Tatoeba's short Swahili sentences Malagasy, Maori or Tagalog and some Portuguese ones Galician.
 *
 * <p>A script that only one candidate language is written in decides without the model (Thai letters: {@code th}),
 * and the model, 10 MB that take about a second to read, is loaded once per JVM, on first need or ahead of it with
 * {@link #warmUp()}. Thread-safe.
 */
public final class LanguageIdentifier {
  /** What {@link #identify} returns for a text without letters, or when no candidate is given. */
  public static final String UNDETERMINED = "und";
  /** The model inside the opennlp-models-langdetect jar. */
  static final String MODEL_RESOURCE = "/langdetect-183.bin";

  /** Scripts used by one language only, among those a caller may ask for. */
  private static final Map<UnicodeScript, String> SCRIPT_LANGUAGE = new EnumMap<>(Map.of(
      UnicodeScript.THAI, "th", UnicodeScript.LAO, "lo", UnicodeScript.KHMER, "km", UnicodeScript.GEORGIAN, "ka",
      UnicodeScript.ARMENIAN, "hy", UnicodeScript.GREEK, "el", UnicodeScript.HEBREW, "he", UnicodeScript.HANGUL, "ko"));

  /** ISO 639-3 (the model's codes) to ISO 639-1, from the JDK's locale tables. */
  private static final Map<String, String> TWO_LETTER = twoLetterCodes();

  private static final CompletableFuture<LanguageDetectorME> DETECTOR = new CompletableFuture<>();
  private static volatile boolean loading;

  private LanguageIdentifier() {}

  /**
   * Starts reading the model on a background thread, so that a later {@link #identify} does not wait for it (a
   * one-shot query loads its embedding model meanwhile). Does nothing after the first call.
   */
  public static void warmUp() {
    if (startLoading()) {
      Thread t = new Thread(LanguageIdentifier::load, "clir-language-model");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * The language of {@code text} among {@code candidates} (ISO 639-1 codes, lower case), or {@link #UNDETERMINED}
   * when the text has no letters or there are no candidates.
   */
  public static String identify(String text, Set<String> candidates) {
    Objects.requireNonNull(text, "text");
    if (candidates.isEmpty()) {
      return UNDETERMINED;
    }
    UnicodeScript script = dominantScript(text);
    if (script == null) {
      return UNDETERMINED;
    }
    String byScript = SCRIPT_LANGUAGE.get(script);
    if (byScript != null && candidates.contains(byScript)) {
      return byScript;
    }
    if (candidates.size() == 1) {
      return candidates.iterator().next();
    }
    Language[] ranked;
    LanguageDetectorME detector = detector();
    synchronized (detector) { // its context generator is not documented as thread-safe
      ranked = detector.predictLanguages(text);
    }
    for (Language l : ranked) {
      String code = TWO_LETTER.getOrDefault(l.getLang(), l.getLang());
      if (candidates.contains(code)) {
        return code;
      }
    }
    return UNDETERMINED; // a candidate the model does not know
  }

  /** The languages the model tells apart, as ISO 639-1 codes where there is one. */
  public static Set<String> supported() {
    Set<String> out = new java.util.TreeSet<>();
    for (String code : detector().getSupportedLanguages()) {
      out.add(TWO_LETTER.getOrDefault(code, code));
    }
    return out;
  }

  private static LanguageDetectorME detector() {
    if (startLoading()) {
      load();
    }
    try {
      return DETECTOR.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static synchronized boolean startLoading() {
    if (loading) {
      return false;
    }
    loading = true;
    return true;
  }

  private static void load() {
    try (InputStream in = LanguageIdentifier.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the language model " + MODEL_RESOURCE
            + " is missing from the class path (org.apache.opennlp:opennlp-models-langdetect)");
      }
      DETECTOR.complete(new LanguageDetectorME(new LanguageDetectorModel(in)));
    } catch (IOException e) {
      DETECTOR.completeExceptionally(new UncheckedIOException("cannot read the language model " + MODEL_RESOURCE, e));
    } catch (RuntimeException e) {
      DETECTOR.completeExceptionally(e);
    }
  }

  /** The script of most letters of {@code text}, ignoring shared ones (digits, punctuation, marks); null if none. */
  static UnicodeScript dominantScript(String text) {
    Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
    text.codePoints().filter(Character::isLetter).forEach(cp -> {
      UnicodeScript s = UnicodeScript.of(cp);
      if (s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED && s != UnicodeScript.UNKNOWN) {
        counts.merge(s, 1, Integer::sum);
      }
    });
    UnicodeScript best = null;
    int most = 0;
    for (Map.Entry<UnicodeScript, Integer> e : counts.entrySet()) {
      if (e.getValue() > most) { // EnumMap order breaks ties deterministically
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  private static Map<String, String> twoLetterCodes() {
    Map<String, String> m = new HashMap<>();
    for (String two : Locale.getISOLanguages()) {
      try {
        m.put(Locale.of(two).getISO3Language(), two);
      } catch (java.util.MissingResourceException e) {
        // no three-letter code for it: the model cannot name it either
      }
    }
    return Map.copyOf(m);
  }
}
