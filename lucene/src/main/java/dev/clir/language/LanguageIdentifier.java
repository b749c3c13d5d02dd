package dev.clir.language;

import dev.clir.model.CacheLocations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Which language a question is in, among the languages a caller can act on (ISO 639-1 codes such as {@code pt}):
 * Apache OpenNLP's language detector with its pretrained model (langdetect-183, 103 languages). Choosing among the
 * caller's languages rather than all 103 is what makes it reliable on one-line questions: unrestricted, it calls a
 * quarter of Tatoeba's short Swahili sentences Malagasy, Maori or Tagalog and some Portuguese ones Galician.
 *
 * <p>A script that only one candidate language is written in decides without the model (Thai letters: {@code th}).
 * The model is cut down to each set of candidates asked for and kept so in clir's cache ({@link CandidateLanguageModel}):
 * the full model, 10 MB, takes most of a second to read, the cut one a few tens of milliseconds. Each is loaded once
 * per JVM, on first need or ahead of it with {@link #warmUp(Set)}. Thread-safe.
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

  /** The model with all its languages, read when a candidate set is first cut from it or {@link #supported()} asks. */
  private static final Loading<LanguageDetectorModel> FULL = new Loading<>(LanguageIdentifier::readFullModel);
  /** A detector per candidate set (empty where the model knows none of the candidates). */
  private static final Map<Set<String>, Loading<Optional<LanguageDetectorME>>> DETECTORS = new ConcurrentHashMap<>();

  private LanguageIdentifier() {}

  /**
   * Starts reading the model for {@code candidates} on a background thread, so that a later {@link #identify} with
   * them does not wait for it (a one-shot query loads its embedding model meanwhile). Does nothing after the first
   * call for the same candidates.
   */
  public static void warmUp(Set<String> candidates) {
    if (candidates.size() > 1) {
      detectorFor(candidates).startInBackground();
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
    Optional<LanguageDetectorME> loaded = detectorFor(candidates).get();
    if (loaded.isEmpty()) {
      return UNDETERMINED; // no candidate the model knows
    }
    LanguageDetectorME detector = loaded.get();
    Language[] ranked;
    synchronized (detector) { // its context generator is not documented as thread-safe
      ranked = detector.predictLanguages(text);
    }
    for (Language l : ranked) {
      String code = twoLetter(l.getLang());
      if (candidates.contains(code)) {
        return code;
      }
    }
    return UNDETERMINED; // a candidate the model does not know
  }

  /** The languages the model tells apart, as ISO 639-1 codes where there is one. */
  public static Set<String> supported() {
    Set<String> out = new java.util.TreeSet<>();
    for (String code : new LanguageDetectorME(FULL.get()).getSupportedLanguages()) {
      out.add(twoLetter(code));
    }
    return out;
  }

  private static Loading<Optional<LanguageDetectorME>> detectorFor(Set<String> candidates) {
    Set<String> key = Set.copyOf(candidates);
    return DETECTORS.computeIfAbsent(key, k -> new Loading<>(() -> Optional.ofNullable(
        CandidateLanguageModel.load(k, CacheLocations.ofThisUser().clirCache("language"), FULL::get))
        .map(LanguageDetectorME::new)));
  }

  private static LanguageDetectorModel readFullModel() {
    try (InputStream in = LanguageIdentifier.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the language model " + MODEL_RESOURCE
            + " is missing from the class path (org.apache.opennlp:opennlp-models-langdetect)");
      }
      return new LanguageDetectorModel(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the language model " + MODEL_RESOURCE, e);
    }
  }

  /** Something loaded once, by the first caller or ahead of it on a daemon thread; its failure is every caller's. */
  private static final class Loading<T> {
    private final Supplier<T> loader;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();

    Loading(Supplier<T> loader) {
      this.loader = loader;
    }

    void startInBackground() {
      if (started.compareAndSet(false, true)) {
        Thread t = new Thread(this::load, "clir-language-model");
        t.setDaemon(true);
        t.start();
      }
    }

    T get() {
      if (started.compareAndSet(false, true)) {
        load();
      }
      try {
        return result.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    private void load() {
      try {
        result.complete(loader.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
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

  /** The ISO 639-1 code of one of the model's codes (ISO 639-3), or the code itself where there is none. */
  static String twoLetter(String modelCode) {
    return TWO_LETTER.getOrDefault(modelCode, modelCode);
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
